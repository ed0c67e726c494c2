#!/usr/bin/env python
"""Benchmark: `seed_demo --scale province` on PostgreSQL, in a throwaway database.

    python bench/bench_seed.py [--scale province|city] [--keep] [--db bench_seed] [--replace]

Creates the database, migrates, seeds, checks the counts with `overview --json` and drops the
database unless --keep. It refuses a database that already exists: it drops and recreates one
only with --replace, and only when its name starts with ``bench_`` (a leftover of an earlier
run). Target: province < 5 minutes.
"""
import argparse
import json
import sys
import time

import pgdb

EXPECTED = {
    "city": {"zones": 6, "units": 91, "county_committees": 12, "branches": 1035, "members": 25_000},
    "province": {"zones": 120, "units": 1820, "county_committees": 240, "branches": 20_700,
                 "members": 500_000},
}
TARGET_SECONDS = {"city": 60, "province": 300}


def refuse(name: str, replace: bool, exists: bool) -> str:
    """Why this run must not touch database ``name`` ('' when it may)."""
    if replace and not name.startswith("bench_"):
        return f"--replace drops only a bench_* database, not {name!r}"
    if exists and not replace:
        return (f"database {name!r} exists and this run did not create it; choose another --db, "
                f"or pass --replace to drop it and seed again")
    return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--scale", choices=sorted(EXPECTED), default="province")
    parser.add_argument("--db", default="bench_seed")
    parser.add_argument("--seed", default="2024")
    parser.add_argument("--keep", action="store_true", help="keep the database (bench_pages.py can reuse it)")
    parser.add_argument("--replace", action="store_true",
                        help="drop and recreate --db when it exists (only a bench_* database)")
    args = parser.parse_args()

    refusal = refuse(args.db, args.replace, pgdb.exists(args.db))
    if refusal:
        raise SystemExit(refusal)
    print(f"machine: {pgdb.machine()}")
    if args.replace:
        pgdb.drop(args.db)
    pgdb.create(args.db)        # fails when the name is taken: never seeds into another's database
    try:
        migrate_s, _ = pgdb.manage(args.db, "migrate", "--noinput", "-v", "0")
        print(f"migrate: {migrate_s:.1f} s")
        start = time.monotonic()
        pgdb.manage(args.db, "seed_demo", "--scale", args.scale, "--seed", args.seed, "--skip-checks")
        seed_s = time.monotonic() - start
        _, out = pgdb.manage(args.db, "overview", "--json", "--skip-checks", capture=True)
        counts = json.loads(out)
    finally:
        if not args.keep:
            pgdb.drop(args.db)
    wrong = {k: (counts[k], v) for k, v in EXPECTED[args.scale].items() if counts[k] != v}
    print(f"overview: {json.dumps(counts, ensure_ascii=False)}")
    target = TARGET_SECONDS[args.scale]
    verdict = "OK" if seed_s < target and not wrong else "FAIL"
    print(f"seed_demo --scale {args.scale}: {seed_s:.1f} s wall clock (target < {target} s) {verdict}")
    if wrong:
        print(f"unexpected counts (got, expected): {wrong}")
    if args.keep:
        print(f"kept database {args.db}: {pgdb.url(args.db)}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
