"""The sign-in throttle: per username and address, growing pauses, one answer and one hash for
every failure, the client address only from trusted proxies, no lost count under parallel attempts."""
import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection, connections
from django.test import Client, override_settings

from dangjian.accounts.models import Role
from dangjian.accounts.throttle import pause
from dangjian.audit.models import AuditEntry

from .factories import PASSWORD, make_user

A, B = "203.0.113.10", "198.51.100.20"
WRONG = "Wrong#pass1"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting how often the hash function runs (check or set)."""

    runs = 0

    def encode(self, password, salt):
        CountingHasher.runs += 1
        return super().encode(password, salt)


@pytest.fixture
def people(db):
    committee = make_user("gongwei", Role.COMMITTEE_ADMIN)
    retired = make_user("retired", Role.COMMITTEE_ADMIN)
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    return committee


def sign_in(address, username, password, **extra):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password}, **extra)


def counted(**lookup):
    return sum(AccessAttempt.objects.filter(**lookup).values_list("failures_since_start", flat=True))


# ---- the rule -----------------------------------------------------------------------------

def test_pause_starts_at_the_limit_and_doubles_up_to_the_cap():
    first, cap = timedelta(minutes=30), timedelta(hours=24)
    lengths = [pause(n, limit=5, first=first, cap=cap) for n in range(4, 12)]
    assert lengths[:2] == [None, first]
    assert lengths[2:7] == [first * 2, first * 4, first * 8, first * 16, first * 32]
    assert lengths[7:] == [cap]
    assert pause(10**9, limit=5, first=first, cap=cap) == cap


# ---- a stranger cannot lock anyone out ----------------------------------------------------

def test_100_wrong_passwords_from_one_address_leave_gongwei_free_elsewhere(people):
    stranger = Client(REMOTE_ADDR=A)
    for _ in range(100):
        assert stranger.post("/login/", {"username": "gongwei", "password": WRONG}).status_code == 200
    assert sign_in(A, "gongwei", PASSWORD).status_code == 200  # paused from A
    assert sign_in(B, "gongwei", PASSWORD).status_code == 302  # free from B
    # only the failures before the pause counted; every attempt is audited
    assert counted(username="gongwei", ip_address=A) == 5
    assert AuditEntry.objects.filter(action="login", username="gongwei", success=False).count() == 101


def test_every_failure_after_a_pause_doubles_the_next_one(people):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            sign_in(A, "gongwei", WRONG)
        clock.shift(timedelta(minutes=30, seconds=1))
        sign_in(A, "gongwei", WRONG)  # the sixth: paused for an hour
        clock.shift(timedelta(minutes=59))
        assert sign_in(A, "gongwei", PASSWORD).status_code == 200
        clock.shift(timedelta(minutes=1, seconds=1))
        assert sign_in(A, "gongwei", PASSWORD).status_code == 302
        assert counted(username="gongwei") == 0  # a success clears the pair


def test_one_address_trying_many_usernames_is_paused_for_all_of_them(people):
    with override_settings(LOGIN_ADDRESS_MAX_FAILURES=6):
        for i in range(6):
            sign_in(A, f"guess{i}", WRONG)
        assert sign_in(A, "gongwei", PASSWORD).status_code == 200
        assert sign_in(B, "gongwei", PASSWORD).status_code == 302


def test_signing_in_to_ones_own_account_does_not_clear_failures_against_another(people):
    make_user("mole", Role.COMMITTEE_ADMIN)
    for _ in range(4):
        sign_in(A, "gongwei", WRONG)
    assert sign_in(A, "mole", PASSWORD).status_code == 302
    assert counted(username="gongwei", ip_address=A) == 4


# ---- one answer, one hash -----------------------------------------------------------------

def _normalised(response, username):
    """The page without what differs by nature: the typed username and the CSRF tokens."""
    body = response.content.decode().replace(f'value="{username}"', 'value="?"')
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "<csrf>", body)


@override_settings(PASSWORD_HASHERS=["tests.test_accounts_throttle.CountingHasher"])
def test_known_unknown_inactive_and_paused_get_the_same_answer_and_one_hash_each(people):
    for _ in range(5):
        sign_in(B, "gongwei", WRONG)
    cases = {"unknown": ("nobody", WRONG, A), "wrong": ("gongwei", WRONG, A),
             "inactive": ("retired", PASSWORD, A), "paused": ("gongwei", PASSWORD, B)}
    answers, runs = {}, {}
    for case, (username, password, address) in cases.items():
        before = CountingHasher.runs
        response = sign_in(address, username, password)
        runs[case] = CountingHasher.runs - before
        answers[case] = (response.status_code, _normalised(response, username))
    assert runs == {"unknown": 1, "wrong": 1, "inactive": 1, "paused": 1}
    assert len(set(answers.values())) == 1
    assert answers["unknown"][0] == 200
    assert "用户名或密码错误，或尝试过于频繁" in answers["unknown"][1]


# ---- the client address -------------------------------------------------------------------

def test_a_forged_forwarded_for_does_not_change_the_throttled_address(people):
    for i in range(5):
        sign_in(A, "gongwei", WRONG, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {A}
    assert sign_in(A, "gongwei", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 200
    assert set(AuditEntry.objects.filter(action="login").values_list("ip", flat=True)) == {A}


@override_settings(TRUSTED_PROXIES=["10.0.0.1"])
def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_address(people):
    for _ in range(5):
        sign_in("10.0.0.1", "gongwei", WRONG, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {A}")
    assert counted(username="gongwei", ip_address=A) == 5
    assert AuditEntry.objects.filter(action="login", success=False).values_list("ip", flat=True)[0] == A
    # the same proxy forwarding another client: not paused
    assert sign_in("10.0.0.1", "gongwei", PASSWORD, HTTP_X_FORWARDED_FOR=B).status_code == 302


# ---- the change-password page -------------------------------------------------------------

def test_wrong_old_passwords_count_toward_the_same_throttle_and_are_audited(people):
    client = Client(REMOTE_ADDR=A)
    client.force_login(people)
    new = {"new_password": "Fresh#Pass2026", "new_password2": "Fresh#Pass2026"}
    for _ in range(5):
        response = client.post("/password/", {"old_password": WRONG, **new})
        assert response.status_code == 400 and "原密码不正确，或尝试过于频繁" in response.content.decode()
    assert counted(username="gongwei", ip_address=A) == 5
    assert AuditEntry.objects.filter(action="password.change", success=False, username="gongwei").count() == 5
    kept = AccessAttempt.objects.get(username="gongwei").post_data
    assert WRONG not in kept and "Fresh#Pass2026" not in kept
    # paused now: the right old password is refused too, and so is signing in from A
    assert client.post("/password/", {"old_password": PASSWORD, **new}).status_code == 400
    people.refresh_from_db()
    assert people.check_password(PASSWORD)
    assert sign_in(A, "gongwei", PASSWORD).status_code == 200
    assert sign_in(B, "gongwei", PASSWORD).status_code == 302


# ---- parallel failures (PostgreSQL, one connection per thread) ----------------------------

@pytest.mark.django_db(transaction=True)
@override_settings(LOGIN_MAX_FAILURES=1000, LOGIN_ADDRESS_MAX_FAILURES=1000)
def test_parallel_failures_are_all_counted():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and parallel connections: PostgreSQL")
    make_user("gongwei", Role.COMMITTEE_ADMIN)
    threads, rounds = 8, 3
    barrier = threading.Barrier(threads)
    errors = []

    def attack():
        try:
            client = Client(REMOTE_ADDR=A)
            for _ in range(rounds):
                barrier.wait(timeout=30)
                assert client.post("/login/", {"username": "gongwei", "password": WRONG}).status_code == 200
        except Exception as exc:  # reported below; a thread's own assert would vanish
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=attack) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert errors == []
    assert AccessAttempt.objects.filter(username="gongwei", ip_address=A).count() == 1
    assert counted(username="gongwei", ip_address=A) == threads * rounds


def test_the_address_wide_count_forgets_after_an_hour(people):
    with override_settings(LOGIN_ADDRESS_MAX_FAILURES=6), time_machine.travel(T0, tick=False) as clock:
        for i in range(3):
            sign_in(A, f"typo{i}", WRONG)
        clock.shift(timedelta(minutes=61))
        for i in range(3):
            sign_in(A, f"later{i}", WRONG)
        assert sign_in(A, "gongwei", PASSWORD).status_code == 302
