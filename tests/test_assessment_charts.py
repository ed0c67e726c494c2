"""The assessment charts: their pure rules (median, points lost per group, grades per division)
under hypothesis, and on the pages: drawn, holding the page's own numbers, at constant queries,
nothing shown outside the user's reach and no other unit named on a card."""
import html as htmllib
import re
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from dangjian.assessment import results_cache
from dangjian.assessment.chart_rules import (
    MEDIAN_MIN, UNGRADED, division_median, grade_counts, median, points_lost, top_group,
)
from dangjian.assessment.models import Scheme
from dangjian.assessment.rules import GRADE_LABELS, GRADE_ORDER, LeafResult, renormalised
from dangjian.lib.pagecharts import number
from dangjian.orgs.models import UnitCategory

from .assessment_builder import add_discipline, body_of, build_scheme, enter, more_units
from . import clock
from .factories import make_registry
from .test_assessment_results_pages import TABLES, queries

scores = st.decimals(min_value=0, max_value=120, places=2)


# ---- the pure rules ------------------------------------------------------------------------

@given(st.lists(scores, min_size=1, max_size=30), st.randoms())
def test_the_median_lies_between_the_extremes_and_ignores_the_order(values, rng):
    m = median(values)
    assert min(values) <= m <= max(values)
    shuffled = list(values)
    rng.shuffle(shuffled)
    assert median(shuffled + [None]) == m                       # a unit with no score is left out
    assert sum(v < m for v in values) <= len(values) // 2 >= sum(v > m for v in values)


@given(st.lists(st.one_of(st.none(), scores), max_size=8))
def test_a_card_shows_a_median_only_of_enough_scored_units(values):
    scored = [v for v in values if v is not None]
    shown = division_median(values)
    assert shown == (median(scored) if len(scored) >= MEDIAN_MIN else None)


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two_and_none_of_nothing():
    assert median([D(1), D(9), D(3), D(4)]) == D("3.5")
    assert median([D(7), D(2), D(5)]) == D(5)
    assert median([]) is None and median([None]) is None


@st.composite
def trees(draw):
    """({indicator id: parent id or None}, [(leaf id, points, maximum)]): a forest whose parents
    come before their children, leaves with points within their maximum."""
    n = draw(st.integers(min_value=1, max_value=15))
    parents = {0: None}
    for i in range(1, n):
        parents[i] = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=i - 1)))
    leaves = []
    for leaf in draw(st.lists(st.sampled_from(sorted(parents)), max_size=12)):
        maximum = draw(st.decimals(min_value=0, max_value=10, places=2))
        points = draw(st.decimals(min_value=0, max_value=maximum, places=2))
        leaves.append((leaf, points, maximum))
    return parents, leaves


@given(trees())
def test_points_lost_are_never_negative_and_add_up_to_what_the_leaves_lost(tree):
    parents, leaves = tree
    lost = points_lost(leaves, parents)
    assert all(v >= 0 for v in lost.values())
    assert sum(lost.values(), D(0)) == sum((m - p for _l, p, m in leaves), D(0))
    assert all(parents[g] is None for g in lost)                 # top-level groups only
    for group, value in lost.items():
        assert value <= sum((m for leaf, _p, m in leaves if top_group(leaf, parents) == group), D(0))


@given(trees(), st.decimals(min_value=0, max_value=5, places=1))
def test_points_lost_are_the_total_less_the_score_when_the_leaves_make_the_total(tree, bonus):
    parents, leaves = tree
    total = sum((m for _l, _p, m in leaves), D(0))
    base = renormalised([LeafResult(p, m) for _l, p, m in leaves], total)
    if base is None:
        return
    score = base + bonus
    assert sum(points_lost(leaves, parents).values(), D(0)) == total - (score - bonus)


def test_a_missing_leaf_loses_nothing_and_bad_input_is_refused():
    parents = {1: None, 2: 1, 3: 1, 4: None, 5: 4}
    assert points_lost([(2, D(5), D(5)), (3, D(1), D(4)), (5, D(2), D(2))], parents) == {1: D(3), 4: D(0)}
    with pytest.raises(ValueError):
        points_lost([(2, D(6), D(5))], parents)
    with pytest.raises(ValueError):
        top_group(1, {1: 2, 2: 1})


@given(st.lists(st.tuples(st.sampled_from(["甲", "乙", None]), st.sampled_from([*GRADE_ORDER, ""]))))
def test_grade_counts_add_up_to_the_units_of_each_division(rows):
    counts = grade_counts(rows)
    assert list(counts) == list(dict.fromkeys(d for d, _g in rows))
    for division, by_grade in counts.items():
        assert sum(by_grade.values()) == sum(1 for d, _g in rows if d == division)
        assert set(by_grade) == {*GRADE_ORDER, UNGRADED} and all(v >= 0 for v in by_grade.values())
        assert by_grade[UNGRADED] == sum(1 for d, g in rows if d == division and not g)


def test_an_unknown_grade_is_refused():
    with pytest.raises(ValueError):
        grade_counts([("甲", "excellent")])


# ---- on the pages --------------------------------------------------------------------------

def chart_tables(page) -> dict:
    """{chart title: [[cell, …], …]} of the charts' data tables on a page."""
    out = {}
    for figure in re.findall(r'<figure class="chart">.*?</figure>', page, re.S):
        title = htmllib.unescape(re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1))
        body = re.search(r"<tbody>(.*?)</tbody>", figure, re.S)
        rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S) if body else []
        out[title] = [[htmllib.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
                      for row in rows]
    return out


def drawn(page) -> int:
    return len(re.findall(r'<svg role="img" aria-labelledby="[^"]+" class="chart-svg"', page))


def shown_number(text) -> str:
    """A page's points (two decimals) as the chart's table writes them (pagecharts.number)."""
    return number(float(D(text)), "分", 2)


class Charts(TestCase):
    @classmethod
    def setUpTestData(cls):
        r = cls.r = add_discipline(make_registry())
        cls.scheme, cls.ind = build_scheme(r)
        cls.a, cls.b = body_of(r.unit_a), body_of(r.unit_b)
        enter(r.discipline_user, cls.ind["E1"], cls.a, severity="light_sanction", case_ref="纪案1", fact="违纪")
        enter(r.discipline_user, cls.ind["E4"], cls.a, case_ref="巡察1", fact="整改逾期")
        enter(r.dept, cls.ind["G1"], cls.a, points="4", fact="融合项目评审")
        enter(r.dept, cls.ind["G1"], cls.b, points="5", fact="融合项目评审")
        [cls.c] = [body_of(u) for u in more_units(r, 1, cls.ind, prefix="市第三")]   # a division of three
        # thresholds for a total of 20, so that the three units get different grades
        Scheme.objects.filter(pk=cls.scheme.pk).update(good_share="0.5", good_min=15, fairly_good_min=12,
                                                       average_min=11)
        cls.scheme.refresh_from_db()
        cls.card_a = reverse("assessment:card", args=[cls.a.pk])
        cls.card_b = reverse("assessment:card", args=[cls.b.pk])

    def setUp(self):
        cache.clear()

    def page(self, user, url, status=200):
        self.client.force_login(user)
        response = self.client.get(url)
        assert response.status_code == status, (user, url, response.status_code)
        return response.content.decode()

    def table_rows(self, page):
        """[(unit, score, grade label)] of the division tables on the page."""
        return re.findall(r'<a href="[^"]*">([^<]+)</a></td>\s*<td data-label="得分">([\d.]+)</td>'
                          r'<td data-label="等次">([^<]+)</td>', page)

    def test_the_tables_chart_counts_the_grades_of_the_rows_shown(self):
        page = self.page(self.r.committee, TABLES)
        assert drawn(page) == 1
        data = chart_tables(page)["各赛区等次分布"]
        assert [row[0] for row in data] == ["党群综合"]
        grades = [g for _u, _s, g in self.table_rows(page)]
        assert len(grades) == 3
        labels = [GRADE_LABELS[g] for g in GRADE_ORDER]
        assert data[0][1:] == [f"{grades.count(label)}个" for label in labels]
        assert len(set(grades)) >= 2, grades                      # the thresholds set above tell them apart
        zone = self.page(self.r.zone_lead, TABLES)                 # its zone's two rows, counted alike
        zone_grades = [g for _u, _s, g in self.table_rows(zone)]
        assert len(zone_grades) == 2
        assert chart_tables(zone)["各赛区等次分布"][0][1:] == [f"{zone_grades.count(label)}个" for label in labels]

    def test_the_card_draws_its_score_against_the_division_median_of_the_tables(self):
        tables = self.page(self.r.committee, TABLES)
        division_scores = [D(s) for _u, s, _g in self.table_rows(tables)]
        for user in (self.r.unit_admin, self.r.committee):
            page = self.page(user, self.card_a)
            assert drawn(page) == 2
            score = re.search(r'得分 <span class="stat">([\d.]+)</span>', page).group(1)
            shown_median = re.search(r'<span class="division-median">([\d.]+)</span>', page).group(1)
            assert D(shown_median) == median(division_scores).quantize(D("0.01"))
            data = chart_tables(page)["本单位得分与赛区中位数"]
            assert data == [["市发展和改革委员会", shown_number(score)], ["赛区中位数", shown_number(shown_median)]]

    def test_the_points_lost_per_group_are_the_card_rows_maximum_less_points(self):
        page = self.page(self.r.unit_admin, self.card_a)
        rows = re.findall(r"<tr>\s*<td>([A-Z])\d+ [^<]*</td>\s*<td>[^<]*</td>\s*<td>([\d.]+)</td>\s*"
                          r"<td>(?:<span class=\"missing\">缺项</span>|([\d.]+))</td>", page)
        assert {group for group, *_r in rows} == {"A", "E", "G"}
        lost = {}
        for group, maximum, points in rows:
            lost[group] = lost.get(group, D(0)) + D(maximum) - (D(points) if points else D(maximum))
        data = chart_tables(page)["各指标组失分"]
        assert [row[0] for row in data] == ["A 政治建设", "E 纪律与清廉", "G 融合与责任"]
        assert [row[1] for row in data] == [number(float(lost[c]), "分", 2) for c in "AEG"]
        assert lost["E"] == D(4) and lost["G"] == D(2)      # 轻处分 3 + one case 1; panel 4 of 6

    def test_a_division_of_two_shows_no_median(self):
        unit = self.c.unit
        unit.category = UnitCategory.objects.create(name="事业单位")
        unit.save(update_fields=["category"])                  # out of the division: two are left
        _result, size, division_median = results_cache.card(self.scheme, self.a)
        assert size == 2 and division_median is None
        page = self.page(self.r.unit_admin, self.card_a)
        assert '<span class="division-median">—</span>' in page and "不足 3 个，不显示中位数" in page
        assert chart_tables(page)["本单位得分与赛区中位数"][1] == ["赛区中位数", "—"]
        assert drawn(page) == 2

    def test_the_printable_card_has_the_charts_without_inline_style(self):
        page = self.page(self.r.unit_admin, reverse("assessment:card_print", args=[self.a.pk]))
        assert drawn(page) == 2 and "style=" not in page

    def test_a_card_names_no_other_unit_and_outside_the_reach_is_a_404(self):
        page = self.page(self.r.unit_admin, self.card_a)
        main = page.split("<main", 1)[1].split("</main>")[0]
        assert str(self.b) not in main
        self.page(self.r.unit_admin, self.card_b, 404)
        self.page(self.r.zone_lead, self.card_b, 404)
        for user in (self.r.outsider, self.r.secretary, self.r.member_user):
            self.page(user, self.card_a, 404)
            self.page(user, reverse("assessment:card_print", args=[self.a.pk]), 404)
            self.page(user, TABLES, 403)

    def test_the_median_is_stored_with_the_card_under_the_current_format(self):
        _result, size, division_median = results_cache.card(self.scheme, self.a)
        table = results_cache.table(self.scheme, visible_ids=set()).bodies
        assert size == 3 and division_median == median([r.score for r in table])
        base = results_cache._base(self.scheme, clock.TODAY)
        assert f":v{results_cache.FORMAT}:" in base
        assert cache.get(f"{base}:card:{self.a.pk}")[2] == division_median

    def test_the_chart_pages_make_the_same_queries_at_two_sizes(self):
        self.client.force_login(self.r.committee)
        urls = [TABLES, self.card_a, reverse("assessment:card_print", args=[self.a.pk])]

        def counts():
            cold = []
            for url in urls:
                cache.clear()
                cold.append(queries(self.client, url))
            return cold, [queries(self.client, url) for url in urls]

        for url in urls:
            self.client.get(url)
        small = counts()
        more_units(self.r, 5, self.ind)
        assert counts() == small
        page = self.page(self.r.committee, TABLES)
        assert chart_tables(page)["各赛区等次分布"][0][0] == "党群综合" and drawn(page) == 1
        assert sum(int(c.rstrip("个")) for c in chart_tables(page)["各赛区等次分布"][0][1:]) == 8
