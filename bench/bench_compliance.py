"""Benchmark: compliance of every org over a year at province scale, and query counts of the
record pages at two scales.

Usage (PostgreSQL, a database already holding a seeded registry, e.g. kept by bench_seed.py):
    .venv/bin/python bench/bench_compliance.py --db bench_seed [--city-db bench_city]

If the database holds fewer records than --min-records, demo records are added first with the
same code as `seed_demo` (dangjian.demo.records.seed_records).
"""
import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup(db):
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    import pgdb
    pgdb.use_bench_keys()
    import django
    django.setup()


def query_counts(path_users):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dangjian.accounts.models import User

    out = {}
    for username, path in path_users:
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get(path)  # warm
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - t) * 1000
        out[(username, path)] = (response.status_code, len(ctx.captured_queries), round(elapsed))
    return out


PAGES = [("gongwei", "/records/"), ("unit1", "/records/"), ("unit1", "/records/gaps/"),
         ("branch1", "/records/gaps/"), ("gongwei", "/records/picture/")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="bench_seed")
    parser.add_argument("--min-records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup(args.db)
    from django.conf import settings
    settings.ALLOWED_HOSTS = ["*"]

    from dangjian.orgs.models import PartyOrg
    from dangjian.records import compliance
    from dangjian.demo.records import seed_records
    from dangjian.records.models import Activity

    today = date.today()
    n = Activity.objects.count()
    if n < args.min_records:
        t = time.perf_counter()
        added = seed_records(rng=random.Random(7), today=today)
        print(f"seeded {added:,} records in {time.perf_counter() - t:.1f}s")
        n = Activity.objects.count()
    orgs = PartyOrg.objects.count()
    year = today.year - 1
    print(f"database {args.db}: {orgs:,} orgs, {n:,} records")
    timings = []
    for _ in range(args.runs):
        t = time.perf_counter()
        results, rows, _misses = compliance.year_compliance(PartyOrg.objects.all(), year, today)
        timings.append(time.perf_counter() - t)
    print(f"year_compliance({year}) over all {len(rows):,} orgs: "
          f"median {statistics.median(timings):.2f}s, max {max(timings):.2f}s (target < 10 s)")
    for r in results:
        print(f"  {r.rule.kind.code:18} {r.rule.applies_to:10} {r.rule.period:8} {r.met:>7,}/{r.applicable:<7,}")
    t = time.perf_counter()
    items, _ = compliance.current_items(PartyOrg.objects.all(), today)
    print(f"current_items over all orgs: {time.perf_counter() - t:.2f}s ({len(items):,} items)")
    for (user, path), (status, queries, ms) in query_counts(PAGES).items():
        print(f"  {user:8} {path:20} HTTP {status}  {queries} queries  {ms} ms")


if __name__ == "__main__":
    main()
