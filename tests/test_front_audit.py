from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from dangjian.audit.models import AuditEntry
from dangjian.audit.services import audit_log


def test_it_requires_login(client, reg):
    response = client.get(reverse("audit_log"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_only_the_audit_admin_may_read_it(login, reg):
    for user in (reg.committee, reg.dept, reg.sysadmin, reg.security, reg.unit_admin, reg.secretary):
        assert login(user).get(reverse("audit_log")).status_code == 403
    assert login(reg.auditor).get(reverse("audit_log")).status_code == 200


def test_it_lists_entries_with_changes(login, reg):
    audit_log(user=reg.secretary, action="member.update", obj=reg.member, changes={"post": ["", "科员"]})
    html = login(reg.auditor).get(reverse("audit_log")).content.decode()
    assert "member.update" in html and "branch1" in html and "post:  → 科员" in html


def test_filters(login, reg):
    audit_log(user=reg.secretary, action="member.update", obj=reg.member)
    audit_log(user=None, username="nobody", action="login", success=False, changes={"reason": "unknown user"})
    client = login(reg.auditor)
    page = client.get(reverse("audit_log"), {"action": "member.update"}).context["page"]
    assert {e.action for e in page} == {"member.update"}
    page = client.get(reverse("audit_log"), {"success": "0"}).context["page"]
    assert [e.username for e in page] == ["nobody"]
    page = client.get(reverse("audit_log"), {"username": "branch"}).context["page"]
    assert {e.username for e in page} == {"branch1"}
    today = timezone.localdate()
    page = client.get(reverse("audit_log"), {"date_from": today + timedelta(days=1)}).context["page"]
    assert len(page) == 0
    page = client.get(reverse("audit_log"), {"date_from": today, "date_to": today}).context["page"]
    assert len(page) == AuditEntry.objects.count()


def test_bad_date_range_is_400_with_a_message(login, reg):
    response = login(reg.auditor).get(reverse("audit_log"), {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert response.status_code == 400 and "开始日期晚于结束日期" in response.content.decode()
    response = login(reg.auditor).get(reverse("audit_log"), {"date_from": "yesterday"})
    assert response.status_code == 400


def test_the_page_offers_no_way_to_change_entries(login, reg):
    html = login(reg.auditor).get(reverse("audit_log")).content.decode()
    assert 'method="post"' not in html.split("<main")[1].split("</main>")[0]
    assert login(reg.auditor).post(reverse("audit_log")).status_code == 405


def test_query_count_does_not_grow(login, reg, count_queries):
    client = login(reg.auditor)
    url = reverse("audit_log")
    client.get(url)
    small = count_queries(lambda: client.get(url))
    for i in range(60):
        audit_log(user=reg.secretary, action=f"test.{i % 3}", obj=reg.member)
    large = count_queries(lambda: client.get(url))
    assert small == large
