"""Showing a full ID number: audited as an unmask only once decryption has succeeded."""
from django.test import override_settings
from django.urls import reverse

from dangjian.accounts.models import Membership
from dangjian.audit.models import AuditEntry
from dangjian.orgs.services import member_update

OTHER_KEY = "T1RIRVJPVEhFUk9USEVST1RIRVJPVEhFUk9USEVST1Q="
ID_NUMBER = "110101198001011234"


def _under_another_key(reg):
    """The member's data as a wrong DATA_KEY (or a restore from elsewhere) leaves it."""
    with override_settings(DATA_KEY=OTHER_KEY):
        member_update(user=None, member=reg.member, id_number=ID_NUMBER, phone="13812345678")
    Membership.objects.filter(user=reg.unit_admin).update(can_unmask=True)
    return reg.member


def _unmask_entries():
    return AuditEntry.objects.filter(action="member.unmask")


def test_a_failed_decryption_is_a_clear_message_and_an_audited_failure(login, reg):
    member = _under_another_key(reg)
    response = login(reg.unit_admin).post(reverse("member_reveal", args=[member.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # htmx swaps only 2xx answers in
    html = response.content.decode()
    assert "无法解密该党员的身份证号和电话，本次查看未完成" in html and ID_NUMBER not in html
    assert "110***********1234" in html  # the mask is still shown
    [entry] = _unmask_entries()
    assert entry.success is False and entry.user == reg.unit_admin and entry.object_id == str(member.pk)


def test_a_failed_decryption_without_htmx_is_a_page_not_a_500(login, reg):
    member = _under_another_key(reg)
    response = login(reg.unit_admin).post(reverse("member_reveal", args=[member.pk]))
    assert response.status_code == 503
    assert "无法解密该党员的身份证号和电话" in response.content.decode()
    assert list(_unmask_entries().values_list("success", flat=True)) == [False]


def test_a_successful_reveal_is_audited_as_a_success(login, reg):
    member_update(user=None, member=reg.member, id_number=ID_NUMBER, phone="")
    Membership.objects.filter(user=reg.unit_admin).update(can_unmask=True)
    response = login(reg.unit_admin).post(reverse("member_reveal", args=[reg.member.pk]), HTTP_HX_REQUEST="true")
    assert ID_NUMBER in response.content.decode()
    assert list(_unmask_entries().values_list("success", flat=True)) == [True]


def test_an_outsider_reaches_neither_the_data_nor_the_audit_of_an_unmask(login, reg):
    member = _under_another_key(reg)
    Membership.objects.filter(user=reg.outsider).update(can_unmask=True)
    assert login(reg.outsider).post(reverse("member_reveal", args=[member.pk])).status_code == 404
    assert not _unmask_entries().exists()
