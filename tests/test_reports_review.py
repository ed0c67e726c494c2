"""The annual review written from the data: every number in the generated document is the
number its selector (and page) gives for the same scope; the six sections are filled; the scope
picker offers only what the user reaches; a zone's review counts its zone only.

The data is built once for the module (``world``) inside the module's registry transaction, and
each review is generated once and read back from the .docx (python-docx)."""
import io
from datetime import date, datetime, timezone

import pytest
from docx import Document

from dangjian.brands.models import Brand, BrandCase, Honour
from dangjian.commitments.models import Commitment
from dangjian.figures.annual import annual_numbers, month_chart, records_by_month
from dangjian.figures.yearly import yearly_figures
from dangjian.jobs.models import Job
from dangjian.records.models import Activity, ActivityKind
from dangjian.rectification.models import Problem, Transition
from dangjian.reports import scope
from dangjian.reports.numbers import year_figures
from dangjian.reports.review import annual_review_context, annual_review_docx
from dangjian.selections.models import Nomination, Round, SelectionKind

from . import assessment_builder, shared_data
from .test_jobs import run_worker

YEAR = 2026
SECTIONS = ("political_study", "organization", "clean_organ", "brands", "assessment", "burden")


def _activities(org, kind, days):
    Activity.objects.bulk_create([Activity(org=org, kind=kind, held_on=d, topic="学习") for d in days])


def populate(r):
    """Records over three years, a published scheme, a closed round with winners in both zones,
    three-ones items, problems and brands: in zone A (unit A) and zone B (unit B)."""
    theme = ActivityKind.objects.get(code="theme_day")
    lecture = ActivityKind.objects.get(code="party_lecture")
    for year, n in ((YEAR - 2, 2), (YEAR - 1, 5), (YEAR, 11)):
        _activities(r.branch_a1, theme, [date(year, m, 3) for m in range(1, n + 1)])
        _activities(r.branch_b1, theme, [date(year, m, 4) for m in range(1, n // 2 + 1)])
    _activities(r.branch_a2, lecture, [date(YEAR, 3, 1), date(YEAR, 6, 1)])
    assessment_builder.add_discipline(r)
    r.scheme, _ind = assessment_builder.build_scheme(r)
    red = SelectionKind.objects.get(code="red_flag_branch")
    for year in (YEAR - 1, YEAR):
        rnd = Round.objects.create(kind=red, year=year, title=f"{year}红旗党支部", nomination_deadline=date(year, 6, 1),
                                   quota=3, status=Round.Status.CLOSED, created_by=r.committee)
        for unit, branch in ((r.unit_a, r.branch_a1), (r.unit_b, r.branch_b1), (r.unit_a, r.branch_a2)):
            Nomination.objects.create(round=rnd, unit=unit, branch=branch, title=str(branch), materials="事迹",
                                      winner=year == YEAR or unit == r.unit_b, created_by=r.committee)
    owner_a, owner_b = r.members_a1[0], r.members_b1[0]
    for org, owner, statuses in ((r.branch_a1, owner_a, ("done", "in_progress")), (r.branch_b1, owner_b, ("done",))):
        for kind, status in zip(("pledge", "project"), statuses):
            Commitment.objects.create(org=org, year=YEAR, kind=kind, owner=owner, text="承诺", status=status,
                                      due_on=date(YEAR, 11, 1),
                                      completed_on=date(YEAR, 10, 1) if status == "done" else None)
    for unit, n_raised in ((r.unit_a, 2), (r.unit_b, 3)):
        for i in range(n_raised):
            p = Problem.objects.create(unit=unit, department=r.department, source="self_check",
                                       raised_on=date(YEAR, 3, 1 + i), description="问题", measures="措施", owner="某",
                                       deadline=date(YEAR, 9, 1), created_by=r.committee,
                                       status="verified" if i == 0 else "open")
            Transition.objects.create(problem=p, action="create", status="open", by=r.committee)
            if i == 0:
                Transition.objects.create(problem=p, action="verify", status="verified", by=r.committee,
                                          at=datetime(YEAR, 10, 1, 8, tzinfo=timezone.utc))
    brand_a = Brand.objects.create(unit=r.unit_a, name="红色引擎", meaning="内涵")
    brand_b = Brand.objects.create(org=r.branch_b1, name="先锋财政", meaning="内涵")
    Honour.objects.create(brand=brand_a, title="示范品牌", awarded_by="市委", level="city", awarded_on=date(YEAR, 5, 1))
    for brand in (brand_a, brand_b):
        BrandCase.objects.create(brand=brand, title="案例", year=YEAR, text="正文")
    return r


def docx_rows(data: bytes) -> dict:
    """{label: [value, previous, change, three]} over every numbers table of the document."""
    out = {}
    for table in Document(io.BytesIO(data)).tables:
        assert [c.text for c in table.rows[0].cells] == ["指标", "本年", "上年", "变化", "三年来", "来源"]
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            assert out.setdefault(cells[0], cells[1:5]) == cells[1:5], cells[0]   # a repeat agrees
    return out


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def shown(value, unit=""):
    return "—" if value is None else f"{value}{unit}"


@pytest.fixture(scope="module")
def _populated(_module_registry, django_db_blocker):
    return shared_data.populate_shared(_module_registry, django_db_blocker, populate)


@pytest.fixture
def world(_populated, reg):
    return shared_data.shared_or_own(_populated, reg, populate)


def city(r):
    return scope.resolve(r.committee, scope.CITY)


def test_every_number_in_the_city_review_is_its_selectors_and_the_sections_are_filled(world):
    r = world
    picked = city(r)
    data = annual_review_docx(picked.user, YEAR, picked.name)
    rows = docx_rows(data)
    today = date.today()
    now = year_figures(picked.user, YEAR, today)
    last = {f.key: f for f in year_figures(picked.user, YEAR - 1, today)}
    before = {f.key: f for f in year_figures(picked.user, YEAR - 2, today, levels=False)}
    assert len(now) > 40 and len(rows) == len({f.label for f in now})
    for f in now:
        value, previous, _change, three = rows[f.label]
        assert value == shown(f.value, f.unit), f.key
        if f.kind == "stock":
            assert previous == "—" and three == "—"
        else:
            assert previous == shown(last[f.key].value if f.key in last else None, f.unit), f.key
        if f.kind == "flow":
            assert three == str(f.value + last[f.key].value + before[f.key].value), f.key
    # the numbers a reader checks by hand
    assert rows["组织生活记录（合计）"][:2] == ["18", "7"] and rows["组织生活记录（合计）"][3] == "28"
    assert rows["评选获评：红旗党支部"][:2] == ["3", "1"]
    assert rows["三个一清单事项"][0] == "3" and rows["提出整改问题"][0] == "5" and rows["验收销号的整改问题"][0] == "2"
    assert rows["党建品牌"] == ["2", "—", "—", "—"] and rows["品牌案例"][0] == "2" and rows["品牌获得荣誉"][0] == "1"
    assert rows["党群综合：参加考核"][0] == "2"
    context = annual_review_context(picked.user, YEAR, picked.name)
    for code in SECTIONS:
        assert context["sections"][code]["paragraphs"], code
    text = docx_text(data)
    assert f"本综述中的{context['filled']}个数字" in text and "三年来（2024—2026年）累计" in text
    assert len(context["sources"]) == len(now) and context["filled"] > len(now)
    assert f"[{len(now)}] " in text and "/assessment/tables/?scheme=" in text
    assert len(Document(io.BytesIO(data)).inline_shapes) == 3        # by month, by kind, grades


def test_the_review_equals_the_pages(world, login):
    """The same numbers on /figures/annual/, the picture's city table and the division tables."""
    r = world
    client = login(r.committee)
    rows = docx_rows(annual_review_docx(city(r).user, YEAR, "市直机关"))
    page = client.get("/figures/annual/", {"year": YEAR})
    for f in page.context["figures"]:
        assert rows[f.label][0] == str(f.value)
    picture = client.get("/records/picture/", {"year": YEAR})
    assert picture.status_code == 200
    for result in picture.context["results"]:
        label = f"按期开展：{result.rule.kind.name}（{result.rule.get_period_display()}）"
        expected = "—" if not result.applicable else f"{round(100 * result.met / result.applicable)}%"
        assert rows[label][0] == expected
    tables = client.get("/assessment/tables/", {"scheme": r.scheme.pk})
    for division, table in tables.context["tables"]:
        assert rows[f"{division.name}：参加考核"][0] == str(len(table))
        for grade, label in (("good", "好"), ("fairly_good", "较好"), ("average", "一般"), ("poor", "差")):
            assert rows[f"{division.name}：{label}"][0] == str(sum(1 for row in table if row.grade == grade))


def test_a_zone_review_counts_only_its_zone(world):
    r = world
    zone = scope.resolve(r.committee, f"zone:{r.zone_a.pk}")
    rows = docx_rows(annual_review_docx(zone.user, YEAR, zone.name))
    assert rows["市直单位"][0] == "1" and rows["党支部（含联合、临时党支部）"][0] == "2"
    assert rows["评选获评：红旗党支部"][:2] == ["2", "0"]        # unit A's two, not unit B's
    assert rows["三个一清单事项"][0] == "2" and rows["三个一事项：已完成"][0] == "1"
    assert rows["提出整改问题"][0] == "2" and rows["验收销号的整改问题"][0] == "1"
    assert rows["党建品牌"][0] == "1" and rows["品牌案例"][0] == "1"
    assert rows["组织生活记录（合计）"][0] == "13"                    # 11 theme days + 2 lectures
    assert rows["党群综合：参加考核"][0] == "1"
    # the command's zone is the committee's pick of that zone
    command = scope.scope_user(r.zone_a.name)
    assert [f.value for f in yearly_figures(command.user, YEAR)] == [f.value for f in yearly_figures(zone.user, YEAR)]


def test_the_zone_lead_sees_its_zone_but_no_problem_counts(world):
    """A zone lead holds no right to count problems: the review says so instead of a number."""
    r = world
    mine = scope.resolve(r.zone_lead, f"zone:{r.zone_a.pk}")
    keys = {f.key for f in yearly_figures(mine.user, YEAR)}
    assert "winners.red_flag_branch" in keys and not any(k.startswith("rectification") for k in keys)
    context = annual_review_context(mine.user, YEAR, mine.name)
    assert "整改问题的统计不在本范围可查看的权限内" in context["sections"]["clean_organ"]["paragraphs"][0]
    unit = scope.resolve(r.unit_admin, f"unit:{r.unit_a.pk}")
    assert annual_numbers(unit.user, YEAR)[0].value == 1


# ---- the page, its job and outsiders ---------------------------------------------------------

def test_the_picker_queues_the_picked_zone_and_the_download_is_that_zones_review(world, login):
    r = world
    client = login(r.committee)
    page = client.get("/reports/annual/")
    assert page.status_code == 200
    assert f'value="zone:{r.zone_a.pk}"' in page.content.decode() and 'value="city"' in page.content.decode()
    response = client.post("/reports/annual/", {"year": YEAR, "scope": f"zone:{r.zone_a.pk}"})
    job = Job.objects.get(kind="annual_review")
    assert response.status_code == 302 and job.params == {"year": YEAR, "scope": f"zone:{r.zone_a.pk}"}
    assert job.scope == r.zone_a.name
    run_worker()
    job.refresh_from_db()
    assert job.status == "done", job.error
    download = client.get(f"/jobs/{job.pk}/download/")
    rows = docx_rows(b"".join(download.streaming_content))
    zone = scope.resolve(r.committee, f"zone:{r.zone_a.pk}").user
    for f in yearly_figures(zone, YEAR) + annual_numbers(zone, YEAR):
        assert rows[f.label][0] == shown(f.value, f.unit)
    # outsiders get 404 on another scope's report: its job page and its download
    for user in (r.outsider, r.zone_lead, r.unit_admin):
        other = login(user)
        assert other.get(f"/jobs/{job.pk}/").status_code == 404
        assert other.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_the_month_chart_is_this_year_against_last_year(world):
    r = world
    user = city(r).user
    chart = month_chart(user, YEAR)
    assert chart.series[0][1] == records_by_month(user, YEAR)
    assert sum(chart.series[0][1]) == 18 and chart.series[1][1][:5] == (2, 2, 1, 1, 1)
    assert records_by_month(user, YEAR + 1) == (None,) * 12       # months not begun are missing, not zero



def test_the_annual_page_draws_the_same_month_chart_with_its_table(world, login):
    page = login(world.committee).get("/figures/annual/", {"year": YEAR})
    html = page.content.decode()
    assert page.status_code == 200 and 'class="chart-svg"' in html and "查看图表数据" in html
    drawn = page.context["month_chart"]
    assert drawn.chart == month_chart(city(world).user, YEAR)
    assert drawn.rows[0] == ["1月", "2条", "2条"] and drawn.rows[11] == ["12月", "0条", "0条"]


@pytest.mark.django_db(transaction=True)
def test_the_threaded_reads_give_what_one_thread_gives(reg):
    """Outside a transaction reports/numbers.py reads in threads (bench/RESULTS.md)."""
    from django.db import transaction

    from dangjian.reports.numbers import years_figures

    from .shared_data import restore_default_rows
    restore_default_rows()      # the kinds the migrations load, flushed by an earlier committing test
    populate(reg)
    user, years = city(reg).user, (YEAR, YEAR - 1, YEAR - 2)
    threaded = years_figures(user, years, date.today())
    with transaction.atomic():
        single = years_figures(user, years, date.today())
    assert threaded == single and len(threaded[0]) > 40 and len(threaded[2]) < len(threaded[0])
