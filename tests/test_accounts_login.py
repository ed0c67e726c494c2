"""Sign-in security: throttle, idle timeout, rotation, audit of every attempt.

More on the throttle (addresses, backoff, races, one answer for all): test_accounts_throttle.py."""
from datetime import UTC, datetime, timedelta

import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from dangjian.accounts.forms import SIGN_IN_FAILED
from dangjian.audit.models import AuditEntry

from .factories import PASSWORD


def post_login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_login_page_is_chinese_and_has_csrf(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_good_login_redirects_home_and_is_audited(client, reg):
    response = post_login(client, "branch1", PASSWORD)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="login", username="branch1", success=True).exists()


def test_five_failures_pause_this_username_from_this_address_for_30_minutes(client, reg):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as clock:
        for _ in range(5):
            assert post_login(client, "branch1", "Wrong#pass1").status_code == 200
        # the right password is refused while paused, with the one message for every failure
        response = post_login(client, "branch1", PASSWORD)
        assert response.status_code == 200
        assert str(SIGN_IN_FAILED) in response.content.decode()
        assert "_auth_user_id" not in client.session
        assert AuditEntry.objects.filter(action="login", username="branch1", success=False).count() == 6
        clock.shift(timedelta(minutes=29))
        assert post_login(client, "branch1", PASSWORD).status_code == 200
        clock.shift(timedelta(minutes=1, seconds=1))
        assert post_login(client, "branch1", PASSWORD).status_code == 302


def test_four_failures_then_success_clears_the_count(client, reg):
    for _ in range(4):
        post_login(client, "branch1", "Wrong#pass1")
    assert AccessAttempt.objects.get(username="branch1").failures_since_start == 4
    assert post_login(client, "branch1", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="branch1").exists()


def test_unknown_user_failure_is_audited(client, db):
    post_login(client, "nobody", "Wrong#pass1")
    assert AuditEntry.objects.filter(action="login", username="nobody", success=False).exists()


def test_a_session_ends_after_30_idle_minutes_and_activity_keeps_it(client, reg):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as clock:
        assert post_login(client, "branch1", PASSWORD).status_code == 302
        assert client.get("/").status_code == 200
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
        assert client.get("/").status_code == 200  # each request starts the 30 minutes anew
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
        assert client.get("/").status_code == 200
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        response = client.get("/")
        assert response.status_code == 302 and response.url.startswith("/login/")
        assert "_auth_user_id" not in client.session


def test_expired_password_must_be_changed_first(login, reg):
    reg.secretary.password_changed_at = timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1)
    reg.secretary.save()
    client = login(reg.secretary)
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/password/"
    response = client.post("/password/", {"old_password": PASSWORD, "new_password": "Fresh#Pass2025",
                                          "new_password2": "Fresh#Pass2025"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_security_admin_lifts_a_pause_and_others_cannot(login, reg):
    from django.test import Client
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        post_login(stranger, "branch1", "Wrong#pass1")
    assert login(reg.committee).get("/security/").status_code == 403
    assert login(reg.sysadmin).post("/security/unlock/", {"username": "branch1"}).status_code == 403
    client = login(reg.security)
    page = client.get("/security/").content.decode()
    assert "branch1" in page and "203.0.113.9" in page
    assert client.post("/security/unlock/", {"username": "branch1", "ip": "203.0.113.9"}).status_code == 302
    assert not AccessAttempt.objects.filter(username="branch1").exists()
    assert AuditEntry.objects.filter(action="signin.unlock", username="security").exists()
    assert post_login(stranger, "branch1", PASSWORD).status_code == 302


def test_security_pages_require_login(client, db):
    assert client.get("/security/").status_code == 302


def test_csrf_is_enforced_on_login(db):
    from django.test import Client
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/login/", {"username": "x", "password": "y"}).status_code == 403
