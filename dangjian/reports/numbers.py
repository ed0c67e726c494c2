"""The numbers of an annual review: every figure of the year over the scope, with the previous
year and the three years to the year (三年来) where data exists, each cited once.

Figures come from the owning apps' selectors only (``figures.annual`` and ``figures.yearly``);
nothing is counted here. A figure's kind says how it compares: a "flow" (records, winners,
problems raised) has a previous year, a change and a three-year total; a "level" (a share, a
grade count) a previous year and a change; a "stock" (today's registry) neither.
"""
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from django.db import connection, connections
from django.utils.translation import gettext as _

from dangjian.assessment.models import Scheme
from dangjian.figures.annual import Figure, annual_numbers
from dangjian.figures.yearly import compliance_figures, grade_figures, yearly_figures

ANNUAL_PAGE = "/figures/annual/?year={year}"
# the review's sections, each holding the figures whose key starts with one of its prefixes
SECTION_PREFIXES = (
    ("political_study", ("sit_in", "course", "booking")),
    ("organization", ("units", "branches", "members", "records", "rule", "commitments")),
    ("clean_organ", ("rectification", "clean")),
    ("brands", ("brand", "winners")),
    ("assessment", ("grades",)),
)


def section_of(key: str) -> str:
    for code, prefixes in SECTION_PREFIXES:
        if any(key.startswith(p) for p in prefixes):
            return code
    return "burden"


PARALLEL = 3        # threads (each its own database connection) for the costly computations


def _tasks(user, year: int, today: date, levels: bool) -> list:
    """The computations of one year's figures, the costliest first (at province scale the
    division tables and the picture take seconds each, the counts a fraction of one)."""
    tasks = [lambda: list(annual_numbers(user, year, today=today)) + yearly_figures(user, year)]
    if levels:
        tasks = [lambda: grade_figures(user, year), lambda: compliance_figures(user, year, today),
                 lambda: grade_figures(user, year, Scheme.Kind.CLEAN_ORGAN)] + tasks
    return tasks


def _in_thread(task):
    try:
        return task()
    finally:
        connections.close_all()       # this thread's connections only


def _run(tasks) -> list:
    """Each task's result, in order: in threads, so that the database answers the costly reads
    side by side; in the caller's thread inside a transaction (a test's data, or a caller's
    writes, are seen by its own connection only)."""
    if connection.in_atomic_block or len(tasks) < 2:
        return [task() for task in tasks]
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return list(pool.map(_in_thread, tasks))


def _figures(results, levels: bool) -> list[Figure]:
    """One year's figures in the review's order (counts, shares, daily grades, clean-organ)."""
    if not levels:
        return results[0]
    grades, shares, clean, counts = results
    return counts + shares + grades + clean


def year_figures(user, year: int, today: date, *, levels=True) -> list[Figure]:
    """Every figure of ``year``; the shares and grades (``levels``) only where compared."""
    return _figures(_run(_tasks(user, year, today, levels)), levels)


def years_figures(user, years, today: date) -> list[list[Figure]]:
    """``year_figures`` of each of ``years`` (the last without levels), computed together."""
    plan = [(year, i < len(years) - 1) for i, year in enumerate(years)]
    tasks = [_tasks(user, year, today, levels) for year, levels in plan]
    results = iter(_run([task for group in tasks for task in group]))
    return [_figures([next(results) for _t in group], levels) for group, (_y, levels) in zip(tasks, plan)]


def has_data(figures) -> bool:
    """Whether the platform holds anything of that year (a year before it was used has none)."""
    return any(f.value for f in figures if f.kind == "flow")


def _text(value, unit=""):
    if value is None:
        return "—"
    return f"{value}{unit}"


def _change(value, previous, unit=""):
    if value is None or previous is None:
        return "—"
    diff = value - previous
    suffix = _("个百分点") if unit == "%" else ""
    return (f"+{diff}" if diff > 0 else str(diff)) + suffix


@dataclass
class Number:
    figure: Figure
    previous: int | None        # the previous year's value, None where there is none to compare
    three: int | None           # the three years to the year added up (flows only)
    ref: str = ""               # "[n]": its line in the list of sources

    @property
    def key(self):
        return self.figure.key

    @property
    def value(self):
        return self.figure.value

    def row(self) -> dict:
        f = self.figure
        return {"key": f.key, "label": f.label, "value": _text(f.value, f.unit),
                "previous": _text(self.previous, f.unit), "change": _change(f.value, self.previous, f.unit),
                "three": _text(self.three, f.unit), "source": self.ref}


class Numbers:
    """The review's numbers by key, in the order the selectors give them, and their sources."""

    def __init__(self, user, year: int, today: date):
        self.year = year
        now, last, before = years_figures(user, (year, year - 1, year - 2), today)
        last_by, before_by = {f.key: f for f in last}, {f.key: f for f in before}
        compare, three_years = has_data(last), has_data(last) and has_data(before)
        self.numbers, self.sources = [], []
        for f in now:
            previous = last_by.get(f.key) if compare and f.kind != "stock" else None
            three = None
            if three_years and f.kind == "flow" and f.key in last_by and f.key in before_by:
                three = f.value + last_by[f.key].value + before_by[f.key].value
            number = Number(f, None if previous is None else previous.value, three)
            number.ref = self.cite(f.label, f"{f.source}（{f.page or ANNUAL_PAGE.format(year=year)}）")
            self.numbers.append(number)
        self.by_key = {n.key: n for n in self.numbers}
        self.compared, self.three_years = compare, three_years

    def cite(self, label, origin) -> str:
        self.sources.append({"ref": f"[{len(self.sources) + 1}]", "label": label, "origin": origin})
        return self.sources[-1]["ref"]

    def get(self, key) -> Number | None:
        return self.by_key.get(key)

    def value(self, key, default=0):
        number = self.by_key.get(key)
        return default if number is None or number.value is None else number.value

    def say(self, key) -> str:
        """The value as a sentence prints it, with its reference: "128[7]", "—" when missing."""
        number = self.by_key.get(key)
        if number is None:
            return "—"
        return f"{_text(number.value, number.figure.unit)}{number.ref}"

    def of_section(self, code) -> list[Number]:
        return [n for n in self.numbers if section_of(n.key) == code]

    def starting(self, prefix) -> list[Number]:
        return [n for n in self.numbers if n.key.startswith(prefix)]

    def printed(self) -> int:
        """How many numbers the review prints: each value, previous year, change and three-year total."""
        return sum(1 + (n.previous is not None) * 2 + (n.three is not None) for n in self.numbers
                   if n.value is not None)
