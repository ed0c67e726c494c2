from django.urls import reverse

from dangjian.audit.models import AuditEntry
from dangjian.orgs.models import Member, MemberTransfer
from dangjian.orgs.services import member_update


def _form_data(member, **changes):
    data = {
        "name": member.name, "gender": member.gender, "birth_date": "1980-01-01", "ethnicity": "",
        "education": "", "status": member.status, "joined_on": "2005-07-01", "full_on": "2006-07-01",
        "post": "", "id_number": "", "phone": "",
    }
    data.update(changes)
    return data


def test_it_requires_login(client, reg):
    for name in ("member_edit", "member_transfer"):
        response = client.get(reverse(name, args=[reg.member.pk]))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_read_only_roles_get_403(login, reg):
    for user in (reg.dept, reg.zone_lead, reg.member_user):
        client = login(user)
        for name in ("member_edit", "member_transfer"):
            url = reverse(name, args=[reg.member.pk])
            assert client.get(url).status_code == 403
            assert client.post(url, _form_data(reg.member, name="改名")).status_code == 403
    assert Member.objects.get(pk=reg.member.pk).name == reg.member.name


def test_outsider_gets_404(login, reg):
    for name in ("member_edit", "member_transfer"):
        assert login(reg.outsider).get(reverse(name, args=[reg.member.pk])).status_code == 404


def test_secretary_edits_a_member_through_the_service(login, reg):
    url = reverse("member_edit", args=[reg.member.pk])
    client = login(reg.secretary)
    assert client.get(url).status_code == 200
    response = client.post(url, _form_data(reg.member, post="科员", phone="13900001111"))
    assert response.status_code == 302
    member = Member.objects.get(pk=reg.member.pk)
    assert member.post == "科员" and member.reveal_phone() == "13900001111"
    entry = AuditEntry.objects.get(action="member.update", user=reg.secretary)
    assert entry.changes["post"] == ["", "科员"]
    assert entry.changes["phone"] == ["", "139****1111"]  # only masks reach the log


def test_blank_id_number_leaves_it_unchanged(login, reg):
    member_update(user=None, member=reg.member, id_number="110101198001011234")
    login(reg.secretary).post(reverse("member_edit", args=[reg.member.pk]), _form_data(reg.member, post="x"))
    assert Member.objects.get(pk=reg.member.pk).reveal_id_number() == "110101198001011234"


def test_bad_input_is_400_with_a_message_and_writes_nothing(login, reg):
    client = login(reg.secretary)
    url = reverse("member_edit", args=[reg.member.pk])
    cases = [
        ({"id_number": "12345"}, "身份证号应为"),
        ({"phone": "abc"}, "电话号码格式不正确"),
        ({"joined_on": "2999-01-01", "full_on": ""}, "日期晚于今天"),
        ({"full_on": "2000-01-01"}, "转正日期早于入党日期"),
        ({"name": ""}, "这个字段是必填项"),
    ]
    for changes, message in cases:
        response = client.post(url, _form_data(reg.member, **changes))
        assert response.status_code == 400, changes
        assert message in response.content.decode(), changes
    assert not AuditEntry.objects.filter(action="member.update").exists()


def test_duplicate_id_number_is_refused(login, reg):
    member_update(user=None, member=reg.members_a1[1], id_number="110101198001011234")
    response = login(reg.secretary).post(reverse("member_edit", args=[reg.member.pk]),
                                         _form_data(reg.member, id_number="110101198001011234"))
    assert response.status_code == 400
    assert "该身份证号已登记" in response.content.decode()
    assert Member.objects.get(pk=reg.member.pk).id_number_hash == ""


def test_unit_admin_transfers_within_the_unit(login, reg):
    response = login(reg.unit_admin).post(reverse("member_transfer", args=[reg.member.pk]), {
        "to_branch": reg.branch_a2.pk, "moved_on": "2025-03-01", "reason": "岗位调整"})
    assert response.status_code == 302
    assert Member.objects.get(pk=reg.member.pk).branch == reg.branch_a2
    transfer = MemberTransfer.objects.get(member=reg.member)
    assert (transfer.from_branch, transfer.reason, transfer.by) == (reg.branch_a1, "岗位调整", reg.unit_admin)
    assert AuditEntry.objects.filter(action="member.transfer", user=reg.unit_admin).exists()


def test_transfer_only_to_a_writable_branch(login, reg):
    response = login(reg.unit_admin).post(reverse("member_transfer", args=[reg.member.pk]), {
        "to_branch": reg.branch_b1.pk, "moved_on": "2025-03-01"})
    assert response.status_code == 400
    assert "只能转入你有权管理的党支部" in response.content.decode()
    assert Member.objects.get(pk=reg.member.pk).branch == reg.branch_a1
    assert not MemberTransfer.objects.exists()


def test_transfer_refuses_an_org_that_is_not_a_branch(login, reg):
    response = login(reg.unit_admin).post(reverse("member_transfer", args=[reg.member.pk]), {
        "to_branch": reg.oc_a.pk, "moved_on": "2025-03-01"})
    assert response.status_code == 400
    assert not MemberTransfer.objects.exists()


def test_transfer_refuses_a_future_date(login, reg):
    response = login(reg.unit_admin).post(reverse("member_transfer", args=[reg.member.pk]), {
        "to_branch": reg.branch_a2.pk, "moved_on": "2999-01-01"})
    assert response.status_code == 400 and "不能晚于今天" in response.content.decode()


def test_secretary_has_nowhere_to_transfer_to(login, reg):
    response = login(reg.secretary).get(reverse("member_transfer", args=[reg.member.pk]))
    assert response.status_code == 200
    assert "没有其他党支部可以转入" in response.content.decode()


def test_over_many_branches_the_form_lists_one_units_and_accepts_any(login, reg, monkeypatch):
    from dangjian.lib import widgets

    url = reverse("member_transfer", args=[reg.member.pk])
    assert login(reg.outsider).get(url, {"unit": reg.unit_b.pk}).status_code == 404   # B1's secretary
    client = login(reg.committee)
    small = client.get(url).content.decode()          # a few branches: one select of them all
    assert 'id="unit-pick"' not in small and f'value="{reg.branch_b1.pk}"' in small
    monkeypatch.setattr(widgets, "MANY_BRANCHES", 1)
    own = client.get(url).content.decode()            # the member's own unit first
    assert 'id="unit-pick"' in own and f'<option value="{reg.unit_b.pk}">' in own
    assert f'value="{reg.branch_a2.pk}"' in own and f'value="{reg.branch_b1.pk}"' not in own
    other = client.get(url, {"unit": reg.unit_b.pk}).content.decode()
    assert f'value="{reg.branch_b1.pk}"' in other and f'value="{reg.branch_a2.pk}"' not in other
    response = client.post(url, {"to_branch": reg.branch_b1.pk, "moved_on": "2025-03-01", "version": reg.member.version})
    assert response.status_code == 302 and Member.objects.get(pk=reg.member.pk).branch == reg.branch_b1
