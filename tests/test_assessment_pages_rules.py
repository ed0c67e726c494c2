"""Pure helpers of the assessment pages, property-tested: the points cell of a ledger upload,
a ladder's order, the division tables' grouping."""
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import example, given
from hypothesis import strategies as st

from dangjian.assessment.selectors import division_tables, ladder_steps
from dangjian.imports.specs import points
from dangjian.lib.excel import CellError

CELLS = st.one_of(st.none(), st.text(max_size=12), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                  st.decimals(allow_nan=False, allow_infinity=False).map(str))


@given(CELLS)
@example(1e26)
@example("1e-30")
def test_a_points_cell_is_a_positive_cent_amount_or_a_chinese_refusal(value):
    try:
        out = points(value)
    except CellError as err:
        assert str(err)
        return
    assert out is None or (isinstance(out, Decimal) and 0 < out < 1000 and out == out.quantize(Decimal("0.01")))


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.integers(0, 20), max_size=6))
def test_a_ladder_is_listed_lightest_first_whatever_order_its_keys_come_in(ladder):
    steps = ladder_steps(ladder)
    assert sorted(steps) == sorted(ladder)
    assert [ladder[k] for k in steps] == sorted(ladder.values())
    assert ladder_steps(dict(reversed(list(ladder.items())))) == steps


@given(st.lists(st.sampled_from(["甲", "乙", "丙", None]), max_size=30))
def test_division_tables_keep_every_row_once_in_order(divisions):
    rows = [SimpleNamespace(division=d, n=i) for i, d in enumerate(divisions)]
    tables = division_tables(rows)
    assert [d for d, _rows in tables] == list(dict.fromkeys(divisions))
    assert sorted(r.n for _d, table in tables for r in table) == list(range(len(rows)))
    for division, table in tables:
        assert all(r.division == division for r in table) and [r.n for r in table] == sorted(r.n for r in table)
