import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_registry


def pytest_configure(config):
    # Hashing with PBKDF2's production work factor makes every fixture user cost ~0.3 s;
    # tests check who may sign in, not the hasher, so they use a fast one.
    from django.conf import settings
    from django.test.utils import override_settings
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
    # Persistent connections would outlive the live-server thread of the browser tests and
    # keep the test database busy at teardown.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


def pytest_report_header(config):
    from django.conf import settings
    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(autouse=True, scope="session")
def _require_postgres_when_asked(django_db_setup, django_db_blocker):
    """In CI the PostgreSQL run must really be PostgreSQL, never a silent fallback."""
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        assert connection.vendor == "postgresql", "REQUIRE_POSTGRES=1 but tests run on " + connection.vendor
    yield
    # The browser tests' live server answers in threads whose connections may outlive it;
    # end them so the test database can be dropped cleanly.
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the committee's picture is cached)."""
    from django.core.cache import cache
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reg(db):
    return make_registry()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client
    return _login


@pytest.fixture
def count_queries():
    """Return the number of queries a callable makes."""
    def _count(fn):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)
    return _count
