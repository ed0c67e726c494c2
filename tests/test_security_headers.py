"""Headers on every answer: a CSP without inline code, no-store for signed-in pages, audited 403s."""
import re

import pytest
from django.urls import reverse

from dangjian.audit.models import AuditEntry
from dangjian.orgs.models import Unit


def _policy(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on* handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _inline_code(html):
    return [what for pattern, what in INLINE if pattern.search(html)]


def test_the_policy_allows_no_inline_script_or_style(client, db):
    response = client.get(reverse("login"))
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_htmx_is_told_not_to_inject_its_indicator_style(login, reg):
    html = login(reg.committee).get(reverse("home")).content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in html


@pytest.mark.parametrize("persona, url_name", [
    ("committee", "home"), ("committee", "member_list"), ("committee", "org_tree"),
    ("committee", "picture"), ("unit_admin", "member_list"), ("secretary", "home"),
])
def test_pages_carry_no_inline_code_the_policy_would_block(login, reg, persona, url_name):
    name = url_name if url_name != "picture" else "records:picture"
    response = login(getattr(reg, persona)).get(reverse(name))
    assert response.status_code == 200
    assert "'unsafe-inline'" not in _policy(response)["script-src"]
    assert _inline_code(response.content.decode()) == []


def test_member_page_and_login_carry_no_inline_code(client, login, reg):
    assert _inline_code(client.get(reverse("login")).content.decode()) == []
    html = login(reg.unit_admin).get(reverse("member_detail", args=[reg.member.pk])).content.decode()
    assert _inline_code(html) == []


def test_the_admin_works_under_the_policy(login, reg):
    client = login(reg.committee)
    for url in (reverse("admin:index"), reverse("admin:orgs_unit_changelist"),
                reverse("admin:orgs_unit_add"), reverse("admin:orgs_unit_change", args=[reg.unit_a.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" not in _policy(response)["script-src"]
        html = response.content.decode()
        # Django 5.2's admin keeps its scripts in files (data in <script type="application/json"> is not run)
        scripts = re.findall(r"<script\b(?![^>]*\bsrc=)([^>]*)>", html, re.I)
        assert all("application/json" in attrs for attrs in scripts), (url, scripts)
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), url


# --- Cache-Control ---------------------------------------------------------------------------

def _no_store(response):
    return "no-store" in response.get("Cache-Control", "")


def test_pages_with_personal_data_are_not_stored(login, reg):
    client = login(reg.committee)
    for url in (reverse("member_list"), reverse("member_detail", args=[reg.member.pk]),
                "/imports/export/members.xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response) and "private" in response["Cache-Control"], url


def test_an_outsider_gets_no_stored_refusal_either(login, reg):
    response = login(reg.outsider).get(reverse("member_detail", args=[reg.member.pk]))
    assert response.status_code == 404 and _no_store(response)


def test_static_files_stay_cacheable(login, reg):
    response = login(reg.committee).get("/static/css/site.css")
    assert response.status_code == 200 and not _no_store(response)


# --- 403s are audited ------------------------------------------------------------------------

def test_a_refusal_on_an_object_url_is_audited_without_the_query(login, reg):
    url = reverse("member_reveal", args=[reg.member.pk])
    response = login(reg.secretary).post(url + "?q=张三")
    assert response.status_code == 403
    [entry] = AuditEntry.objects.filter(action="access.denied")
    assert entry.user == reg.secretary and entry.success is False
    assert entry.object_repr == url and "张三" not in str(entry.changes) + entry.object_repr
    assert entry.changes == {"method": "POST"}


def test_a_refusal_of_a_list_page_is_audited_too(login, reg):
    assert login(reg.sysadmin).get(reverse("member_list")).status_code == 403
    assert AuditEntry.objects.filter(action="access.denied", user=reg.sysadmin,
                                     object_repr=reverse("member_list")).count() == 1


def test_an_outsider_gets_404_and_no_denial_entry(login, reg):
    assert login(reg.outsider).post(reverse("member_reveal", args=[reg.member.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="access.denied").exists()


def test_allowed_pages_write_no_denial(login, reg):
    login(reg.committee).get(reverse("admin:orgs_unit_change", args=[Unit.objects.first().pk]))
    assert not AuditEntry.objects.filter(action="access.denied").exists()


# --- /healthz ---------------------------------------------------------------------------------

def test_healthz_names_no_database_engine(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.json()["status"] == "ok"
    body = response.content.decode().lower()
    for word in ("sqlite", "postgres", "mysql", "oracle", "django"):
        assert word not in body
