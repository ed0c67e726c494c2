"""Open-challenge pages: publish, apply, appoint, milestones, acceptance; with outsiders and bad input."""
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.accounts.models import Role
from dangjian.audit.models import AuditEntry
from dangjian.challenges import rules, services
from dangjian.challenges.models import Application, ChallengeProject, Milestone, Review

from .factories import make_user

TODAY = date.today()        # the suite's frozen day (tests/clock.py)
PDF = b"%PDF-1.7\n" + b"x" * 2000


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def project(**kw):
    defaults = {"title": "机关党建服务保障营商环境", "description": "围绕中心工作攻坚", "requirements": "有基础",
                "apply_by": TODAY + timedelta(days=10), "starts_on": TODAY + timedelta(days=30)}
    return ChallengeProject.objects.create(**(defaults | kw))


def closed_project(reg, *units):
    p = project(title="已截止项目", apply_by=TODAY - timedelta(days=5), starts_on=TODAY + timedelta(days=20))
    apps = [Application.objects.create(project=p, unit=u, plan=f"{u.name}的方案") for u in units]
    return p, apps


def running_project(reg):
    return project(title="实施中项目", apply_by=TODAY - timedelta(days=60), starts_on=TODAY - timedelta(days=30),
                   decided=rules.APPOINTED, lead_unit=reg.unit_a)


def unit_b_admin(reg):
    return make_user("unitb", Role.UNIT_ADMIN, org=reg.oc_b)


def test_anonymous_is_sent_to_sign_in(client, reg):
    p = project()
    for url in ("/challenges/", f"/challenges/{p.pk}/", f"/challenges/{p.pk}/apply/", "/challenges/new/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_those_without_the_permission_get_403(login, reg):
    p = project()
    for user in (reg.secretary, reg.member_user, reg.auditor):
        client = login(user)
        assert client.get("/challenges/").status_code == 403
        assert client.get(f"/challenges/{p.pk}/").status_code == 403
    client = login(reg.unit_admin)
    assert client.get("/challenges/new/").status_code == 403           # only the committee publishes
    assert client.post(f"/challenges/{running_project(reg).pk}/review/", {"result": "pass", "comment": "好"}
                       ).status_code == 403
    assert login(reg.committee).get(f"/challenges/{p.pk}/apply/").status_code == 403   # the committee does not apply


def test_the_committee_publishes_and_a_unit_applies_once(login, reg, media):
    client = login(reg.committee)
    response = client.post("/challenges/new/", {
        "title": "党建引领基层治理", "description": "说明", "requirements": "要求",
        "apply_by": (TODAY + timedelta(days=7)).isoformat(), "starts_on": (TODAY + timedelta(days=21)).isoformat()})
    assert response.status_code == 302
    p = ChallengeProject.objects.get(title="党建引领基层治理")
    assert AuditEntry.objects.filter(action="challenge.publish", object_id=str(p.pk)).exists()
    unit = login(reg.unit_admin)
    html = unit.get("/challenges/").content.decode()
    assert "党建引领基层治理" in html and "报名中" in html
    response = unit.post(f"/challenges/{p.pk}/apply/", {"unit": reg.unit_a.pk, "plan": "我们的方案",
                                                        "file": SimpleUploadedFile("方案.pdf", PDF)})
    assert response.status_code == 302
    application = Application.objects.get(project=p)
    assert application.unit == reg.unit_a and application.file_name == "方案.pdf"
    assert f"/challenges/{p.pk}/apply/" in html
    assert f"/challenges/{p.pk}/apply/" not in unit.get("/challenges/").content.decode()   # applied already
    again = unit.post(f"/challenges/{p.pk}/apply/", {"unit": reg.unit_a.pk, "plan": "再报一次"})
    assert again.status_code == 400 and "只能申报一次" in again.content.decode()
    assert Application.objects.filter(project=p).count() == 1
    download = unit.get(f"/challenges/applications/{application.pk}/file/")
    assert download.status_code == 200 and download["Content-Type"] == "application/octet-stream"


def test_a_bad_schedule_is_refused_and_nothing_is_published(login, reg):
    response = login(reg.committee).post("/challenges/new/", {
        "title": "t", "description": "d", "apply_by": (TODAY + timedelta(days=7)).isoformat(),
        "starts_on": (TODAY + timedelta(days=3)).isoformat()})
    assert response.status_code == 400 and "项目启动日期须晚于申报截止日期" in response.content.decode()
    assert not ChallengeProject.objects.exists()


def test_a_late_application_is_refused_with_a_reason(login, reg):
    p, _apps = closed_project(reg)
    response = login(reg.unit_admin).post(f"/challenges/{p.pk}/apply/", {"unit": reg.unit_a.pk, "plan": "方案"})
    assert response.status_code == 400 and "报名已截止" in response.content.decode()
    assert not Application.objects.exists()
    assert not AuditEntry.objects.filter(action="challenge.apply").exists()


def test_a_forged_unit_or_an_oversized_or_wrong_file_is_refused(login, reg, media, monkeypatch):
    p = project()
    client = login(reg.unit_admin)
    forged = client.post(f"/challenges/{p.pk}/apply/", {"unit": reg.unit_b.pk, "plan": "冒名申报"})
    assert forged.status_code == 400
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 1024 * 1024)
    big = client.post(f"/challenges/{p.pk}/apply/", {"unit": reg.unit_a.pk, "plan": "方案", "file": SimpleUploadedFile(
        "方案.pdf", b"%PDF-1.7\n" + b"x" * (1024 * 1024 + 1))})
    assert big.status_code == 400 and "超过 1 MB" in big.content.decode()
    exe = client.post(f"/challenges/{p.pk}/apply/", {"unit": reg.unit_a.pk, "plan": "方案",
                                                     "file": SimpleUploadedFile("方案.exe", b"MZ" * 10)})
    assert exe.status_code == 400 and "类型不能上传" in exe.content.decode()
    assert not Application.objects.exists() and not list(media.rglob("*.*"))


def test_outsiders_get_404_on_another_units_application(login, reg):
    p, (mine,) = closed_project(reg, reg.unit_a)
    client = login(unit_b_admin(reg))
    assert client.get(f"/challenges/applications/{mine.pk}/").status_code == 404
    assert client.get(f"/challenges/applications/{mine.pk}/file/").status_code == 404
    assert "发改委的方案" not in client.get(f"/challenges/{p.pk}/").content.decode()
    owner = login(reg.unit_admin)
    assert "的方案" in owner.get(f"/challenges/applications/{mine.pk}/").content.decode()
    assert login(reg.committee).get(f"/challenges/applications/{mine.pk}/").status_code == 200


def test_the_committee_appoints_the_lead_from_the_applicants_after_the_deadline(login, reg):
    p, (a, b) = closed_project(reg, reg.unit_a, reg.unit_b)
    other, (foreign,) = closed_project(reg, reg.unit_b)
    client = login(reg.committee)
    page = client.get(f"/challenges/{p.pk}/").content.decode()
    assert "报名已截止" in page and "确定揭榜单位" in page
    forged = client.post(f"/challenges/{p.pk}/appoint/", {"application": foreign.pk})
    assert forged.status_code == 400
    p.refresh_from_db()
    assert p.lead_unit is None and p.decided == rules.PUBLISHED
    assert client.post(f"/challenges/{p.pk}/appoint/", {"application": b.pk}).status_code == 302
    p.refresh_from_db()
    assert p.lead_unit == reg.unit_b and p.status(TODAY) == rules.APPOINTED
    again = client.post(f"/challenges/{p.pk}/appoint/", {"application": a.pk})
    assert again.status_code == 400 and "确定揭榜单位前" in again.content.decode()
    early = project()
    Application.objects.create(project=early, unit=reg.unit_a, plan="p")
    response = client.post(f"/challenges/{early.pk}/appoint/",
                           {"application": early.applications.get().pk})
    assert response.status_code == 400 and "报名截止后" in response.content.decode()


def test_the_lead_keeps_milestones_never_before_the_projects_start(login, reg):
    p = running_project(reg)
    lead = login(reg.unit_admin)
    before = lead.post(f"/challenges/{p.pk}/milestones/new/", {
        "title": "调研", "due_on": (p.starts_on - timedelta(days=1)).isoformat()})
    assert before.status_code == 400 and "不能早于项目启动日期" in before.content.decode()
    assert not Milestone.objects.exists()
    ok = lead.post(f"/challenges/{p.pk}/milestones/new/", {"title": "形成方案",
                                                           "due_on": (TODAY + timedelta(days=10)).isoformat()})
    assert ok.status_code == 302
    m = Milestone.objects.get()
    future = lead.post(f"/challenges/milestones/{m.pk}/", {"done_on": (TODAY + timedelta(days=1)).isoformat()})
    assert future.status_code == 400
    done = lead.post(f"/challenges/milestones/{m.pk}/", {"done_on": TODAY.isoformat(), "note": "已完成"})
    assert done.status_code == 302
    m.refresh_from_db()
    assert m.done_on == TODAY and AuditEntry.objects.filter(action="challenge.milestone_update").exists()
    outsider = login(unit_b_admin(reg))
    assert outsider.post(f"/challenges/{p.pk}/milestones/new/", {
        "title": "x", "due_on": TODAY.isoformat()}).status_code == 403
    assert outsider.get(f"/challenges/milestones/{m.pk}/").status_code == 403
    assert Milestone.objects.count() == 1


def test_the_committee_records_the_acceptance_and_a_finished_project_takes_no_more(login, reg):
    p = running_project(reg)
    client = login(reg.committee)
    assert "记录验收结果" in client.get(f"/challenges/{p.pk}/").content.decode()
    postpone = client.post(f"/challenges/{p.pk}/review/", {"result": "postpone", "comment": "延期一个月"})
    assert postpone.status_code == 302
    p.refresh_from_db()
    assert p.status(TODAY) == rules.IN_PROGRESS
    assert client.post(f"/challenges/{p.pk}/review/", {"result": "pass", "comment": "成效明显"}).status_code == 302
    p.refresh_from_db()
    assert p.decided == rules.ACCEPTED and Review.objects.filter(project=p).count() == 2
    again = client.post(f"/challenges/{p.pk}/review/", {"result": "fail", "comment": "改判"})
    assert again.status_code == 400 and "只有实施中的项目可以验收" in again.content.decode()
    late = login(reg.unit_admin).post(f"/challenges/{p.pk}/milestones/new/",
                                      {"title": "补", "due_on": TODAY.isoformat()})
    assert late.status_code == 400 and not Milestone.objects.exists()
    assert "验收通过" in client.get("/challenges/").content.decode()


def test_the_list_makes_constant_queries(login, reg, count_queries):
    client = login(reg.committee)
    sizes = []
    for n in (2, 12):
        while ChallengeProject.objects.count() < n:
            p = project(title=f"项目{ChallengeProject.objects.count()}")
            Application.objects.create(project=p, unit=reg.unit_a, plan="p")
            Milestone.objects.create(project=p, title="m", due_on=p.starts_on)
        sizes.append(count_queries(lambda: client.get("/challenges/")))
        assert client.get("/challenges/").content.decode().count("/apply/") == 0   # the committee does not apply
    assert sizes[0] == sizes[1]
