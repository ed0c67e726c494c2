#!/usr/bin/env python
"""Benchmark: the city's annual review (年度工作综述) generated on PostgreSQL.

    python bench/bench_review.py [--scale province|city] [--db bench_review_<scale>] [--runs 3]
                                 [--year YYYY] [--drop]

Uses its own database (``bench_review_<scale>`` unless --db names another bench_review_*),
seeding it with ``seed_demo --scale <scale>`` when it has no registry yet (``bench_seed.py
--keep --db bench_review_province`` seeds one too), and keeps it for the next run unless
--drop. It never touches another database.

It times what ``manage.py annual_review --scope city`` does (the committee's stand-in over the
city, every number computed, three charts drawn, the template filled): cold, with the shared
cache cleared before each run (the picture and the assessment results computed afresh), the
median of --runs; then once warm; then once cold in one thread (inside a transaction, where
reports/numbers.py does not thread the costly reads), counting every SQL query. It checks the
document holds its six sections. The year defaults to that of the latest published daily
scheme (the seed's), so every section has data. Target (issue 8): province < 30 s.
"""
import argparse
import io
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

TARGET_S = 30.0


def measure(runs: int, year: int | None) -> dict:
    import django
    django.setup()
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from docx import Document

    from dangjian.assessment.models import Scheme
    from dangjian.orgs.models import Member, PartyOrg, Unit
    from dangjian.records.models import Activity
    from dangjian.reports.review import annual_review_docx
    from dangjian.reports.scope import scope_user

    if year is None:
        latest = (Scheme.objects.filter(kind=Scheme.Kind.DAILY, published_at__isnull=False)
                  .order_by("-year").values_list("year", flat=True).first())
        year = latest or time.localtime().tm_year
    out = {"year": year, "units": Unit.objects.count(), "orgs": PartyOrg.objects.count(),
           "members": Member.objects.count(), "records": Activity.objects.count(),
           "records_in_year": Activity.objects.filter(held_on__year=year).count()}
    picked = scope_user("city")
    times, data = [], b""
    for _i in range(runs):
        cache.clear()
        start = time.perf_counter()
        data = annual_review_docx(picked.user, year, picked.name)
        times.append(time.perf_counter() - start)
    out["cold_runs_s"] = [round(t, 2) for t in times]
    out["cold_median_s"] = round(statistics.median(times), 2)
    start = time.perf_counter()
    annual_review_docx(picked.user, year, picked.name)
    out["warm_s"] = round(time.perf_counter() - start, 2)
    # once more, cold, in one thread (inside a transaction the costly reads are not threaded):
    # the time without the threads, and every query of the review counted
    cache.clear()
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        annual_review_docx(picked.user, year, picked.name)
        out["cold_one_thread_s"] = round(time.perf_counter() - start, 2)
    out["queries"] = len(ctx.captured_queries)
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    out["bytes"] = len(data)
    out["tables"] = len(document.tables)
    out["table_rows"] = sum(len(t.rows) - 1 for t in document.tables)
    out["charts"] = len(document.inline_shapes)
    out["sections_found"] = sum(1 for heading in ("政治学习", "组织建设", "清廉机关", "品牌创建", "日常考核", "为基层减负")
                                if heading in text)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--scale", choices=["city", "province"], default="province")
    parser.add_argument("--db", default=None, help="a bench_review_* database")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--drop", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.runs, args.year), ensure_ascii=False, default=str))
        return 0
    name = args.db or f"bench_review_{args.scale}"
    if not name.startswith("bench_review_"):
        raise SystemExit("the benchmark uses only databases named bench_review_*")
    os.chdir(pgdb.ROOT)
    report = {"machine": pgdb.machine(), "database": name, "scale": args.scale}
    if not pgdb.exists(name):
        pgdb.create(name)
    if not pgdb.count_units(name):
        pgdb.manage(name, "migrate", "--noinput", "-v", "0")
        seeded_s, _ = pgdb.manage(name, "seed_demo", "--scale", args.scale, "--password", "Bench#Only-2024")
        report["seed_s"] = round(seeded_s, 1)
    child = [sys.executable, __file__, "--child", "--runs", str(args.runs)]
    if args.year:
        child += ["--year", str(args.year)]
    result = subprocess.run(child, cwd=pgdb.ROOT, env=pgdb.env_for(name), check=True, text=True,
                            stdout=subprocess.PIPE)
    report.update(json.loads(result.stdout.strip().splitlines()[-1]))
    report["target_s"] = TARGET_S
    report["within_target"] = report["cold_median_s"] < TARGET_S
    report["machine_after"] = pgdb.machine()
    if args.drop:
        pgdb.drop(name)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if report["within_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
