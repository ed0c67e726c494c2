#!/usr/bin/env python
"""Benchmark: rectification at province scale on PostgreSQL, on synthetic problems.

    python bench/bench_rectification.py

In a database of its own (``wt_rect_bench_<pid>`` on BENCH_PG_URL, dropped at the end) it builds 1,820 units in 120 zones (the province's count)
and N problems with their histories (2,000, then 20,000: the demo seeds only a couple of
dozen, so the load is synthetic), and times, at each size: the E4 metric over every unit, the
eligibility selector over every unit, and the department's list, the unit's list and the
committee's counts (SQL queries and ms, one warm request).
"""
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, time as dtime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pgdb  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date.today()


def timed(fn, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page(user, name):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    client.get(reverse(name))               # warm
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        response = client.get(reverse(name))
        ms = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (name, response.status_code)
    return len(ctx.captured_queries), ms


def child():
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from dangjian.accounts.models import Department, Role
    from dangjian.accounts.services import user_create
    from dangjian.assessment import metrics
    from dangjian.orgs.models import OrgType, Unit, UnitCategory, Zone
    from dangjian.orgs.services import org_create
    from dangjian.rectification.models import Problem, Transition
    from dangjian.rectification.selectors import units_with_open_findings

    rng = random.Random(7)
    with transaction.atomic():
        cat = UnitCategory.objects.create(name="bench党政机关")
        zones = Zone.objects.bulk_create([Zone(name=f"bench协作区{i}", sort=i) for i in range(120)])
        units = Unit.objects.bulk_create([Unit(name=f"bench单位{i}", category=cat, zone=zones[i % 120], sort=i)
                                          for i in range(1820)])
        dept = Department.objects.create(name="bench纪委监委")
        password = "Bench#pass2026x"
        dept_user = user_create(by=None, username="bench_dept", password=password, role=Role.DEPARTMENT,
                                department=dept)
        committee = user_create(by=None, username="bench_gw", password=password, role=Role.COMMITTEE_ADMIN)
        oc = org_create(user=None, name="bench机关党委", type=OrgType.ORGAN_COMMITTEE, unit=units[0],
                        term_start=date(2024, 1, 1))
        unit_user = user_create(by=None, username="bench_unit", password=password, role=Role.UNIT_ADMIN, org=oc)
    for total in (2_000, 20_000):
        have = Problem.objects.count()
        problems, fates = [], []
        for i in range(have, total):
            raised = TODAY - timedelta(days=rng.randint(10, 400))
            deadline = raised + timedelta(days=rng.randint(20, 120))
            unit = units[0] if i % 200 == 0 else rng.choice(units)
            fate = rng.choice(["open", "done", "verified", "back"])
            problems.append(Problem(unit=unit, department=dept, source=rng.choice(["inspection", "audit", "self_check"]),
                                    raised_on=raised, description=f"bench问题{i}", measures="整改", owner="张某",
                                    deadline=deadline, status={"back": "open"}.get(fate, fate), created_by=dept_user))
            fates.append(fate)
        Problem.objects.bulk_create(problems, batch_size=5000)
        history = []
        for p, fate in zip(problems, fates):
            at = datetime.combine(p.raised_on, dtime(10), tzinfo=TZ)
            history.append(Transition(problem=p, action="create", status="open", by=dept_user, at=at))
            steps = {"open": [], "done": ["done"], "verified": ["done", "verified"], "back": ["done", "open"]}[fate]
            for k, status in enumerate(steps, start=1):
                history.append(Transition(problem=p, action={"done": "report", "verified": "verify",
                                                             "open": "send_back"}[status],
                                          status=status, by=dept_user, at=at + timedelta(days=5 * k)))
        Transition.objects.bulk_create(history, batch_size=5000)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        ids = [u.id for u in units]
        metric_s = timed(lambda: metrics.compute("rectification_overdue", year=TODAY.year, on=TODAY,
                                                 unit_ids=ids, params={"share_each": "1/4"}))
        findings_s = timed(lambda: units_with_open_findings(ids, TODAY))
        overdue = Problem.objects.overdue(TODAY).count()
        print(f"problems {total} (history {Transition.objects.count()}, overdue today {overdue}):")
        print(f"  rectification_overdue over 1820 units: {metric_s * 1000:.0f} ms")
        print(f"  units_with_open_findings over 1820 units: {findings_s * 1000:.0f} ms")
        for user, name in ((dept_user, "rectification:raised"), (unit_user, "rectification:unit"),
                           (committee, "rectification:overview")):
            queries, ms = page(user, name)
            print(f"  {name}: {queries} queries, {ms:.0f} ms")


def main():
    with pgdb.own_database("wt_rect_bench") as (_name, url):
        env = dict(os.environ, DATABASE_URL=url, REQUIRE_POSTGRES="1", DJANGO_SETTINGS_MODULE="tests.settings")
        subprocess.run([sys.executable, __file__, "--child"], cwd=pgdb.ROOT, env=env, check=True)


if __name__ == "__main__":
    child() if "--child" in sys.argv else main()
