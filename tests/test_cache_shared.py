"""The shared cache: with REDIS_URL the committee's picture lives in Redis, and a correction
written by another process (another gunicorn worker) reaches this one at once.

The other process is a real one (a subprocess writing through the record service), so both
must reach one database: the test runs on PostgreSQL (CI's second pass) and is skipped on
the in-memory SQLite test database. When CI asks for the real thing (REQUIRE_POSTGRES=1 or
REQUIRE_REDIS=1) an unreachable Redis is a failure, never a skip.
"""
import os
import runpy
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from dangjian.records.models import Activity, ActivityKind

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
ROOT = Path(__file__).resolve().parent.parent
REDIS_CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                            "LOCATION": REDIS_URL, "KEY_PREFIX": "dangjian"}}

WRITER = """
import sys
from datetime import date
import django
django.setup()
from dangjian.accounts.models import User
from dangjian.orgs.models import PartyOrg
from dangjian.records.models import ActivityKind
from dangjian.records.services import activity_create
user_id, org_id, held_on = int(sys.argv[1]), int(sys.argv[2]), date.fromisoformat(sys.argv[3])
activity_create(user=User.objects.get(pk=user_id), org=PartyOrg.objects.get(pk=org_id),
                kind=ActivityKind.objects.get(code="theme_day"), held_on=held_on, topic="t",
                attendee_count=5)
"""


def _redis_or_skip():
    import redis
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        required = os.environ.get("REQUIRE_POSTGRES") == "1" or os.environ.get("REQUIRE_REDIS") == "1"
        (pytest.fail if required else pytest.skip)(f"Redis at {REDIS_URL} unreachable: {exc}")


def _database_url():
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _write_in_another_process(user, org, held_on):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings", DATABASE_URL=_database_url(),
               REDIS_URL=REDIS_URL, PYTHONPATH=str(ROOT))
    env.pop("REQUIRE_POSTGRES", None)
    result = subprocess.run([sys.executable, "-c", WRITER, str(user.pk), str(org.pk), held_on.isoformat()],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_settings_pick_redis_when_redis_url_is_set(monkeypatch):
    settings_file = ROOT / "dangjian" / "settings.py"
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    shared = runpy.run_path(str(settings_file))["CACHES"]["default"]
    monkeypatch.delenv("REDIS_URL")
    local = runpy.run_path(str(settings_file))["CACHES"]["default"]
    assert (shared["BACKEND"], shared["LOCATION"]) == ("django.core.cache.backends.redis.RedisCache", REDIS_URL)
    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def _default_kinds_and_rules():
    """An earlier committing test on this worker may have flushed the kinds and rules the
    migrations load: put the defaults back (records/defaults.py)."""
    from dangjian.records import defaults
    from dangjian.records.models import FrequencyRule
    kinds = {}
    for sort, (code, name, category, takes_vote, asks_form) in enumerate(defaults.KINDS):
        kinds[code], _ = ActivityKind.objects.get_or_create(code=code, defaults={
            "name": name, "category": category, "takes_vote": takes_vote, "asks_form": asks_form, "sort": sort})
    for sort, (code, applies_to, period, min_count, basis, is_local, lead_days) in enumerate(defaults.RULES):
        FrequencyRule.objects.get_or_create(kind=kinds[code], applies_to=applies_to, period=period, defaults={
            "min_count": min_count, "basis": basis, "is_local": is_local, "lead_days": lead_days, "sort": sort})


@pytest.mark.django_db(transaction=True)
def test_a_correction_in_another_process_reaches_this_ones_picture_at_once(login, reg):
    if connection.vendor != "postgresql":
        pytest.skip("the other process needs the same database: runs on PostgreSQL")
    _redis_or_skip()
    _default_kinds_and_rules()
    last = date.today().year - 1
    with override_settings(CACHES=REDIS_CACHES):
        cache.clear()
        try:
            client = login(reg.committee)
            assert "1/3（33%）" not in client.get(f"/records/picture/?year={last}").content.decode()  # the city, theme days
            kind = ActivityKind.objects.get(code="theme_day")
            Activity.objects.bulk_create([Activity(org=reg.branch_a1, kind=kind, held_on=date(last, m, 10), topic="t")
                                          for m in range(1, 12)])     # behind the services' back
            assert "1/3（33%）" not in client.get(f"/records/picture/?year={last}").content.decode()  # cached in Redis
            _write_in_another_process(reg.secretary, reg.branch_a1, date(last, 12, 10))
            assert "1/3（33%）" in client.get(f"/records/picture/?year={last}").content.decode()
        finally:
            cache.clear()
