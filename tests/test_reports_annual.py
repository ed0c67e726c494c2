"""The annual review: every number in the document is the number of /figures/annual/."""
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from dangjian.assessment.models import Scheme
from dangjian.figures.annual import annual_numbers
from dangjian.figures.yearly import compliance_figures, grade_figures, year_scheme
from dangjian.lib.documents import pdf
from dangjian.reports import scope
from dangjian.reports.review import annual_review_context, annual_review_docx
from dangjian.reports.scope import scope_user

YEAR = 2026


def headline_rows(data: bytes) -> dict:
    """{label: (value, previous)} over the numbers tables of the document."""
    return {row.cells[0].text: (row.cells[1].text, row.cells[2].text)
            for table in Document(io.BytesIO(data)).tables for row in table.rows[1:]}


@pytest.fixture
def review(reg):
    return annual_review_docx(scope.resolve(reg.committee, "city").user, YEAR, "市直机关")


def test_every_headline_number_is_the_annual_page_number(reg, review, login):
    rows = headline_rows(review)
    now = annual_numbers(reg.committee, YEAR)
    for figure in now:
        assert rows[figure.label][0] == str(figure.value)
        assert rows[figure.label][1] == "—"     # no records in 2025: nothing to compare with
    page = login(reg.committee).get("/figures/annual/", {"year": YEAR})
    assert page.status_code == 200
    assert [f.value for f in page.context["figures"]] == [f.value for f in now]
    assert rows["党建品牌"][0].isdigit()


def test_the_burden_section_counts_the_numbers_in_the_document(reg):
    context = annual_review_context(scope.resolve(reg.committee, "city").user, YEAR, "市直机关")
    numbers = context["numbers"]
    filled = sum(1 for n in numbers.numbers if n.value is not None)      # nothing compared: one a row
    assert context["filled"] == filled > 10
    assert f"本综述中的{filled}个数字" in context["sections"]["burden"]["paragraphs"][0]
    assert len(context["sources"]) == len(numbers.numbers)


def test_a_unit_admin_review_counts_only_their_unit(reg):
    def values(user, value):
        picked = scope.resolve(user, value)
        return {r["key"]: r["value"] for r in annual_review_context(picked.user, YEAR, picked.name)["headline"]}
    mine, city = values(reg.unit_admin, f"unit:{reg.unit_a.pk}"), values(reg.committee, "city")
    assert mine["units"] == "1" and city["units"] == "2"


def test_the_command_writes_the_city_review(reg, tmp_path):
    out = tmp_path / "review.docx"
    call_command("annual_review", "--year", str(YEAR), "--scope", "city", "-o", str(out), stdout=io.StringIO())
    rows = headline_rows(out.read_bytes())
    for figure in annual_numbers(reg.committee, YEAR):
        assert rows[figure.label][0] == str(figure.value)


def test_the_command_takes_a_zone_or_unit_name(reg, tmp_path):
    out = tmp_path / "unit.docx"
    call_command("annual_review", "--year", str(YEAR), "--scope", reg.unit_a.name, "-o", str(out),
                 stdout=io.StringIO())
    rows = headline_rows(out.read_bytes())
    for figure in annual_numbers(reg.unit_admin, YEAR):
        assert rows[figure.label][0] == str(figure.value)
    picked = scope_user(reg.zone_a.name)
    assert picked.name == reg.zone_a.name and picked.kind == "zone"
    assert annual_numbers(picked.user, YEAR)[0].value == 1       # zone A holds unit A only


def test_an_unknown_scope_is_refused(reg, tmp_path):
    out = tmp_path / "x.docx"
    with pytest.raises(CommandError, match="找不到范围“火星”"):
        call_command("annual_review", "--year", str(YEAR), "--scope", "火星", "-o", str(out))
    assert not out.exists()


def test_the_pdf_shows_chinese_headings_numbers_and_a_cjk_font(reg, review):
    data = pdf.docx_to_pdf(review)
    text = pdf.pdf_text(data)
    assert "主要数据" in text and "为基层减负" in text
    assert "数据来源" in text
    units = next(f for f in annual_numbers(reg.committee, YEAR) if f.key == "units").value
    assert str(units) in text
    assert [f for f in pdf.pdf_fonts(data) if f.cjk and f.embedded]
    assert pdf.pdf_image_count(data) >= 1


# ---- the page and its background job ---------------------------------------------------------

def test_the_page_starts_a_job_whose_download_is_the_review(reg, login):
    from dangjian.jobs.models import Job

    from .test_jobs import run_worker
    client = login(reg.unit_admin)
    page = client.get("/reports/annual/")
    assert page.status_code == 200 and reg.unit_a.name in page.content.decode()
    response = client.post("/reports/annual/", {"year": YEAR, "scope": f"unit:{reg.unit_a.pk}"})
    job = Job.objects.get(kind="annual_review")
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    run_worker()
    job.refresh_from_db()
    assert job.status == "done", job.error if hasattr(job, "error") else job.status
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    data = b"".join(download.streaming_content) if download.streaming else download.content
    rows = headline_rows(data)
    for figure in annual_numbers(reg.unit_admin, YEAR):
        assert rows[figure.label][0] == str(figure.value)
    assert "党建品牌" in rows and "提出整改问题" in rows      # a unit admin counts its own unit's problems
    assert "三个一清单事项" in rows


def test_a_forged_year_is_refused_and_nothing_is_queued(reg, login):
    from dangjian.jobs.models import Job
    response = login(reg.committee).post("/reports/annual/", {"year": "1900", "scope": "city"})
    assert response.status_code == 400 and "年度不正确" in response.content.decode()
    assert not Job.objects.exists()


def test_outsiders(reg, login, client):
    assert client.get("/reports/annual/").status_code == 302          # anonymous → login
    assert login(reg.outsider).get("/reports/annual/").status_code == 403
    assert login(reg.outsider).post("/reports/annual/", {"year": YEAR}).status_code == 403


def test_the_zone_lead_gets_their_zone_and_the_committee_the_city(reg, login):
    assert reg.zone_a.name in login(reg.zone_lead).get("/reports/annual/").content.decode()
    assert "市直机关" in login(reg.committee).get("/reports/annual/").content.decode()
    nav = login(reg.committee).get("/").content.decode()
    assert "/reports/annual/" in nav


def test_selectors_without_data_stay_quiet(reg):
    user = scope.resolve(reg.committee, "city").user
    assert year_scheme(YEAR) is None and grade_figures(user, YEAR) == []
    assert grade_figures(user, YEAR, Scheme.Kind.CLEAN_ORGAN) == []
    rules = compliance_figures(user, YEAR)
    assert rules[0].key == "rules" and rules[0].unit == "%"
    context = annual_review_context(user, YEAR, "市直机关")
    assert "本年度未发布日常考核方案" in context["sections"]["assessment"]["paragraphs"][0]
    assert "不作与上年的比较" in context["comparison"][0]


# ---- the comparison's arithmetic, pure -------------------------------------------------------

from hypothesis import given, strategies as st  # noqa: E402

from dangjian.figures.annual import Figure  # noqa: E402
from dangjian.reports.numbers import Number, section_of  # noqa: E402

counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**6))


@given(value=counts, previous=counts, three=counts, unit=st.sampled_from(["", "%"]))
def test_a_row_prints_missing_as_missing_and_the_change_as_the_difference(value, previous, three, unit):
    row = Number(Figure("records", "g", "记录", value, "来源", unit=unit), previous, three, "[1]").row()
    assert row["value"] == ("—" if value is None else f"{value}{unit}")
    assert row["three"] == ("—" if three is None else f"{three}{unit}")
    if value is None or previous is None:
        assert row["change"] == "—"
    else:
        number = int(row["change"].removesuffix("个百分点"))
        assert number == value - previous and row["change"].startswith("+") == (value > previous)
        assert row["change"].endswith("个百分点") == (unit == "%")


def test_every_figure_key_falls_in_a_section():
    assert section_of("sit_ins") == section_of("booking_people") == "political_study"
    assert section_of("rule.3") == section_of("members_full") == section_of("commitments.done") == "organization"
    assert section_of("rectification.raised") == section_of("clean.x.good") == "clean_organ"
    assert section_of("winners.red_flag_branch") == section_of("brand_cases") == "brands"
    assert section_of("grades.党群综合.good") == "assessment" and section_of("anything") == "burden"


def test_the_cached_record_counts_follow_a_record_write_and_members_are_the_registrys(
        reg, login, django_capture_on_commit_callbacks):
    from dangjian.accounts import gatekeeper
    from dangjian.records.models import ActivityKind
    from dangjian.records.services import activity_create

    def value(user, key):
        return next(f.value for f in annual_numbers(user, YEAR) if f.key == key)

    client = login(reg.committee)
    before = {key: value(reg.committee, key) for key in ("records", "records.theme_day")}
    client.get("/figures/annual/", {"year": YEAR})                      # cached now
    with django_capture_on_commit_callbacks(execute=True):           # the write's commit bumps the version
        activity_create(user=reg.secretary, org=reg.branch_a1, kind=ActivityKind.objects.get(code="theme_day"),
                        held_on=date(YEAR, 3, 8), topic="主题党日", attendee_count=5)
    page = client.get("/figures/annual/", {"year": YEAR})
    shown = {f.key: f.value for f in page.context["figures"]}
    assert shown["records"] == before["records"] + 1 and shown["records.theme_day"] == before["records.theme_day"] + 1
    for user in (reg.committee, reg.unit_admin):
        current = gatekeeper.visible_members(user).current()
        assert value(user, "members") == current.count() > 0
        assert value(user, "members_full") == current.filter(status="full").count()
