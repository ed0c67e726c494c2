#!/usr/bin/env python
"""Benchmark: SQL queries and latency of the registry pages on a seeded PostgreSQL database.

    python bench/bench_pages.py [--scale city|province|both] [--db NAME] [--requests 200]
                                [--explain] [--drop]

For each scale it uses database ``bench_pages_<scale>`` (or --db, e.g. a ``bench_seed``
kept by ``bench_seed.py --keep``), creating and seeding it when it has no registry yet and
keeping it for the next run (--drop removes it afterwards). It counts the SQL queries of
the org tree, branch list and member list as ``gongwei`` (committee) and ``unit1`` (unit
admin), then times N member-list requests (first page, later pages, name searches) and
reports p50/p95. Target: member list p95 < 150 ms at province scale.

Pages are found by URL name: org_tree, branch_list, member_list (dangjian/front/urls.py).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import pgdb

PAGES = ["org_tree", "branch_list", "member_list"]
USERS = ["gongwei", "unit1"]
# The member-list mix: first page twice as often as the rest, like people actually use it.
MEMBER_QUERIES = ["", "", "?page=2", "?page=5", "?page=20", "?page=100", "?q=王", "?q=张伟"]
TARGET_P95_MS = 150


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


# ---- child: runs inside Django against one database -------------------------------------

def measure(n_requests: int, explain: bool) -> dict:
    import django
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from dangjian.accounts.models import User

    out = {"queries": {}, "first_ms": {}, "latency": {}, "slowest_sql": {}}
    for username in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for page in PAGES:
            url = reverse(page)
            client.get(url)   # warm-up: sessions, caches, template loading
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (username, page, response.status_code)
            out["queries"][f"{username} {page}"] = len(ctx.captured_queries)
            out["first_ms"][f"{username} {page}"] = round(elapsed, 1)
        base = reverse("member_list")
        times, by_query = [], {}
        with CaptureQueriesContext(connection) as ctx:
            for i in range(n_requests):
                q = MEMBER_QUERIES[i % len(MEMBER_QUERIES)]
                start = time.perf_counter()
                response = client.get(base + q)
                ms = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, (username, q, response.status_code)
                times.append(ms)
                by_query.setdefault(q or "(first page)", []).append(ms)
        out["latency"][username] = {
            "n": len(times), "p50": round(percentile(times, 50), 1), "p95": round(percentile(times, 95), 1),
            "max": round(max(times), 1),
            "p50_by_query": {q: round(statistics.median(v), 1) for q, v in by_query.items()},
        }
        slow = sorted(ctx.captured_queries, key=lambda c: float(c["time"]), reverse=True)[:3]
        out["slowest_sql"][username] = [{"ms": round(float(c["time"]) * 1000, 1), "sql": c["sql"]} for c in slow]
        if explain:
            out.setdefault("explain", {})[username] = _explain(connection, slow[:2])
    return out


def _explain(connection, captured):
    plans = []
    with connection.cursor() as cursor:
        for c in captured:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + c["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


# ---- parent: prepares the databases and prints the report --------------------------------

def prepare(scale: str, db: str):
    if pgdb.count_units(db):
        print(f"[{scale}] reusing database {db}")
        pgdb.manage(db, "migrate", "--noinput", "-v", "0")   # the code may have moved on
        return
    print(f"[{scale}] creating and seeding database {db} (kept for the next run)")
    if not pgdb.exists(db):
        pgdb.create(db)
    pgdb.manage(db, "migrate", "--noinput", "-v", "0")
    seconds, _ = pgdb.manage(db, "seed_demo", "--scale", scale, "--skip-checks", capture=True)
    print(f"[{scale}] seeded in {seconds:.1f} s")


def run_child(scale: str, db: str, n_requests: int, explain: bool) -> dict:
    args = [sys.executable, __file__, "--child", "--requests", str(n_requests)] + (["--explain"] if explain else [])
    result = subprocess.run(args, cwd=pgdb.ROOT, env=pgdb.env_for(db, DEBUG="0"), check=True,
                            text=True, stdout=subprocess.PIPE)
    return json.loads(result.stdout)


def report(scale: str, r: dict):
    print(f"\n== {scale} ==")
    print("SQL queries per page (time of one warm request):")
    for key, n in r["queries"].items():
        print(f"  {key:<24} {n:>3} queries  {r['first_ms'][key]:>8.1f} ms")
    for user, lat in r["latency"].items():
        print(f"member list as {user}: {lat['n']} requests, p50 {lat['p50']} ms, p95 {lat['p95']} ms, "
              f"max {lat['max']} ms")
        for q, ms in lat["p50_by_query"].items():
            print(f"    {q:<14} p50 {ms} ms")
        for s in r["slowest_sql"][user][:1]:
            print(f"    slowest SQL ({s['ms']} ms): {s['sql'][:300]}")
    for user, plans in r.get("explain", {}).items():
        for plan in plans:
            print(f"\nEXPLAIN ANALYZE ({user}):\n{plan}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--scale", choices=["city", "province", "both"], default="both")
    parser.add_argument("--db", help="use this database (one scale only)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest member-list SQL")
    parser.add_argument("--drop", action="store_true", help="drop the bench databases afterwards")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(pgdb.ROOT))
        os.chdir(pgdb.ROOT)
        print(json.dumps(measure(args.requests, args.explain), ensure_ascii=False))
        return 0
    scales = ["city", "province"] if args.scale == "both" else [args.scale]
    if args.db and len(scales) > 1:
        parser.error("--db needs --scale city or --scale province")
    print(f"machine: {pgdb.machine()}")
    failed = False
    for scale in scales:
        db = args.db or f"bench_pages_{scale}"
        prepare(scale, db)
        r = run_child(scale, db, args.requests, args.explain)
        report(scale, r)
        if scale == "province" and r["latency"]["gongwei"]["p95"] >= TARGET_P95_MS:
            print(f"member list p95 {r['latency']['gongwei']['p95']} ms >= target {TARGET_P95_MS} ms: FAIL")
            failed = True
        if args.drop:
            pgdb.drop(db)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
