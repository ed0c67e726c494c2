import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from . import clock, shared_data
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
    _scan_static_files_once()
    clock.start()   # before the test modules are imported: their date constants use it too


def pytest_unconfigure(config):
    clock.stop()


def _scan_static_files_once():
    """WhiteNoise lists and stats every static file each time its middleware starts, and the
    test client starts the middleware anew for every test (~40 ms each). The files do not change
    during a run: list them once per process and hand later instances the same table."""
    from whitenoise.middleware import WhiteNoiseMiddleware
    scan = WhiteNoiseMiddleware.add_files_from_finders
    scanned = {}

    def add_files_from_finders(self):
        key = (self.static_prefix, self.max_age, self.allow_all_origins, self.charset)
        if key not in scanned:
            before = set(self.files)
            scan(self)
            scanned[key] = {url: f for url, f in self.files.items() if url not in before}
        self.files.update(scanned[key])
    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders


def pytest_report_header(config):
    from django.conf import settings
    return f"database: {settings.DATABASES['default']['ENGINE']}; today: {clock.TODAY} (tests/clock.py)"


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
def _real_clock_when_marked(request):
    if request.node.get_closest_marker("real_clock") is None:
        yield
        return
    resume = clock.stop()
    yield
    clock.start(resume)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the committee's picture is cached)."""
    from django.core.cache import cache
    cache.clear()
    yield
    cache.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A committing test ends with a flush that empties every table, the rows the data
    migrations load among them: put those back once its fixtures are torn down (the flush is
    one of them), so a test after it on the same worker sees a migrated database."""
    yield
    if nextitem is not None and shared_data.commits(item):
        from pytest_django.plugin import blocking_manager_key
        with item.config.stash[blocking_manager_key].unblock():
            shared_data.restore_default_rows()


@pytest.hookimpl(trylast=True)   # after pytest-django's ordering
def pytest_collection_modifyitems(items):
    shared_data.sort_sharing_first(items)
    # The slow tests first, so that under xdist the other worker runs the rest meanwhile (the
    # axe crawl, a committing test, too: the migrated rows are put back after it).
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    shared_data.before_test(item)


@pytest.fixture(scope="module")
def _module_registry(request, django_db_setup, django_db_blocker):
    """The module's shared registry (tests/shared_data.py); module-scoped so that it is set up
    before pytest-django's ``db`` opens the test's own transaction."""
    holder = shared_data.ModuleRegistry(request.module, django_db_blocker)
    first = getattr(request, "_pyfuncitem", None)
    if first is not None and shared_data.shares(first):
        holder.open()
    yield holder
    holder.close()


@pytest.fixture
def reg(_module_registry, db):
    """The registry and its personas (tests/factories.py), fresh for each test: built once per
    module and rolled back after each test, and each test gets its own copies of the objects."""
    return _module_registry.fresh_copy() or make_registry()


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
