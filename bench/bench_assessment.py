#!/usr/bin/env python
"""Benchmark: a full recompute of the daily-assessment scheme, beside its raw SQL floor.

    python bench/bench_assessment.py [--scale city|province|both] [--runs 3] [--drop]

For each scale it uses its own database ``bench_assess_<scale>``, seeding it with
``seed_demo --scale <scale>`` (which seeds the year's daily scheme, its ledger and the
records its metrics read) when it has no registry yet, and keeping it for the next run;
--drop removes it afterwards. It never touches another database.

It times ``scoring.scheme_results`` over every assessed body (median of --runs, warm), counts
its SQL queries, and then runs the very statements it issued, raw, through the same
connection and fetches every row: that is the SQL floor over the same rows. It also counts
the queries and times the division tables and one unit's score card as the committee, cold
(the live results computed afresh) and warm (from the cache).
Targets (issue 6): city < 2 s; province < 30 s and within 3x of the floor; the pages make
the same number of queries at both scales.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pgdb  # noqa: E402

TARGET_S = {"city": 2.0, "province": 30.0}
FLOOR_RATIO = 3.0


# ---- child: inside Django, against one database -----------------------------------------

def measure(runs: int) -> dict:
    import django
    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from dangjian.accounts.models import Membership
    from dangjian.assessment.models import AssessedBody, Indicator, LedgerEntry, Scheme
    from dangjian.assessment.scoring import scheme_results
    from dangjian.records.models import Activity

    scheme = (Scheme.objects.filter(kind=Scheme.Kind.DAILY, published_at__isnull=False)
              .order_by("-year", "-version").first())
    if scheme is None:
        raise SystemExit("no published daily scheme in this database: seed_demo must seed one")
    on = timezone.localdate()
    out = {"scheme": str(scheme), "on": on.isoformat(),
           "bodies": AssessedBody.objects.filter(unit__isnull=False).count(),
           "indicators": Indicator.objects.filter(scheme=scheme).exclude(kind=Indicator.Kind.GROUP).count(),
           "ledger_entries": LedgerEntry.objects.filter(scheme=scheme).count(),
           "records": Activity.objects.count()}

    scheme_results(scheme, on=on)          # warm: connection, caches, imports
    times, statements = [], []
    for i in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            results = scheme_results(scheme, on=on)
            times.append(time.perf_counter() - start)
        if i == 0:
            statements = [q["sql"] for q in ctx.captured_queries]
    out["recompute_s"] = round(statistics.median(times), 3)
    out["recompute_runs_s"] = [round(t, 3) for t in times]
    out["queries"] = len(statements)
    out["scored"] = sum(1 for r in results.bodies if r.score is not None)

    # The SQL floor: the same statements, already interpolated by Django's capture, run raw.
    floors = []
    for _ in range(runs):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
        floors.append(time.perf_counter() - start)
    out["sql_floor_s"] = round(statistics.median(floors), 3)
    out["ratio_to_floor"] = round(out["recompute_s"] / out["sql_floor_s"], 2) if out["sql_floor_s"] else None

    # Query counts of the pages that show the results (constant across scales).
    pages = {}
    committee = Membership.objects.filter(role="committee_admin").select_related("user").first()
    body = AssessedBody.objects.filter(unit__isnull=False).order_by("id").first()
    for label, name, args in (("division tables", "assessment:tables", []),
                              ("score card", "assessment:card", [body.pk])):
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            pages[label] = "no such page"
            continue
        client = Client()
        client.force_login(committee.user)
        row = {}
        for state in ("cold", "warm"):       # cold: the live results computed afresh
            if state == "cold":
                cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                ms = (time.perf_counter() - start) * 1000
            row[state] = {"status": response.status_code, "queries": len(ctx.captured_queries), "ms": round(ms)}
        pages[label] = row
    out["pages"] = pages
    return out


# ---- parent: databases and the report ---------------------------------------------------

def run_scale(scale: str, runs: int, drop: bool) -> dict:
    name = f"bench_assess_{scale}"
    seeded_s = None
    if not pgdb.exists(name):
        pgdb.create(name)
    if not pgdb.count_units(name):
        pgdb.manage(name, "migrate", "--noinput", "-v", "0")
        seeded_s, _ = pgdb.manage(name, "seed_demo", "--scale", scale, "--password", "Bench#Only-2024")
    env = pgdb.env_for(name)
    result = subprocess.run([sys.executable, __file__, "--child", "--runs", str(runs)], cwd=pgdb.ROOT,
                            env=env, check=True, text=True, stdout=subprocess.PIPE)
    out = json.loads(result.stdout.strip().splitlines()[-1])
    out["seed_s"] = None if seeded_s is None else round(seeded_s, 1)
    out["target_s"] = TARGET_S[scale]
    out["within_target"] = out["recompute_s"] < TARGET_S[scale]
    out["within_floor_ratio"] = out["ratio_to_floor"] is not None and out["ratio_to_floor"] <= FLOOR_RATIO
    if drop:
        pgdb.drop(name)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--scale", choices=["city", "province", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--drop", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.runs), ensure_ascii=False, default=str))
        return
    os.chdir(pgdb.ROOT)
    report = {"machine": pgdb.machine()}
    for scale in (["city", "province"] if args.scale == "both" else [args.scale]):
        report[scale] = run_scale(scale, args.runs, args.drop)
        print(json.dumps({scale: report[scale]}, ensure_ascii=False, indent=1), flush=True)
    report["machine_after"] = pgdb.machine()
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
