"""The idle timeout without a session write on every request (IdleTimeoutMiddleware)."""
from datetime import UTC, datetime, timedelta

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import PASSWORD

AGE, STEP = settings.SESSION_COOKIE_AGE, settings.SESSION_ACTIVITY_SECONDS


def _sign_in(client):
    assert client.post("/login/", {"username": "branch1", "password": PASSWORD}).status_code == 302


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _session_writes(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in ctx.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]


def test_a_request_within_the_granularity_does_not_write_the_session(client, reg):
    assert STEP >= 2 and AGE > 2 * STEP
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as clock:
        _sign_in(client)
        signed_in = _expiry(client)
        assert signed_in == datetime(2026, 3, 2, 9, 0, tzinfo=UTC) + timedelta(seconds=AGE)
        assert _session_writes(client) == []
        clock.shift(timedelta(seconds=STEP - 1))
        assert _session_writes(client) == [] and _expiry(client) == signed_in
        clock.shift(timedelta(seconds=1))       # a granularity after the last write: one write
        assert len(_session_writes(client)) == 1
        assert _expiry(client) == signed_in + timedelta(seconds=STEP)
        assert _session_writes(client) == []


def test_an_idle_session_ends_on_time_and_activity_keeps_it(client, reg, settings):
    settings.SESSION_COOKIE_AGE = age = 5 * STEP          # a short timeout: fewer requests to stay busy
    start, busy = datetime(2026, 3, 2, 9, 0, tzinfo=UTC), 2 * age // (STEP // 2)
    with time_machine.travel(start, tick=False) as clock:
        _sign_in(client)
        for _ in range(busy):          # busy for twice the timeout: still signed in
            clock.shift(timedelta(seconds=STEP // 2))
            assert client.get("/").status_code == 200
        last_request = start + timedelta(seconds=busy * (STEP // 2))
        clock.move_to(last_request + timedelta(seconds=age - STEP))   # idle, but not for the timeout yet
        assert client.get("/").status_code == 200
        clock.move_to(last_request + timedelta(seconds=2 * age - STEP + 1))
        response = client.get("/")
        assert response.status_code == 302 and response.url.startswith("/login/")
        assert "_auth_user_id" not in client.session


def test_the_stamp_ends_a_session_the_backend_would_still_load(client, reg):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as clock:
        _sign_in(client)
        Session.objects.update(expire_date=datetime(2027, 1, 1, tzinfo=UTC))   # a lenient backend
        clock.shift(timedelta(seconds=AGE))
        response = client.get("/")
        assert response.status_code == 302 and response.url.startswith("/login/")
