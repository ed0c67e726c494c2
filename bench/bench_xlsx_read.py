"""Compare the ways of reading the rows of the 25,000-member workbook (no database).

    .venv/bin/python bench/bench_xlsx_read.py [--runs 7] [--members 25000]

The workbook is the one bench_import.py imports (same builder). Each path turns the file's
bytes into every row's values, the work ``imports/parse.read_rows`` does before the column
parsers run; each is timed --runs times in this process, in turn, and the median reported:

- openpyxl:        openpyxl's own read-only ``iter_rows`` (the reader's fallback)
- fast reader:     ``imports/xlsx_rows.iter_values`` (openpyxl opens, our iterparse decodes)
- read_rows:       the whole path the import runs: package checks, header search, fast reader
- calamine:        python-calamine ``to_python`` (needs ``pip install python-calamine``)
- calamine+guard:  calamine after the cheapest scan that keeps it from allocating the
                   sheet's whole bounding box (two cells at A1 and XFD1048576 abort the process)
"""
import argparse
import io
import os
import re
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
import pgdb  # noqa: E402
pgdb.use_bench_keys()
import django  # noqa: E402
django.setup()

from bench_import import member_rows, workbook  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from dangjian.imports.parse import read_rows  # noqa: E402
from dangjian.imports.specs import member_spec  # noqa: E402
from dangjian.imports.xlsx_rows import iter_values  # noqa: E402

WIDTH = 12
# Refs that could make calamine's range big: two or more letters, or six or more digits.
BIG_REF = re.compile(rb'r="(?:[A-Z]{2,}|[A-Z]{0,3}\d{6,}|[^A-Z0-9])')


def openpyxl_rows(data):
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = wb.worksheets[0]
    ws.reset_dimensions()
    rows = [list(r) for r in ws.iter_rows(min_row=1, max_col=WIDTH, values_only=True)]
    wb.close()
    return rows


def fast_rows(data):
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = wb.worksheets[0]
    ws.reset_dimensions()
    rows = [v for _, v in iter_values(ws, min_row=1, max_col=WIDTH)]
    wb.close()
    return rows


def read_rows_path(data):
    return list(read_rows(data, member_spec()))


def calamine_rows(data):
    import python_calamine
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return sheet.to_python(skip_empty_area=False)


def calamine_guarded(data):
    """Inflate the sheet and look for large refs first. Not complete (r='...', character
    references, whitespace around '=' would still need handling): a lower bound on its cost."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    if BIG_REF.search(sheet):
        raise ValueError("range too large")
    return calamine_rows(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--members", type=int, default=25_000)
    args = parser.parse_args()
    data = workbook(member_spec().headers, member_rows(args.members), "党员")
    paths = {"openpyxl": openpyxl_rows, "fast reader": fast_rows, "read_rows": read_rows_path}
    try:
        import python_calamine
        paths["calamine"] = calamine_rows
        paths["calamine+guard"] = calamine_guarded
        from importlib.metadata import version as installed
        version = installed("python-calamine")
    except ImportError:
        version = None
    print(f"{args.members:,}-member workbook, {len(data) / 1024 / 1024:.2f} MB; {args.runs} runs each, "
          f"in turn; python-calamine {version or 'not installed'}")
    print(f"load average at the start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    times = {name: [] for name in paths}
    cpu = {name: [] for name in paths}
    counts = {}
    for _ in range(args.runs):
        for name, read in paths.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            counts[name] = len(read(data))
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    # CPU seconds are the fairer figure on a shared machine: wall time grows with the load.
    for name, spent in times.items():
        print(f"  {name:<16} wall median {statistics.median(spent):6.3f} s (min {min(spent):6.3f})   "
              f"cpu median {statistics.median(cpu[name]):6.3f} s (min {min(cpu[name]):6.3f})   "
              f"rows {counts[name]:,}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
