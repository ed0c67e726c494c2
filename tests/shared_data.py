"""One registry per test module, built once, as Django's ``setUpTestData`` does for a class.

The registry of tests/factories.py is built inside a transaction that stays open while the
module's tests that use ``reg`` run; each of them runs in a savepoint inside it (pytest-django's
``db``), so what a test writes is rolled back before the next, and each gets deep copies of the
objects, so what it changes in memory stays its own. The transaction is rolled back before the
first test of the module that must not see it: one that uses the database without ``reg``, or
one that commits (live server, threads, ``transaction=True``); those, and any ``reg`` test after
them, get a registry of their own as before. conftest sorts each module's tests so that the
sharing ones come first.
"""
import copy
import importlib

from django.db import transaction

from .factories import make_registry

# Fixtures that mean a test commits, so it cannot run inside the module's transaction.
COMMITTING_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback",
                       "django_db_reset_sequences"}


def _test_case_class(item, kind):
    cls = getattr(item, "cls", None)
    if cls is None:
        return False
    from django.test import TestCase, TransactionTestCase
    return issubclass(cls, TransactionTestCase) and (kind == "any" or not issubclass(cls, TestCase))


def commits(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")):
        return True
    return _test_case_class(item, "committing") or bool(COMMITTING_FIXTURES & set(item.fixturenames))


def touches_db(item):
    return (_test_case_class(item, "any") or item.get_closest_marker("django_db") is not None
            or bool({"db", "admin_user", "admin_client"} & set(item.fixturenames)))


def shares(item):
    """The test reads and writes only the registry it gets from ``reg``, in a savepoint."""
    return "reg" in getattr(item, "fixturenames", ()) and not commits(item)


def blocks(item):
    """The test must not run inside a module's registry transaction."""
    return not shares(item) and touches_db(item)


def sort_sharing_first(items):
    """Within each run of one module's tests (pytest-django has already put the committing
    tests last, as Django does), the sharing tests first; each class stays together."""
    runs, start = [], 0
    for i in range(1, len(items) + 1):
        if i == len(items) or items[i].module is not items[start].module:
            runs.append((start, i))
            start = i
    for start, end in runs:
        run = items[start:end]
        blocking = {}
        for item in run:
            key = getattr(item, "cls", None)
            blocking[key] = blocking.get(key, False) or blocks(item)
        run.sort(key=lambda it: blocking[getattr(it, "cls", None)])   # stable
        items[start:end] = run


class ModuleRegistry:
    current = None   # the one whose transaction is open, if any

    def __init__(self, module, blocker):
        self.module, self.blocker = module, blocker
        self.atomic = self.registry = None

    def open(self):
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            ModuleRegistry.current = self
            try:
                self.registry = make_registry()
            except BaseException:
                self.close()
                raise

    def close(self):
        if self.atomic is not None:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
        self.atomic = self.registry = None
        if ModuleRegistry.current is self:
            ModuleRegistry.current = None

    def fresh_copy(self):
        """Copies for one test, or None when the shared transaction is closed."""
        return LazyCopy(self.registry) if self.atomic is not None else None


class LazyCopy:
    """The registry's attributes, each deep-copied on a test's first use of it (as Django's
    ``TestData`` does); one memo for all, so copies refer to each other as the originals do."""

    def __init__(self, original):
        self.__dict__["_original"], self.__dict__["_memo"] = original, {}

    def __getattr__(self, name):
        value = copy.deepcopy(getattr(self._original, name), self._memo)
        self.__dict__[name] = value
        return value


def populate_shared(holder, blocker, populate):
    """For a module-scoped fixture: add ``populate(registry)`` to the module's shared registry once
    (as setUpTestData does for a class), before any test's own transaction opens; the holder.

        @pytest.fixture(scope="module")
        def _city(_module_registry, django_db_blocker):
            return shared_data.populate_shared(_module_registry, django_db_blocker, add_city)
    """
    if holder.registry is not None:
        with blocker.unblock():
            populate(holder.registry)
    return holder


def shared_or_own(holder, reg, populate):
    """For the test's fixture: the shared registry, populated, while it is in use; otherwise the
    test's own registry populated anew (a committing test, or one after it)."""
    return reg if holder.atomic is not None and holder.registry is not None else populate(reg)


def before_test(item):
    """Called before a test's fixtures are set up: end the shared transaction it must not see."""
    current = ModuleRegistry.current
    if current is not None and (current.module is not item.module or blocks(item)):
        current.close()


def restore_default_rows():
    """Put back the rows the data migrations load (kinds of record, frequency rules, the sit-in
    checklist, the kinds of selection): a transactional test that ran before flushed them. Idempotent.
    conftest calls it after every committing test, so the tests after one see what a migrated
    database holds."""
    from django.apps import apps
    for module, function in (("dangjian.records.migrations.0002_default_kinds_and_rules", "load"),
                             ("dangjian.records.migrations.0004_discipline_education", "load"),
                             ("dangjian.study.migrations.0002_default_checklist", "load"),
                             ("dangjian.selections.migrations.0002_seed_kinds", "seed"),
                             ("dangjian.selections.migrations.0003_red_flag_open_findings", "add")):
        getattr(importlib.import_module(module), function)(apps, None)
