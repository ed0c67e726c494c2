"""Benchmark the registry import: 1,000+ branches, then 25,000 members from one workbook.

    .venv/bin/python bench/bench_import.py                     # SQLite, a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432 .venv/bin/python bench/bench_import.py

The database is created, migrated and dropped by the script. On PostgreSQL only the server of
the URL is used: the script creates its own database ``bench_import_<pid>`` there and drops
only that one (a database named in the URL is never touched). Imports run through the same
service functions the views use: batch_create (parse + validate + plan) and batch_apply.
"""
import io
import os
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
import pgdb  # noqa: E402  (beside this script)
pgdb.use_bench_keys()

MEMBERS = int(os.environ.get("BENCH_MEMBERS", 25_000))
UNITS = 91
BRANCHES_PER_UNIT = 11          # 91 x 11 = 1,001 branches
TARGET_SECONDS = 30


@contextmanager
def timed(label, results):
    """Wall-clock seconds (what a user waits), and this process's CPU seconds beside them:
    on a busy machine the first grows with the load, the second does not."""
    start, cpu = time.perf_counter(), time.process_time()
    yield
    results[label] = time.perf_counter() - start
    results[label + " (cpu)"] = time.process_time() - cpu
    print(f"  {label:<52} {results[label]:7.2f} s  (cpu {results[label + ' (cpu)']:6.2f} s)", flush=True)


def setup_database():
    """(cleanup function, description). Must run before django.setup()."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parsed = urlparse(url)
        pgdb.SERVER = parsed._replace(path="", query="", fragment="").geturl()
        stack = ExitStack()
        name, os.environ["DATABASE_URL"] = stack.enter_context(pgdb.own_database("bench_import"))

        def cleanup():
            from django.db import connections
            connections.close_all()
            stack.close()
        return cleanup, f"PostgreSQL ({name}, created for this run)"
    handle, path = tempfile.mkstemp(prefix="bench_import_", suffix=".sqlite3")
    os.close(handle)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"

    def cleanup():
        from django.db import connections
        connections.close_all()
        os.unlink(path)
    return cleanup, f"SQLite ({path})"


def workbook(headers, rows, title):
    """A workbook as Excel or WPS would save it: with its <dimension> record (a write-only
    openpyxl file has none, and openpyxl then reads the whole sheet once more just to size it)."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def id_number(i):
    from dangjian.lib.excel import id_check_char
    birth = date(1960, 1, 1) + timedelta(days=i % 15000)
    first17 = f"110105{birth:%Y%m%d}{i // 15000:03d}"
    return first17 + id_check_char(first17), birth


def member_rows(n, post="科员"):
    statuses = ("正式党员",) * 9 + ("预备党员",)
    for i in range(n):
        number, birth = id_number(i)
        status = statuses[i % 10]
        joined = birth.replace(year=birth.year + 25) if birth.month != 2 or birth.day != 29 else birth.replace(
            year=birth.year + 25, day=28)
        joined = min(joined, date(2024, 1, 1))
        full = None if status == "预备党员" else joined + timedelta(days=366)
        unit, branch = i % UNITS, (i // UNITS) % BRANCHES_PER_UNIT
        yield [f"党员{i:05d}", "男" if i % 2 else "女", number, "汉族", birth, "大学本科", status,
               f"单位{unit:02d}第{branch + 1}党支部", joined, full, post, f"138{i:08d}"]


def import_file(user, kind, data, results, label):
    from dangjian.imports.apply import batch_apply, batch_create
    with timed(f"{label}: upload (parse + validate)", results):
        batch, plan = batch_create(user=user, kind=kind, filename=f"{kind}.xlsx", data=data)
    if batch is None:
        sys.exit(f"{label}: {len(plan.errors)} errors, first: {[str(e) for e in plan.errors[:5]]}")
    with timed(f"{label}: confirm (re-validate + write)", results):
        plan = batch_apply(user=user, batch=batch)
    for suffix in ("", " (cpu)"):
        results[f"{label}: total{suffix}"] = (results[f"{label}: upload (parse + validate){suffix}"]
                                              + results[f"{label}: confirm (re-validate + write){suffix}"])
    print(f"  {label + ': total':<52} {results[label + ': total']:7.2f} s  "
          f"(cpu {results[label + ': total (cpu)']:6.2f} s)  "
          f"new {plan.created}, updated {plan.updated}, unchanged {plan.unchanged}", flush=True)
    return plan


def main():
    cleanup, where = setup_database()
    try:
        import django
        django.setup()
        from django.core.management import call_command
        from dangjian.accounts.models import Role
        from dangjian.accounts.services import user_create
        from dangjian.imports.specs import member_spec, org_spec, unit_spec
        from dangjian.orgs.models import Member, PartyOrg, UnitCategory, Zone

        print(f"Benchmark on {where}: {UNITS} units, {UNITS * BRANCHES_PER_UNIT} branches, {MEMBERS:,} members")
        results = {}
        with timed("migrate", results):
            call_command("migrate", verbosity=0)
        committee = user_create(by=None, username="bench", password="Bench#pass2024",
                                role=Role.COMMITTEE_ADMIN, check_password=False)
        UnitCategory.objects.create(name="党政机关")
        for z in range(6):
            Zone.objects.create(name=f"第{z + 1}协作区")

        units = workbook(unit_spec().headers, [[f"单位{u:02d}", "", "党政机关", f"第{u % 6 + 1}协作区"]
                                               for u in range(UNITS)], "市直单位")
        import_file(committee, "units", units, results, "units")
        org_rows = []
        for u in range(UNITS):
            org_rows.append([f"单位{u:02d}机关党委", "机关党委", "", f"单位{u:02d}", "", None,
                             date(2023, 1, 1), None, "是"])
            for b in range(BRANCHES_PER_UNIT):
                org_rows.append([f"单位{u:02d}第{b + 1}党支部", "党支部", f"单位{u:02d}机关党委", "", "",
                                 None, date(2024, 1, 1), None, "是"])
        import_file(committee, "orgs", workbook(org_spec().headers, org_rows, "党组织"), results, "orgs")
        assert PartyOrg.objects.count() == UNITS * (BRANCHES_PER_UNIT + 1)

        with timed(f"generate {MEMBERS:,}-member xlsx", results):
            data = workbook(member_spec().headers, member_rows(MEMBERS), "党员")
        print(f"  {'file size':<42} {len(data) / 1024 / 1024:7.2f} MB")
        import_file(committee, "members", data, results, "members, first import")
        assert Member.objects.count() == MEMBERS
        import_file(committee, "members", data, results, "members, same file again")
        assert Member.objects.count() == MEMBERS
        changed = workbook(member_spec().headers, member_rows(MEMBERS, post="副科长"), "党员")
        import_file(committee, "members", changed, results, "members, every row changed")
        assert Member.objects.filter(post="副科长").count() == MEMBERS

        from django.db.models import Count

        from dangjian.imports.export import registry_export
        from dangjian.accounts.gatekeeper import visible_members
        with timed(f"export {MEMBERS:,} members (masked)", results):
            exported = registry_export(user=committee, kind="members",
                                       queryset=visible_members(committee).current())
        # Our own export is a write-only file without a <dimension>: openpyxl sizes it by
        # reading it once more, so this round trip is the slow case of reading.
        import_file(committee, "members", exported, results, "members, own export re-imported")
        first = results["members, first import: total"]
        verdict = "OK" if first < TARGET_SECONDS else "TOO SLOW"
        print(f"\n{MEMBERS:,}-member import, upload + confirm: {first:.2f} s wall, "
              f"{results['members, first import: total (cpu)']:.2f} s cpu "
              f"(target < {TARGET_SECONDS} s): {verdict}")
        print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        busiest = PartyOrg.objects.annotate(n=Count("members")).order_by("-n").values_list("n", flat=True)[0]
        print(f"(largest branch: {busiest} members)")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
