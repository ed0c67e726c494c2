#!/usr/bin/env python
"""Benchmark: the committee's picture with its charts (and the zone and unit pages' charts)
through real HTTP (gunicorn, 2 workers, a shared Redis cache) at province scale, beside
/healthz and beside the raw SQL floor of a cold picture.

    python bench/bench_picture.py --db bench_picture_prov [--requests 30] [--cold 5]
                                  [--floor-runs 5] [--redis redis://127.0.0.1:6379/12]
                                  [--json out.json] [--record bench/RESULTS.md]

The database must hold a seeded registry (bench_seed.py --keep); it is migrated and analysed,
never created or dropped here. The Redis database named by --redis is flushed first (use one
of your own). Measured, as the committee (gongwei):

- warm: each page requested once, then N times round robin with the others: p50 / p95;
- cold: the cached pictures invalidated the way a record write does (the records version is
  bumped: ``selectors.records_changed``), then one request; repeated --cold times, median.
  Charts are cached by their data, so a cold request whose data did not change draws nothing
  anew; "cold + redraw" also drops the drawn charts (a write that changed the numbers);
- SQL floor: a child Django process makes the cold request through ``django.test.Client``
  under ``CaptureQueriesContext``; exactly those statements (as Django sent them, parameters
  interpolated) are then run straight through psycopg, every row fetched, in one transaction
  rolled back at the end; median of --floor-runs.

Targets (issue 8): the picture warm < 1 s, cold within 3x of its SQL floor.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timezone

import psycopg

import pgdb
from bench_http import get, percentile, start_gunicorn

WARM_TARGET_MS, FLOOR_RATIO = 1000, 3.0


# ---- child: sessions, ids and the cold requests' SQL, from inside Django -------------------

def _setup():
    sys.path.insert(0, str(pgdb.ROOT))
    import django
    django.setup()


def prepare_child() -> dict:
    _setup()
    from django.test import Client

    from dangjian.accounts.models import User
    from dangjian.orgs.models import Unit, Zone

    client = Client()
    client.force_login(User.objects.get(username="gongwei"))
    ids = {"unit": Unit.objects.order_by("sort", "id").values_list("pk", flat=True).first(),
           "zone": Zone.objects.order_by("sort", "id").values_list("pk", flat=True).first()}
    return {"cookie": client.cookies["sessionid"].value, "ids": ids}


def capture_child(cookie: str, paths: list[str]) -> dict:
    """{path: {"sql": [statement, …], "ms": in-process time}} of one cold request per path."""
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dangjian.records import selectors

    client = Client()
    client.cookies["sessionid"] = cookie
    client.get("/healthz")            # imports, URL resolver, first connection
    out = {}
    for path in paths:
        client.get(path)              # templates compiled, charts drawn: the cold part is the data
        selectors.records_changed()   # what a record write does
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(path)
            ms = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (path, response.status_code)
        out[path] = {"sql": [q["sql"] for q in ctx.captured_queries], "ms": round(ms, 1)}
    return out


# ---- parent -------------------------------------------------------------------------------

def pages(ids) -> list[tuple[str, str]]:
    year = date.today().year
    return [("picture", "/records/picture/"),                 # last year against the year before
            ("picture this year", f"/records/picture/?year={year}"),
            ("zone detail", f"/zones/{ids['zone']}/"), ("unit detail", f"/units/{ids['unit']}/")]


def bump(client):
    """records_changed() in the shared cache: every picture, month trend and gaps entry is stale."""
    for key in client.scan_iter("dangjian:*records:version"):
        client.incr(key)


def drop_drawn(client):
    for key in client.scan_iter("dangjian:*pagechart:*"):
        client.delete(key)


def sql_floor(db: str, statements: list[str], runs: int) -> list[float]:
    times = []
    with psycopg.connect(pgdb.url(db)) as conn:
        for _ in range(runs):
            start = time.perf_counter()
            with conn.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement.encode())
                    if cursor.description is not None:
                        cursor.fetchall()
            times.append((time.perf_counter() - start) * 1000)
            conn.rollback()             # a session write, if any, is never kept
    return times


def run(port, prep, args, redis_client) -> dict:
    cookie, todo = prep["cookie"], pages(prep["ids"])
    result = {"first": {}, "warm": {}, "cold": {}, "redraw": {}}
    everything = [("healthz", "/healthz")] + todo
    for name, path in everything:                    # the first request of each, twice each worker
        ms, status = get(port, path, cookie)
        assert status == 200, (path, status)
        result["first"][name] = round(ms, 1)
        get(port, path, cookie)
    for _ in range(args.requests):
        for name, path in everything:
            result["warm"].setdefault(name, []).append(get(port, path, cookie)[0])
    for _ in range(args.cold):                       # cold: a record write, then one request each
        for name, path in todo:
            bump(redis_client)
            result["cold"].setdefault(name, []).append(get(port, path, cookie)[0])
    for _ in range(max(1, args.cold // 2)):          # cold, and the charts drawn anew
        for name, path in todo:
            bump(redis_client)
            drop_drawn(redis_client)
            result["redraw"].setdefault(name, []).append(get(port, path, cookie)[0])
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--db", default="bench_picture_prov")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--floor-runs", type=int, default=5)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--json")
    parser.add_argument("--record", help="append the results as a dated section to this Markdown file")
    parser.add_argument("--child", choices=["prepare", "capture"], help=argparse.SUPPRESS)
    parser.add_argument("--cookie", help=argparse.SUPPRESS)
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "prepare":
        print(json.dumps(prepare_child()))
        return 0
    if args.child == "capture":
        print(json.dumps(capture_child(args.cookie, json.loads(args.paths))))
        return 0
    if not pgdb.count_units(args.db):
        raise SystemExit(f"{args.db} holds no registry: seed it first (bench_seed.py --keep --db {args.db})")
    import redis
    redis_client = redis.Redis.from_url(args.redis)
    machine = pgdb.machine()
    print(f"machine: {machine}")
    loads = [os.getloadavg()]
    pgdb.manage(args.db, "migrate", "--noinput", "-v", "0")
    pgdb.analyze(args.db)       # a fresh seed has no planner statistics until autovacuum runs
    env = pgdb.env_for(args.db, DEBUG="0", REDIS_URL=args.redis)
    redis_client.flushdb()

    def child(*extra):
        return json.loads(subprocess.run([sys.executable, __file__, "--db", args.db, *extra], cwd=pgdb.ROOT,
                                         env=env, check=True, text=True, stdout=subprocess.PIPE).stdout)

    prep = child("--child", "prepare")
    proc, port = start_gunicorn(env, 300)
    try:
        result = run(port, prep, args, redis_client)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    loads.append(os.getloadavg())
    captured = child("--child", "capture", "--cookie", prep["cookie"],
                     "--paths", json.dumps([path for _name, path in pages(prep["ids"])]))
    result["floor"], result["queries"], result["in_process"] = {}, {}, {}
    for name, path in pages(prep["ids"]):
        statements = captured[path]["sql"]
        result["queries"][name] = len(statements)
        result["in_process"][name] = captured[path]["ms"]
        result["floor"][name] = sql_floor(args.db, statements, args.floor_runs)
    loads.append(os.getloadavg())
    result["load"] = [[round(x, 2) for x in load] for load in loads]
    result["machine"] = machine
    text = report(result, args)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, ensure_ascii=False, indent=1)
    if args.record:
        with open(args.record, "a") as f:
            f.write("\n" + section(text, result, args))
    picture_ok = (percentile(result["warm"]["picture"], 50) < WARM_TARGET_MS
                  and ratio(result, "picture") <= FLOOR_RATIO)
    return 0 if picture_ok else 1


def ratio(result, name) -> float:
    floor = statistics.median(result["floor"][name])
    return statistics.median(result["cold"][name]) / floor if floor else float("inf")


def report(result, args) -> str:
    lines = [f"warm: {args.requests} requests per page, round robin; cold: median of {args.cold} "
             f"(records version bumped before each); SQL floor: median of {args.floor_runs}; "
             f"gunicorn 2 workers, Redis cache {args.redis}", "",
             "| page | warm p50 ms | warm p95 ms | first ms | cold median ms (runs) | cold + redraw ms | "
             "queries | SQL floor ms | cold / floor | target |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, times in result["warm"].items():
        p50, p95 = percentile(times, 50), percentile(times, 95)
        if name not in result["cold"]:
            lines.append(f"| {name} | {p50:.1f} | {p95:.1f} | {result['first'][name]:.1f} | — | — | — | — | — | — |")
            continue
        cold = result["cold"][name]
        floor = statistics.median(result["floor"][name])
        r = ratio(result, name)
        verdict = ""
        if name.startswith("picture"):
            ok = p95 < WARM_TARGET_MS and r <= FLOOR_RATIO
            verdict = f"warm < 1 s, cold ≤ 3× floor {'✔' if ok else '✘'}"
        lines.append(f"| {name} | {p50:.1f} | {p95:.1f} | {result['first'][name]:.0f} | "
                     f"**{statistics.median(cold):.0f}** ({', '.join(f'{t:.0f}' for t in cold)}) | "
                     f"{statistics.median(result['redraw'][name]):.0f} | {result['queries'][name]} | "
                     f"{floor:.0f} | {r:.2f}× | {verdict} |")
    lines.append("")
    lines.append("cold in process (django.test.Client, the captured request): " + ", ".join(
        f"{name} {ms:.0f} ms" for name, ms in result["in_process"].items()))
    lines.append("")
    lines.append("load average (1, 5, 15 min) at the start, after the HTTP part, at the end: "
                 + "; ".join(", ".join(f"{x:.1f}" for x in load) for load in result["load"]))
    return "\n".join(lines)


def section(text, result, args) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"## The picture with charts at province scale (issue 8), {now}\n\n"
            "`picture` is `/records/picture/` (by default last year, its trend against the year "
            "before); `picture this year` is `?year=` this year; the zone and unit detail pages "
            "draw this year's charts.\n\n"
            f"`python bench/bench_picture.py --db {args.db} --requests {args.requests} --cold {args.cold} "
            f"--floor-runs {args.floor_runs}` on a database seeded by `bench_seed.py --scale province "
            f"--keep`, as the committee (gongwei). {result['machine']}. The 2 cores are shared with "
            f"other agents' work, so the figures are pessimistic.\n\n"
            "- warm: the page from the cache (pictures, month trends and drawn charts), p50/p95;\n"
            "- cold: the records version bumped in Redis as a record write does (`records_changed`), "
            "then one request; the charts stay cached by their data, so \"cold + redraw\" also drops "
            "the drawn charts;\n"
            "- SQL floor: the cold request's statements captured in a child Django process "
            "(`CaptureQueriesContext`), run raw through psycopg with every row fetched.\n\n"
            f"{text}\n")


if __name__ == "__main__":
    sys.exit(main())
