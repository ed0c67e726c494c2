"""The study pages' charts: drawn on the page, the same numbers as the page's tables, a constant
number of queries at two sizes, only what the user may see; the pure builders fuzzed."""
from datetime import date, timedelta

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from dangjian.lib.pagecharts import number, percent
from dangjian.orgs.models import Unit
from dangjian.study import charts
from dangjian.study.models import (
    Booking, BookingStatus, ChecklistItem, Course, EducationBase, Enrolment, SitIn, SitInPlan, SitInResult,
    SitInStatus,
)
from dangjian.study.selectors import ZoneCoverage

TODAY = date.today()
YEAR = TODAY.year
SVG = 'class="chart-svg"'


def _done(unit, missed=()):
    """A done sit-in at ``unit`` this year, every active item met but those at ``missed``."""
    plan, _ = SitInPlan.objects.get_or_create(year=YEAR)
    s = SitIn.objects.create(plan=plan, unit=unit, planned_on=date(YEAR, 1, 5), status=SitInStatus.DONE)
    items = list(ChecklistItem.objects.filter(active=True))
    SitInResult.objects.bulk_create([SitInResult(sit_in=s, item=item, met=i not in missed)
                                     for i, item in enumerate(items)])
    return s


def _rows(response, index):
    return response.context["charts"][index].rows


# --- sit-in coverage ------------------------------------------------------------------------

def test_the_coverage_page_draws_the_zones_as_its_table_counts_them(reg, login):
    _done(reg.unit_a, missed=(1, 2))
    _done(Unit.objects.create(name="市统计局", category=reg.category), missed=(2,))   # in no zone
    Unit.objects.create(name="市审计局", category=reg.category, zone=reg.zone_a)
    planned = _done(reg.unit_b, missed=(0,))
    planned.status = SitInStatus.PLANNED               # a planned sit-in's results count nowhere
    planned.save()
    response = login(reg.committee).get(reverse("study:coverage"), {"year": YEAR})
    html = response.content.decode()
    assert response.status_code == 200 and html.count(SVG) == 2 and '<div class="charts">' in html
    zones = response.context["coverage"].zones
    assert [z.name for z in zones] == ["第一协作区", "第二协作区", "未划分协作区"]     # zoneless last
    assert _rows(response, 0) == [[z.name, number(percent(z.covered, z.total), "%")] for z in zones]
    assert _rows(response, 0) == [["第一协作区", "50%"], ["第二协作区", "0%"], ["未划分协作区", "100%"]]
    for z in zones:                                    # the page's own table says the same
        assert f"<td>{z.name}</td><td>{z.covered} / {z.total}</td>" in html
    items = list(ChecklistItem.objects.filter(active=True))
    assert _rows(response, 1) == [[items[2].name, "2"], [items[1].name, "1"]]   # most missed first
    assert f'<th scope="row">{items[2].name}</th><td>2</td>' in html           # one click away


def test_the_departments_see_the_committees_numbers_and_units_get_403(reg, login):
    _done(reg.unit_a, missed=(0,))
    url = reverse("study:coverage")
    seen = [_rows(login(user).get(url, {"year": YEAR}), 1) for user in (reg.committee, reg.dept)]
    assert seen[0] == seen[1] != []
    for user in (reg.unit_admin, reg.zone_lead, reg.secretary, reg.outsider):
        response = login(user).get(url, {"year": YEAR})
        assert response.status_code == 403 and SVG not in response.content.decode()


def test_the_coverage_page_makes_constant_queries(reg, login, count_queries):
    client = login(reg.committee)
    url = reverse("study:coverage")
    _done(reg.unit_a, missed=(0,))
    small = count_queries(lambda: client.get(url, {"year": YEAR}))
    for i in range(25):
        _done(Unit.objects.create(name=f"测试单位{i}", category=reg.category, zone=reg.zone_b), missed=(i % 4, 5))
    assert count_queries(lambda: client.get(url, {"year": YEAR})) == small


# --- courses --------------------------------------------------------------------------------

def _courses(reg, n, enrolled=1):
    made = [Course.objects.create(name=f"培训班{Course.objects.count() + 1}", kind="party_worker", starts_on=TODAY,
                                  ends_on=TODAY, capacity=40) for _ in range(n)]
    Enrolment.objects.bulk_create([Enrolment(course=c, member=m) for c in made for m in reg.members_a1[:enrolled]])
    return made


def test_the_course_list_draws_enrolled_beside_seats_as_the_table_shows_them(reg, login):
    _courses(reg, 3, enrolled=2)
    response = login(reg.secretary).get(reverse("study:course_list"))
    html = response.content.decode()
    assert response.status_code == 200 and SVG in html
    shown = response.context["courses"]
    assert _rows(response, 0) == [[c.name, str(c.enrolled), str(c.capacity)] for c in shown]
    assert {(row[1], row[2]) for row in _rows(response, 0)} == {("2", "40")}
    assert all(f"<td>{c.enrolled} / {c.capacity}</td>" in html for c in shown)


def test_many_courses_are_drawn_as_their_fill_share_and_the_queries_stay_constant(reg, login, count_queries):
    client = login(reg.secretary)
    url = reverse("study:course_list")
    _courses(reg, 2)
    small = count_queries(lambda: client.get(url))
    _courses(reg, 20, enrolled=4)
    assert count_queries(lambda: client.get(url)) == small
    response = client.get(url)
    assert response.context["charts"][0].headers == ["培训班", "报名率"]
    assert [row[1] for row in _rows(response, 0)] == ["10%"] * 20 + ["2.5%"] * 2
    assert login(reg.sysadmin).get(url).status_code == 403


# --- education bases ------------------------------------------------------------------------

def _bookings(reg, base, branch, dates, status=BookingStatus.BOOKED):
    Booking.objects.bulk_create([Booking(base=base, branch=branch, date=d, headcount=5, status=status)
                                 for d in dates])


def test_bookings_by_month_are_the_users_own_and_leave_out_cancelled_ones(reg, login):
    base = EducationBase.objects.create(name="测试基地", capacity=1000)
    _bookings(reg, base, reg.branch_a1, [date(YEAR, 1, 10), date(YEAR, 1, 11), date(YEAR - 1, 3, 2)])
    _bookings(reg, base, reg.branch_a1, [date(YEAR, 1, 12)], BookingStatus.CANCELLED)
    _bookings(reg, base, reg.branch_a1, [date(YEAR, 2, 1)], BookingStatus.COMPLETED)
    _bookings(reg, base, reg.branch_b1, [date(YEAR, 1, 3)] * 4 + [date(YEAR - 2, 1, 3)])
    url = reverse("study:base_list")

    def months(user):
        response = login(user).get(url)
        assert response.status_code == 200 and SVG in response.content.decode()
        rows = _rows(response, 0)
        assert response.context["charts"][0].headers == ["月份", f"{YEAR - 1}年", f"{YEAR}年"]
        return {row[0]: tuple(row[1:]) for row in rows if tuple(row[1:]) not in (("0", "0"), ("0", "—"))}

    assert months(reg.secretary) == {"1月": ("0", "2"), "2月": ("0", "1"), "3月": ("1", "0")}
    assert months(reg.outsider) == {"1月": ("0", "4")}              # branch B1 only
    assert months(reg.committee) == {"1月": ("0", "6"), "2月": ("0", "1"), "3月": ("1", "0")}
    assert login(reg.sysadmin).get(url).status_code == 403


def test_the_base_list_makes_constant_queries(reg, login, count_queries):
    client = login(reg.unit_admin)
    base = EducationBase.objects.create(name="测试基地", capacity=1000)
    _bookings(reg, base, reg.branch_a1, [date(YEAR, 1, 1)])
    small = count_queries(lambda: client.get(reverse("study:base_list")))
    _bookings(reg, base, reg.branch_a2, [date(YEAR - i % 2, 1 + i % 12, 1 + i % 28) for i in range(80)])
    EducationBase.objects.create(name="另一基地", capacity=10)
    assert count_queries(lambda: client.get(reverse("study:base_list"))) == small


# --- the pure builders ----------------------------------------------------------------------

zone = st.builds(lambda total, covered, zoned, i: ZoneCoverage(f"协作区{i}", total, min(covered, total), zoned),
                 st.integers(0, 50), st.integers(0, 50), st.booleans(), st.integers(0, 99))


@given(st.lists(zone, max_size=8))
def test_coverage_is_each_zones_share_with_the_zoneless_last(zones):
    chart = charts.coverage_chart(zones, 2026)
    values = chart.series[0][1]
    assert len(chart.labels) == len(zones) and chart.top == 100 and chart.unit == "%"
    flags = [z.zoned for z in sorted(zones, key=lambda z: not z.zoned)]
    assert flags == sorted(flags, reverse=True)
    for label, value in zip(chart.labels, values):
        matching = [percent(z.covered, z.total) for z in zones if z.name == label]
        assert value in matching and (value is None or 0 <= value <= 100)
    assert all((v is None) == (z.total == 0) for v, z in zip(values, sorted(zones, key=lambda z: not z.zoned)))


@given(st.lists(st.integers(0, 30), max_size=15))
def test_missed_items_are_the_most_missed_first_ties_in_checklist_order(counts):
    items = [(f"检查项{i}", n) for i, n in enumerate(counts)]
    chart = charts.missed_items_chart(items, 2026)
    shown = list(zip(chart.labels, chart.series[0][1]))
    assert len(shown) == min(charts.MISSED_ITEMS, sum(1 for n in counts if n))
    assert all(n > 0 for _label, n in shown)
    order = [(-n, int(label.removeprefix("检查项"))) for label, n in shown]
    assert order == sorted(order)
    if shown:       # nothing left out was missed more often than the last one shown
        assert all(n <= shown[-1][1] for label, n in items if (label, n) not in shown)


class _Course:
    def __init__(self, i, enrolled, capacity):
        self.name, self.enrolled, self.capacity = f"培训班{i}", enrolled, capacity


@given(st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=30))
def test_courses_are_seats_beside_enrolled_until_a_share_reads_better(pairs):
    courses = [_Course(i, e, c) for i, (e, c) in enumerate(pairs)]
    chart = charts.course_chart(courses)
    assert chart.kind == "hbar" and chart.labels == tuple(c.name for c in courses)
    if len(courses) <= charts.COURSES_AS_BARS:
        assert chart.series[1][1] == tuple(c for _e, c in pairs) and chart.series[0][1] == tuple(e for e, _c in pairs)
    else:
        shares = chart.series[0][1]
        assert len(chart.series) == 1 and shares == tuple(percent(e, c) for e, c in pairs)
        assert chart.top == (100 if all(s is None or s <= 100 for s in shares) else None)


@given(st.dictionaries(st.tuples(st.integers(2024, 2027), st.integers(1, 12)), st.integers(0, 99), max_size=30),
       st.integers(1, 12))
def test_bookings_are_twelve_months_of_two_years_and_the_months_to_come_are_gaps(counts, month):
    chart = charts.bookings_chart(counts, 2026, month)
    last, this = (values for _name, values in chart.series)
    assert len(chart.labels) == 12 and [name for name, _v in chart.series] == ["2025年", "2026年"]
    assert last == tuple(counts.get((2025, m), 0) for m in range(1, 13))
    assert this[:month] == tuple(counts.get((2026, m), 0) for m in range(1, month + 1))
    assert this[month:] == (None,) * (12 - month)


def test_a_full_bars_label_stays_clear_of_the_title():
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from dangjian.lib.documents import charts as drawing

    figure = drawing.grouped_bar_chart("各协作区覆盖率", ["甲", "乙"], {"2025年": [100, 50], "2026年": [80, 100]},
                                       unit="%", top=100)
    canvas = FigureCanvasAgg(figure)
    with matplotlib.rc_context(drawing.style()):
        canvas.draw()
    renderer = canvas.get_renderer()
    axes = figure.axes[0]
    title = axes.title.get_window_extent(renderer)
    labels = [t.get_window_extent(renderer) for t in axes.texts if t.get_text() == "100"]
    assert len(labels) == 2 and all(label.y1 < title.y0 for label in labels)
