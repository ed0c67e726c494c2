"""The assessment engine's pure rules: bounds, caps, reversals, renormalisation, ties, grades."""
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.assessment.rules import (
    AVERAGE, DISCIPLINE_LADDER, FAIRLY_GOOD, GOOD, GRADE_ORDER, POOR, VETO_NOT_GOOD, VETO_POOR,
    Entry, GradeRules, LeafResult, bonus_points, case_points, combined, deduction_leaf,
    division_maxima, effective_entries, grades, metric_leaf, panel_leaf, ranked, renormalised,
    scheme_errors, shown,
)

points = st.decimals(min_value=0, max_value=20, places=1)
maxima = st.decimals(min_value=0, max_value=10, places=1)
shares = st.fractions(min_value=0, max_value=1, max_denominator=60)


# ---- facts to points


def test_the_ladder_deducts_by_severity_and_per_case_by_the_indicator():
    assert [case_points(ladder=DISCIPLINE_LADDER, severity=s) for s in
            ("admonition", "light_sanction", "heavy_sanction", "judicial")] == [1, 3, 5, 8]
    assert case_points(per_case="0.5") == D("0.5")


@pytest.mark.parametrize("kwargs", [{}, {"per_case": -1}, {"ladder": DISCIPLINE_LADDER, "severity": "fine"}])
def test_a_case_without_a_rule_or_with_negative_points_is_refused(kwargs):
    with pytest.raises(ValueError):
        case_points(**kwargs)


@given(maxima, st.lists(points, max_size=8))
def test_a_deduction_leaf_stays_within_zero_and_its_maximum(maximum, deductions):
    result = deduction_leaf(maximum, deductions)
    assert D(0) <= result.points <= maximum
    assert result.points == max(D(0), maximum - sum(deductions, D(0)))
    assert not result.missing


def test_a_negative_deduction_is_refused():
    with pytest.raises(ValueError):
        deduction_leaf(4, [D("-1")])


@given(maxima, st.one_of(st.none(), shares))
def test_a_metric_leaf_is_within_bounds_and_missing_data_is_full_marks_shown_missing(maximum, share):
    result = metric_leaf(maximum, share)
    assert D(0) <= result.points <= maximum
    assert result.missing is (share is None)
    if share is None:
        assert result.points == maximum


def test_a_metric_share_is_exact_and_out_of_range_is_refused():
    assert metric_leaf(3, Fraction(2, 3)).points == D(2)
    with pytest.raises(ValueError):
        metric_leaf(3, Fraction(4, 3))
    assert panel_leaf(3, None).missing and panel_leaf(3, 2).points == 2
    with pytest.raises(ValueError):
        panel_leaf(3, 4)


@given(st.lists(st.tuples(st.sampled_from("abc"), points), max_size=10),
       st.dictionaries(st.sampled_from("ab"), maxima), st.decimals(min_value=0, max_value=5, places=1))
def test_bonus_caps_hold_per_indicator_and_overall(awards, caps, overall):
    total = bonus_points(awards, caps, overall)
    assert D(0) <= total <= overall
    for indicator, cap in caps.items():
        # without that indicator the total drops by at most its cap
        rest = bonus_points([a for a in awards if a[0] != indicator], caps, overall)
        assert total - rest <= cap


def test_the_demo_bonus_caps():
    awards = [("honours", 2), ("honours", 1), ("honours", 1), ("features", 1), ("features", 1), ("features", 1)]
    assert bonus_points(awards, {"honours": 3, "features": 2}, 5) == 5
    assert bonus_points(awards, {"honours": 3, "features": 2}, 4) == 4
    assert bonus_points([("honours", D("0.5"))], {"honours": 3}, 5) == D("0.5")


# ---- the ledger


entry_specs = st.lists(st.tuples(st.sampled_from(["纪", "组"]), st.sampled_from(["", "案1", "案2", "案3"]), points),
                       max_size=8)


@given(entry_specs, st.data())
def test_a_reversal_cancels_its_entry_and_nothing_else(specs, data):
    entries = [Entry(i, dept, "E1", "u", p, ref) for i, (dept, ref, p) in enumerate(specs, start=1)]
    before = effective_entries(entries)
    if not entries:
        return
    target = data.draw(st.sampled_from(entries))
    reversal = Entry(len(entries) + 1, target.department, "E1", "u", target.points, target.case_ref,
                     reverses=target.id)
    after = effective_entries([*entries, reversal])
    assert target not in after and reversal not in after
    if target in before:
        # only the target leaves, or a later entry of the same case takes its place
        gone = set(before) - set(after)
        assert gone == {target}


@given(entry_specs)
def test_a_case_reference_counts_once_per_department(specs):
    entries = [Entry(i, dept, "E1", "u", p, ref) for i, (dept, ref, p) in enumerate(specs, start=1)]
    counted = [(e.department, e.case_ref) for e in effective_entries(entries) if e.case_ref]
    assert len(counted) == len(set(counted))
    # every (department, case) in the input is counted once, by its earliest entry
    assert set(counted) == {(e.department, e.case_ref) for e in entries if e.case_ref}


def test_the_same_case_counts_for_two_departments_and_a_reversal_must_name_an_ordinary_entry():
    a = Entry(1, "纪", "E1", "u", D(3), "案1")
    b = Entry(2, "组", "C4", "u", D(1), "案1")
    assert effective_entries([a, b]) == [a, b]
    with pytest.raises(ValueError):
        effective_entries([a, Entry(2, "纪", "E1", "u", D(3), reverses=9)])
    r = Entry(2, "纪", "E1", "u", D(3), reverses=1)
    with pytest.raises(ValueError):
        effective_entries([a, r, Entry(3, "纪", "E1", "u", D(3), reverses=2)])


# ---- divisions and renormalisation


groups = st.dictionaries(st.sampled_from("ABCDEFG"), st.lists(st.integers(1, 8), min_size=1, max_size=5),
                         min_size=1)


@given(groups, st.data())
def test_a_division_reweights_groups_and_keeps_each_groups_sum(scheme, data):
    leaves = {(g, i): (g, D(m)) for g, ms in scheme.items() for i, m in enumerate(ms)}
    weights = data.draw(st.dictionaries(st.sampled_from(sorted(scheme)), st.integers(0, 40)))
    out = division_maxima(leaves, weights)
    for g, ms in scheme.items():
        got = sum((out[(g, i)] for i in range(len(ms))), D(0))
        assert abs(got - D(weights.get(g, sum(ms)))) < D("1e-20")


@given(st.lists(st.tuples(maxima, st.one_of(st.none(), shares), st.booleans()), min_size=1, max_size=12))
def test_renormalisation_keeps_every_units_maximum_at_100(rows):
    """Whichever indicators apply, full marks on them give 100 and any score lies in 0..100."""
    applicable = [(m, s) for m, s, applies in rows if applies and m > 0]
    full = renormalised(LeafResult(m, m) for m, _ in applicable)
    score = renormalised(metric_leaf(m, s) for m, s in applicable)
    if not applicable:
        assert full is None and score is None
    else:
        assert full == 100
        assert D(0) <= score <= 100


def test_an_indicator_that_does_not_apply_is_left_out_not_lost():
    # 90 of 95 applicable points is 94.74, not 90 of 100
    assert shown(renormalised([LeafResult(D(90), D(95))])) == D("94.74")


def test_the_year_result_weights_its_parts_and_says_what_is_missing():
    assert combined({"daily": (D(90), 60), "review": (D(80), 40)}).score == D(86)
    partial = combined({"daily": (D(90), 60), "review": (None, 40)})
    assert partial.score == D(90) and partial.missing == ("review",)
    assert combined({"daily": (None, 60)}).score is None


# ---- ranking and grades


scores = st.lists(st.tuples(st.integers(0, 30), st.decimals(min_value=50, max_value=100, places=3)),
                  max_size=25, unique_by=lambda ks: ks[0])


@given(scores, st.randoms())
def test_ranking_is_stable_under_ties_and_input_order(rows, rnd):
    first = ranked(rows)
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert ranked(shuffled) == first
    for a, b in zip(first, first[1:]):
        assert a.score >= b.score
        assert (a.rank == b.rank) == (a.score == b.score)
        if a.score == b.score:
            assert a.key < b.key
    assert all(r.rank == 1 + sum(1 for o in first if o.score > r.score) for r in first)


def test_ties_are_ties_at_two_decimals():
    out = ranked([("a", D("92.504")), ("b", D("92.5")), ("c", D("91"))])
    assert [(r.rank, r.key) for r in out] == [(1, "a"), (1, "b"), (3, "c")]


@given(scores, st.dictionaries(st.integers(0, 30), st.sampled_from([VETO_NOT_GOOD, VETO_POOR])))
def test_grades_respect_the_good_cap_thresholds_and_vetoes(rows, vetoes):
    rules = GradeRules()
    ranking = ranked(rows)
    out = grades(ranking, rules, vetoes)
    assert set(out) == {r.key for r in ranking}
    assert sum(1 for g in out.values() if g == GOOD) <= len(ranking) * rules.good_share
    for r in ranking:
        grade = out[r.key]
        if vetoes.get(r.key) == VETO_POOR or r.score < rules.average_min:
            assert grade == POOR
        if vetoes.get(r.key) == VETO_NOT_GOOD:
            assert grade != GOOD
        if grade == GOOD:
            assert r.score >= rules.good_min
    plain = [r for r in ranking if r.key not in vetoes]
    for a in plain:
        for b in plain:
            if a.score > b.score:       # never rated below a unit it outscored
                assert GRADE_ORDER.index(out[a.key]) <= GRADE_ORDER.index(out[b.key])
            if a.score == b.score:
                assert out[a.key] == out[b.key]


def test_a_tie_at_the_cap_stays_out_of_good_whole():
    ranking = ranked([("a", 98), ("b", 95), ("c", 95), ("d", 93), ("e", 92), ("f", 80), ("g", 75),
                      ("h", 72), ("i", 60), ("j", 88)])
    out = grades(ranking, GradeRules(), {"a": VETO_NOT_GOOD})
    # 3 slots of 10; a is vetoed, b and c tie (2), d would be the third: 好 = b, c, d
    assert [k for k, g in sorted(out.items()) if g == GOOD] == ["b", "c", "d"]
    assert out["a"] == FAIRLY_GOOD and out["e"] == FAIRLY_GOOD and out["j"] == FAIRLY_GOOD
    assert out["f"] == AVERAGE and out["i"] == POOR
    tied = grades(ranked([("a", 95), ("b", 95), ("c", 95), ("d", 70)]), GradeRules())
    assert GOOD not in tied.values()      # 1 slot, a tie of three: none is rated 好


def test_grade_rules_refuse_thresholds_that_rise():
    with pytest.raises(ValueError):
        GradeRules(good_min=D(80), fairly_good_min=D(85))
    with pytest.raises(ValueError):
        GradeRules(good_share=D("1.5"))


# ---- a scheme's shape


DEMO_GROUPS = {"A": (15, [3, 4, 3, 3, 2]), "B": (12, [3, 4, 3, 2]), "C": (25, [3, 4, 2, 3, 4, 2, 3, 4]),
               "D": (10, [4, 3, 3]), "E": (15, [5, 3, 3, 4]), "F": (13, [3, 3, 4, 3]), "G": (10, [4, 2, 4])}
DEMO_DIVISIONS = {
    "党群综合": dict(zip("ABCDEFG", (17, 15, 25, 10, 13, 10, 10))),
    "经济管理": dict(zip("ABCDEFG", (15, 10, 23, 10, 20, 10, 12))),
    "执法政法": dict(zip("ABCDEFG", (15, 10, 22, 13, 18, 14, 8))),
    "社会事业": dict(zip("ABCDEFG", (15, 12, 23, 10, 14, 16, 10))),
    "垂管驻市与企业": dict(zip("ABCDEFG", (15, 12, 30, 12, 16, 5, 10))),
}


def test_the_demo_scheme_and_its_divisions_sum_to_100():
    assert scheme_errors(total=100, groups=DEMO_GROUPS, divisions=DEMO_DIVISIONS) == []


def test_a_scheme_whose_leaves_do_not_sum_is_refused_in_chinese():
    groups = {**DEMO_GROUPS, "A": (15, [3, 4, 3, 3])}
    errors = scheme_errors(total=100, groups=groups, divisions={"x": {"A": 20, "Z": 1}})
    assert any("A：各指标分值之和为 13，应为 15" in e for e in errors)
    assert any("各类指标分值之和" not in e for e in errors)
    assert any("没有这些指标类别：Z" in e for e in errors)
    assert any("赛区“x”：各类权重之和" in e for e in errors)
    assert scheme_errors(total=100, groups={"A": (100, [-1, 101])}) == ["A：分值不能为负数。"]
