import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_registry


def pytest_configure(config):
    # Hashing with PBKDF2's production work factor makes every fixture user cost ~0.3 s;
    # tests check who may sign in, not the hasher, so they use a fast one.
    from django.test.utils import override_settings
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()


def pytest_report_header(config):
    from django.conf import settings
    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(autouse=True, scope="session")
def _require_postgres_when_asked(django_db_setup):
    """In CI the PostgreSQL run must really be PostgreSQL, never a silent fallback."""
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        assert connection.vendor == "postgresql", "REQUIRE_POSTGRES=1 but tests run on " + connection.vendor


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
