"""The committee adds a kind of selection through admin; its rules are checked, the write audited."""
import json

from django.urls import reverse

from dangjian.audit.models import AuditEntry
from dangjian.selections.models import SelectionKind

URL = reverse("admin:selections_selectionkind_add")


def form(**extra):
    data = {"code": "good_secretary", "name": "优秀党支部书记", "subject": "member", "sort": 9,
            "default_eligibility": "[]"}
    data.update(extra)
    return data


def test_the_committee_adds_a_kind_and_it_is_audited(login, reg):
    client = login(reg.committee)
    response = client.post(URL, form())
    assert response.status_code == 302
    kind = SelectionKind.objects.get(code="good_secretary")
    assert AuditEntry.objects.filter(object_type="selectionkind", object_id=str(kind.pk)).exists()


def test_rules_that_do_not_fit_the_subject_are_refused(login, reg):
    client = login(reg.committee)
    response = client.post(URL, form(default_eligibility=json.dumps([{"check": "branch_setup_ok"}])))
    assert response.status_code == 200 and "不适用于该评选对象" in response.content.decode()
    assert not SelectionKind.objects.filter(code="good_secretary").exists()


def test_others_cannot_add_kinds(login, reg):
    client = login(reg.unit_admin)
    assert client.get(URL).status_code in (302, 403)
    assert client.get(URL, follow=True).status_code == 403
    assert client.post(URL, form(), follow=True).status_code == 403
    assert not SelectionKind.objects.filter(code="good_secretary").exists()
