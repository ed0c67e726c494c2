"""bench/bench_seed.py never drops a database it did not create: an existing one only with
--replace, and only a bench_* one."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from bench_seed import refuse  # noqa: E402


def test_a_new_database_is_seeded():
    assert refuse("bench_seed", replace=False, exists=False) == ""


def test_an_existing_database_is_refused_without_replace():
    assert "exists" in refuse("bench_seed", replace=False, exists=True)
    assert "exists" in refuse("wt_lead", replace=False, exists=True)


def test_replace_drops_only_a_bench_database():
    assert refuse("bench_seed", replace=True, exists=True) == ""
    assert refuse("bench_seed", replace=True, exists=False) == ""
    for name in ("postgres", "wt_lead", "dangjian", "my_bench_seed"):
        assert "bench_" in refuse(name, replace=True, exists=True)
