"""The committee's heat table, pure: shade bands, sort keys and the sorting itself (no ORM).

A cell is ``(met, due)``: the (org, period) pairs of a unit's orgs that kept a rule, of those
judged; ``None`` where the rule applies to none of the unit's orgs (missing, never zero).
The number is always printed in the cell: the shade only repeats it.
"""
from dataclasses import dataclass

# (lowest share, css class, background, text colour, legend). Darker means a bigger gap; every
# text colour keeps a contrast of at least 4.5:1 on its background (tests/test_records_heat.py).
BANDS = (
    (1.0, "h5", "#fff5eb", "#222222", "100%"),
    (0.95, "h4", "#fdd0a2", "#222222", "95%–99%"),
    (0.85, "h3", "#fdae6b", "#222222", "85%–94%"),
    (0.70, "h2", "#c2410c", "#ffffff", "70%–84%"),
    (0.50, "h1", "#a63603", "#ffffff", "50%–69%"),
    (0.0, "h0", "#7f2704", "#ffffff", "0–49%"),
)
MISSING_CLASS = "hn"


def share(cell):
    """met / due, or None when nothing was due (missing)."""
    if not cell or not cell[1]:
        return None
    return cell[0] / cell[1]


def percent(cell) -> int | None:
    """The share as the whole percent the page prints (rounded half to even, as round())."""
    value = share(cell)
    return None if value is None else round(100 * value)


def band(cell) -> str:
    """The css class of a cell's shade, from the percent printed (so 99.6% reads and shades as 100%)."""
    value = percent(cell)
    if value is None:
        return MISSING_CLASS
    for lowest, css, *_rest in BANDS:
        if value >= round(100 * lowest):
            return css
    return BANDS[-1][1]


@dataclass
class HeatRow:
    unit_id: int | None
    name: str
    zone_id: int | None
    zone: str
    division_id: int | None
    division: str
    cells: list                 # [(met, due) or None], in rule order
    order: int = 0              # the registry's order of units (the default sort)
    category_id: int | None = None
    zone_order: int = 0         # the zone's place in the registry, the division's in its scheme:
    division_order: int = 0     # a zone sorts as the committee lists them, not by its name's code points


FIXED_KEYS = ("unit", "zone", "division")


def sort_keys(rule_ids) -> set:
    """Every accepted value of the ``sort`` parameter: a column, optionally "-" for descending."""
    keys = {*FIXED_KEYS, *(f"rule{rid}" for rid in rule_ids)}
    return keys | {f"-{k}" for k in keys}


def parse_sort(value: str, rule_ids):
    """(column, descending) for a ``sort`` value, or None when it names no column."""
    if value not in sort_keys(rule_ids):
        return None
    return value.lstrip("-"), value.startswith("-")


def sort_rows(rows, column: str, descending: bool, rule_ids) -> list:
    """The rows sorted by ``column``: a unit, zone or division in the registry's (the scheme's)
    order, a rule by its share; ties in the registry's order of units; a missing value (no
    zone, no division, no applicable org) always last, whichever the direction."""
    rows = sorted(rows, key=lambda r: r.order)
    if column == "unit":
        return rows[::-1] if descending else rows
    if column in ("zone", "division"):
        def value(row):
            has = row.zone_id if column == "zone" else row.division_id
            return None if has is None else getattr(row, f"{column}_order")
    else:
        index = list(rule_ids).index(int(column.removeprefix("rule")))

        def value(row):
            return share(row.cells[index])
    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=value, reverse=descending)     # stable: ties keep the registry's order
    return present + missing
