#!/usr/bin/env python
"""Benchmark: every committee page, and the unit admin's and secretary's main pages, through
real HTTP (gunicorn, 2 workers, and the background worker) on a seeded PostgreSQL database,
beside /healthz.

    python bench/bench_http.py --db bench_perf [--requests 60] [--redis redis://127.0.0.1:6379/5]
                               [--uncached 3] [--crawl 20] [--json out.json]

The database must hold a seeded registry (bench_seed.py --keep, or bench_pages.py); it is
migrated, never created or dropped here. With --redis the workers share that Redis cache
(flushed first) as production would; ``--redis ''`` gives each worker its memory cache.
Each page is requested once to warm up, then N times in turn with the others (round robin),
and p50/p95/max are reported. With --crawl N, every other page each user reaches from the home
page (one per path shape, GET links only) is found in the child and requested N times as well,
so no page of any role goes unmeasured. The picture is also timed uncached (--uncached times each,
after invalidating it the way a record write does). Targets: p95 < 300 ms for every page,
< 100 ms for list pages.
"""
import argparse
import html
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date

import pgdb

TARGET_MS, LIST_TARGET_MS = 300, 100
SLOW_MS, SLOW_REQUESTS = 3000, 10      # a page whose warm answer takes > 3 s is timed 10 times
LISTS = {"tree", "zones", "units", "branches", "members", "records", "gaps", "audit", "courses",
         "bases", "bookings", "sit-ins",
         # found by the crawl (named by their path)
         "/brands/", "/challenges/", "/selections/", "/selections/titles/", "/assessment/ledger/",
         "/assessment/appeals/", "/assessment/appeals/snapshots/", "/assessment/schemes/", "/jobs/",
         "/imports/", "/feedback/", "/county-committees/", "/commitments/overview/", "/rectification/"}
# The crawl follows every same-site link a user's pages show (GET only): nothing that signs out,
# downloads, reveals a masked field or changes data; the admin site is the admins' own tool.
SKIP = re.compile(r"/logout|/export|/download|\.xlsx|\.docx|/imports/template/|/attachments/|/reveal/|/delete/"
                  r"|/cancel/|/end/|/withdraw/|^/admin/|/print/")
LINK = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"")
MAX_CRAWL = 250


def shape(path):
    return re.sub(r"\d+", "N", path.split("?")[0])


def crawl(client, start="/"):
    """The pages a signed-in user reaches from the home page, one per path shape."""
    seen, queue, found = set(), [start], []
    while queue and len(found) < MAX_CRAWL:
        path = queue.pop(0)
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        found.append(path)
        for href in LINK.findall(response.content.decode()):
            href = html.unescape(href).split("#")[0]
            if href.startswith("/") and not SKIP.search(href) and shape(href) not in seen:
                queue.append(href)
    return found


def percentile(values, p):
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


# ---- child: sessions and object ids, from inside Django ----------------------------------

def prepare_child() -> dict:
    import django
    django.setup()
    from django.test import Client

    from dangjian.accounts.models import Membership, User
    from dangjian.orgs.models import PartyOrg, Unit, Zone
    from dangjian.study.models import Course, EducationBase

    clients = {}

    def cookie(username):
        client = clients[username] = Client()
        client.force_login(User.objects.get(username=username))
        return client.cookies["sessionid"].value

    users = ["gongwei", "dept1", "zone1", "unit1", "branch1", "member1", "auditor"]
    branch = Membership.objects.filter(user__username="branch1").values_list("org_id", flat=True).first()
    year = date.today().year
    ids = {"unit": Unit.objects.order_by("sort", "id").values_list("pk", flat=True).first(),
           "zone": Zone.objects.order_by("sort", "id").values_list("pk", flat=True).first(),
           "branch": branch,
           "org": PartyOrg.objects.filter(parent__isnull=True).order_by("id").values_list("pk", flat=True).first(),
           "course": Course.objects.order_by("id").values_list("pk", flat=True).first(),
           "base": EducationBase.objects.order_by("id").values_list("pk", flat=True).first(),
           "year": year}
    cookies = {u: cookie(u) for u in users}
    return {"cookies": cookies, "ids": ids, "crawled": {u: crawl(clients[u]) for u in users} if CRAWL else {}}


CRAWL = os.environ.get("BENCH_CRAWL") == "1"


def crawled_pages(crawled, listed) -> list[tuple[str, str, str]]:
    """(user, path, path) of the crawled pages whose shape the fixed list does not measure."""
    known = {(user, shape(path)) for user, _name, path in listed}
    return [(user, path, path) for user, paths in crawled.items() for path in paths
            if (user, shape(path)) not in known]


def pages(ids) -> list[tuple[str, str, str]]:
    """(user, name, path) of every page measured."""
    y = ids["year"]
    committee = [
        ("home", "/"), ("tree", "/tree/"), ("zones", "/zones/"), ("zone detail", f"/zones/{ids['zone']}/"),
        ("units", "/units/"), ("unit detail", f"/units/{ids['unit']}/"), ("org detail", f"/orgs/{ids['org']}/"),
        ("branches", "/branches/"), ("members", "/members/"), ("records", "/records/"), ("gaps", "/records/gaps/"),
        ("picture past year", f"/records/picture/?year={y - 1}"), ("picture this year", f"/records/picture/?year={y}"),
        ("due", f"/records/org/{ids['branch']}/due/"), ("sit-ins", "/study/sit-ins/"),
        ("coverage", "/study/sit-ins/coverage/"), ("courses", "/study/courses/"), ("youth", "/study/youth/"),
        ("bases", "/study/bases/"), ("bookings", "/study/bookings/"),
    ]
    if ids["course"]:
        committee.append(("course detail", f"/study/courses/{ids['course']}/"))
    if ids["base"]:
        committee.append(("base calendar", f"/study/bases/{ids['base']}/"))
    out = [("-", "healthz", "/healthz")] + [("gongwei", n, p) for n, p in committee]
    for user in ("unit1", "branch1"):
        out += [(user, n, p) for n, p in (("home", "/"), ("tree", "/tree/"), ("branches", "/branches/"),
                                          ("members", "/members/"), ("records", "/records/"),
                                          ("gaps", "/records/gaps/"),
                                          ("due", f"/records/org/{ids['branch']}/due/"))]
    out += [(user, "home", "/") for user in ("dept1", "zone1", "member1")]
    out.append(("auditor", "audit", "/audit/"))
    return out


# ---- parent -------------------------------------------------------------------------------

def get(port, path, session):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if session:
        request.add_header("Cookie", f"sessionid={session}")
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        status = response.status
    return (time.perf_counter() - start) * 1000, status


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(port, proc):
    for _ in range(200):
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            get(port, "/healthz", None)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer")


def start_gunicorn(env, timeout):
    """gunicorn with 2 workers on a free port, answering /healthz: (process, port)."""
    port = free_port()
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    proc = subprocess.Popen([gunicorn, "dangjian.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                             "--timeout", str(timeout), "--log-level", "warning"], cwd=pgdb.ROOT, env=env)
    wait_up(port, proc)
    return proc, port


def invalidate(redis_url):
    """What a record write does (records_changed): bump the picture version in the shared cache."""
    import redis
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter("dangjian:*records:version"):
        client.incr(key)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--db", required=True)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--uncached", type=int, default=3)
    parser.add_argument("--crawl", type=int, default=0, metavar="N",
                        help="also every other page each user reaches (crawled), N requests each")
    parser.add_argument("--json")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(pgdb.ROOT))
        print(json.dumps(prepare_child()))
        return 0
    if not pgdb.count_units(args.db):
        raise SystemExit(f"{args.db} holds no registry: seed it first (bench_seed.py --keep --db {args.db})")
    print(f"machine: {pgdb.machine()}")
    pgdb.manage(args.db, "migrate", "--noinput", "-v", "0")
    pgdb.analyze(args.db)       # a fresh seed has no planner statistics until autovacuum runs
    env = pgdb.env_for(args.db, DEBUG="0", REDIS_URL=args.redis)
    if args.redis:
        import redis
        redis.Redis.from_url(args.redis).flushdb()
    child_env = dict(env, BENCH_CRAWL="1" if args.crawl else "0")
    prep = json.loads(subprocess.run([sys.executable, __file__, "--child", "--db", args.db], cwd=pgdb.ROOT,
                                     env=child_env, check=True, text=True, stdout=subprocess.PIPE).stdout)
    proc, port = start_gunicorn(env, 120)
    # the background worker beside gunicorn, as in production: it refreshes the assessment results
    # past their TTL (a view serves the stored ones meanwhile) and runs the jobs
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-reload"], cwd=pgdb.ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        result = run(port, prep, args)
    finally:
        for process in (proc, worker):
            process.terminate()
            process.wait(timeout=30)
    report(result, args)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, ensure_ascii=False, indent=1)
    return 0


def run(port, prep, args):
    cookies, todo = prep["cookies"], pages(prep["ids"])
    extra = crawled_pages(prep["crawled"], todo)
    result = {"first": {}, "times": {}, "uncached": {}, "crawled": {}}
    warm = {}
    for user, name, path in todo:        # warm-up (the cold figure: first request), then one more
        ms, status = get(port, path, cookies.get(user))
        assert status == 200, (user, path, status)
        result["first"][f"{user} {name}"] = round(ms, 1)
        warm[f"{user} {name}"] = get(port, path, cookies.get(user))[0]
    slow = {key for key, ms in warm.items() if ms > SLOW_MS}
    for i in range(args.requests):
        for user, name, path in todo:
            if f"{user} {name}" in slow and i >= SLOW_REQUESTS:
                continue        # far over target anyway: fewer requests keep the run short
            ms, _status = get(port, path, cookies.get(user))
            result["times"].setdefault(f"{user} {name}", []).append(ms)
    for user, name, path in extra:          # the crawled pages, after the fixed list
        result["first"][f"{user} {name}"] = round(get(port, path, cookies.get(user))[0], 1)
    for _i in range(args.crawl):
        for user, name, path in extra:
            ms, status = get(port, path, cookies.get(user))
            assert status == 200, (user, path, status)
            result["crawled"].setdefault(f"{user} {name}", []).append(ms)
    if args.redis:
        for name, path in [(n, p) for u, n, p in todo if u == "gongwei" and n.startswith("picture")]:
            times = []
            for _ in range(args.uncached):
                invalidate(args.redis)
                times.append(get(port, path, cookies["gongwei"])[0])
            result["uncached"][name] = [round(t, 1) for t in times]
    return result


def report(result, args):
    print(f"\n{args.requests} requests per page, round robin, gunicorn 2 workers, "
          f"cache: {'Redis ' + args.redis if args.redis else 'memory per worker'}\n")
    print("| user | page | n | p50 ms | p95 ms | max ms | first ms | target |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for key, times in list(result["times"].items()) + sorted(
            result["crawled"].items(), key=lambda item: -percentile(item[1], 95)):
        user, name = key.split(" ", 1)
        target = LIST_TARGET_MS if shape(name) in LISTS or name in LISTS else TARGET_MS
        p95 = percentile(times, 95)
        verdict = "✔" if p95 < target else "✘"
        print(f"| {user} | {name} | {len(times)} | {percentile(times, 50):.1f} | {p95:.1f} | {max(times):.1f} | "
              f"{result['first'][key]:.1f} | < {target} {verdict} |")
    over = [key for key, times in {**result["times"], **result["crawled"]}.items()
            if percentile(times, 95) >= (LIST_TARGET_MS if shape(key.split(" ", 1)[1]) in LISTS
                                         or key.split(" ", 1)[1] in LISTS else TARGET_MS)]
    print(f"\n{len(result['times']) + len(result['crawled'])} pages ({len(result['crawled'])} found by the crawl), "
          f"{len(over)} over target: {', '.join(over) or 'none'}")
    for name, times in result["uncached"].items():
        print(f"uncached {name}: {', '.join(f'{t:.0f}' for t in times)} ms")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    sys.exit(main())
