#!/usr/bin/env python
"""Benchmark: eligibility of every branch for a red-flag round, and the selection lists' queries.

    python bench/bench_selections.py [--scale city|province] [--runs 3] [--keep]

It uses its own database ``bench_sel_<scale>`` only: created and seeded with
``seed_demo --scale <scale>`` when it has no registry yet (the province takes several minutes),
dropped at the end unless --keep. It never touches another database.

It times ``selections.eligibility.evaluate`` of a red-flag round with the kind's default rules
(grade 较好 or better, no veto, twelve months of meeting rules, branch setup, no sanctioned
member) over every live branch (median of --runs, the assessment cache cleared before each),
counts its SQL queries, and counts the queries of the round page (nomination list) and of a
reviewer's list. Target (issue 7): province (about 20,000 branches) under 10 s on PostgreSQL;
the lists make the same number of queries at both scales.
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

TARGET_S = 10.0


def measure(runs: int) -> dict:
    import django
    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from dangjian.accounts.models import Membership
    from dangjian.selections.eligibility import evaluate
    from dangjian.selections.models import Assignment, Round

    rnd = Round.objects.filter(kind__code="red_flag_branch").order_by("-year").first()
    if rnd is None:
        raise SystemExit("no red-flag round in this database: seed_demo must seed one")
    rnd.eligibility = rnd.kind.default_eligibility
    times, queries, outcomes = [], 0, {}
    for i in range(runs):
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            outcomes = evaluate(rnd)
            times.append(time.perf_counter() - start)
        queries = len(ctx.captured_queries)
    failed = {}
    for o in outcomes.values():
        if not o.passed:
            failed[o.failed] = failed.get(o.failed, 0) + 1
    out = {"round": str(rnd), "branches": len(outcomes), "eligible": sum(o.passed for o in outcomes.values()),
           "failed_by_rule": failed, "eligibility_s": round(statistics.median(times), 3),
           "eligibility_runs_s": [round(t, 3) for t in times], "queries": queries}
    pages = {}
    committee = Membership.objects.filter(role="committee_admin").select_related("user").first().user
    expert = Assignment.objects.filter(grant__round=rnd).select_related("grant__user").first().grant.user
    for label, user, url in (("round page (nominations)", committee, reverse("selections:round_detail", args=[rnd.pk])),
                             ("my reviews", expert, reverse("selections:my_reviews"))):
        client = Client()
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            ms = (time.perf_counter() - start) * 1000
        pages[label] = {"status": response.status_code, "queries": len(ctx.captured_queries), "ms": round(ms)}
    out["pages"] = pages
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--scale", choices=["city", "province"], default="province")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database for the next run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.runs), ensure_ascii=False, default=str))
        return
    os.chdir(pgdb.ROOT)
    name = f"bench_sel_{args.scale}"
    seeded_s = None
    if not pgdb.exists(name):
        pgdb.create(name)
    try:
        if not pgdb.count_units(name):
            pgdb.manage(name, "migrate", "--noinput", "-v", "0")
            seeded_s, _ = pgdb.manage(name, "seed_demo", "--scale", args.scale, "--password", "Bench#Only-2024")
            pgdb.analyze(name)
        result = subprocess.run([sys.executable, __file__, "--child", "--runs", str(args.runs)], cwd=pgdb.ROOT,
                                env=pgdb.env_for(name), check=True, text=True, stdout=subprocess.PIPE)
        out = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        if not args.keep:
            pgdb.drop(name)
    out.update(scale=args.scale, seed_s=None if seeded_s is None else round(seeded_s, 1), target_s=TARGET_S,
               within_target=out["eligibility_s"] < TARGET_S, machine=pgdb.machine())
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
