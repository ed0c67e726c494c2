"""A persistent database connection that PostgreSQL has ended is replaced, not a 500."""
import os

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse


def test_persistent_connections_are_health_checked():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _end_backend_from_another_connection(pid):
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _request(handler, path, cookie):
    """One request the way gunicorn makes it: the WSGI handler, with its request signals
    (Django's test client leaves out the connection housekeeping this is about)."""
    environ = RequestFactory().get(path, HTTP_COOKIE=cookie).environ
    status = []
    body = b"".join(handler(environ, lambda s, headers, exc_info=None: status.append(s)))
    return int(status[0].split()[0]), body


@pytest.mark.django_db(transaction=True)
def test_the_next_request_after_the_backend_is_ended_answers_200(reg, client, monkeypatch):
    if connection.vendor != "postgresql":
        assert os.environ.get("REQUIRE_POSTGRES") != "1"
        pytest.skip("ends a PostgreSQL backend")
    client.force_login(reg.committee)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    handler = WSGIHandler()
    url = reverse("member_list")
    for health_checks, expected in ((True, 200), (False, 500)):
        monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)  # persistent, as in production
        monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", health_checks)
        connection.close()
        assert _request(handler, url, cookie)[0] == 200
        pid = connection.connection.info.backend_pid  # kept open after the request
        _end_backend_from_another_connection(pid)
        status, _ = _request(handler, url, cookie)
        # with the checks (our setting) the dead connection is replaced; without, the request fails
        assert status == expected, (health_checks, status)
        connection.close()
