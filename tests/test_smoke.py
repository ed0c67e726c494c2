def test_healthz_answers_after_a_database_round_trip(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_registry_fixture_builds(reg):
    assert reg.branch_a1.path.startswith(reg.oc_a.path)
    assert reg.member.branch == reg.branch_a1
