"""Throwaway PostgreSQL databases for the benchmarks (bench_seed.py, bench_pages.py).

BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432) names the server; each benchmark
uses its own database on it, created through psycopg on the ``postgres`` database.
"""
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def url(name: str) -> str:
    return f"{SERVER}/{name}"


def _admin():
    return psycopg.connect(url("postgres"), autocommit=True)


def exists(name: str) -> bool:
    with _admin() as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def create(name: str):
    with _admin() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop(name: str):
    with _admin() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def own_database(prefix: str):
    """A new database ``<prefix>_<pid>`` on SERVER, dropped at the end; (name, its URL).

    CREATE DATABASE fails when the name is taken, so a database this process did not create is
    never dropped."""
    name = f"{prefix}_{os.getpid()}"
    create(name)
    try:
        yield name, url(name)
    finally:
        drop(name)


def analyze(name: str):
    """Planner statistics for every table of a bench database."""
    with psycopg.connect(url(name), autocommit=True) as conn:
        conn.execute("ANALYZE")


def count_units(name: str) -> int:
    """Units in a bench database; 0 when it has no registry (or no tables) yet."""
    try:
        with psycopg.connect(url(name)) as conn:
            return conn.execute("SELECT count(*) FROM orgs_unit").fetchone()[0]
    except psycopg.Error:
        return 0


# Outside DEBUG and DEMO_MODE the settings refuse to load without keys of one's own; the
# benchmarks' throwaway databases are encrypted under these. A bench database seeded before
# keys were required opens only under the development key: drop it (--drop) and seed again.
BENCH_KEYS = {"SECRET_KEY": "bench-only-secret-key-for-throwaway-benchmark-databases-5c2e9a",
              "DATA_KEY": "YmVuY2gtb25seSBEQVRBX0tFWSwgMzIgYnl0ZXMhISE="}


def use_bench_keys(environ=os.environ):
    for name, value in BENCH_KEYS.items():
        environ.setdefault(name, value)
    return environ


def env_for(name: str, **extra) -> dict:
    env = dict(os.environ, DATABASE_URL=url(name), DJANGO_SETTINGS_MODULE="dangjian.settings")
    use_bench_keys(env)
    env.pop("DEMO_MODE", None)
    env.update(extra)
    return env


def manage(name: str, *args, capture=False) -> tuple[float, str]:
    """Run ``manage.py args`` against database ``name``; (seconds, stdout if captured)."""
    start = time.monotonic()
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env_for(name),
                            check=True, text=True, stdout=subprocess.PIPE if capture else None)
    return time.monotonic() - start, (result.stdout or "")


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with _admin() as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores ({cpu}), PostgreSQL {version}, Python {sys.version.split()[0]}; "
            f"load average now {load}")
