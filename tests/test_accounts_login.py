"""Sign-in security: lockout, idle timeout, rotation, audit of every attempt."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

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


def test_five_failures_lock_the_account_for_30_minutes(client, reg):
    for _ in range(5):
        response = post_login(client, "branch1", "Wrong#pass1")
        assert response.status_code == 200
    reg.secretary.refresh_from_db()
    assert reg.secretary.locked_until is not None
    minutes = (reg.secretary.locked_until - timezone.now()).total_seconds() / 60
    assert 29 <= minutes <= 30
    # the right password is refused while locked, with a message saying so
    response = post_login(client, "branch1", PASSWORD)
    assert response.status_code == 200
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login", username="branch1", success=False).count() == 6


def test_lock_expires(client, reg):
    reg.secretary.locked_until = timezone.now() - timedelta(seconds=1)
    reg.secretary.save()
    assert post_login(client, "branch1", PASSWORD).status_code == 302


def test_four_failures_then_success_resets_the_counter(client, reg):
    for _ in range(4):
        post_login(client, "branch1", "Wrong#pass1")
    assert post_login(client, "branch1", PASSWORD).status_code == 302
    reg.secretary.refresh_from_db()
    assert reg.secretary.failed_logins == 0


def test_unknown_user_failure_is_audited(client, db):
    post_login(client, "nobody", "Wrong#pass1")
    assert AuditEntry.objects.filter(action="login", username="nobody", success=False).exists()


def test_sessions_end_after_30_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


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


def test_security_admin_unlocks_and_others_cannot(login, reg):
    reg.secretary.locked_until = timezone.now() + timedelta(minutes=20)
    reg.secretary.save()
    assert login(reg.committee).get("/security/").status_code == 403
    client = login(reg.security)
    assert "branch1" in client.get("/security/").content.decode()
    assert client.post(f"/security/{reg.secretary.pk}/unlock/").status_code == 302
    reg.secretary.refresh_from_db()
    assert reg.secretary.locked_until is None
    assert AuditEntry.objects.filter(action="user.unlock").exists()


def test_security_pages_require_login(client, db):
    assert client.get("/security/").status_code == 302


def test_csrf_is_enforced_on_login(db):
    from django.test import Client
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/login/", {"username": "x", "password": "y"}).status_code == 403
