"""Selection services and eligibility: refusals write nothing; reviewers never score their own
unit; scores stay hidden; the notice, objections, the final list and titles."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.audit.models import AppendOnlyError, AuditEntry
from dangjian.orgs.models import OrgType, PartyOrg
from dangjian.orgs.services import org_create
from dangjian.selections import access, services
from dangjian.selections.eligibility import evaluate
from dangjian.selections.models import Assignment, Nomination, Round, Score, Title

from .factories import add_members
from .selections_data import RULES, keep_theme_days, red_flag_round, setup


@pytest.fixture
def r(reg):
    return setup(reg)


def opened(r, **kwargs):
    rnd = red_flag_round(r, **kwargs)
    return services.round_open(user=r.committee, round=rnd)


def test_eligibility_names_the_failed_rule(r):
    rnd = red_flag_round(r)
    out = evaluate(rnd)
    assert out[r.branch_a1.pk].passed
    assert out[r.branch_a2.pk].message.startswith("未通过：支部设置不规范：正式党员不足 3 人")
    assert out[r.branch_b1.pk].message == "未通过：所在单位日常考核等次为一般（需较好及以上）"


def test_a_branch_missing_a_month_fails_the_meeting_rule(r):
    late = org_create(user=None, name="发改委第三党支部", type=OrgType.BRANCH, parent=r.oc_a, term_start=date(2024, 1, 1))
    add_members(late, 3)
    out = evaluate(red_flag_round(r))
    assert out[late.pk].failed == "meeting_rules_met"
    assert "近12个月主题党日未按规定开展（2025年12月起缺12期）" in out[late.pk].message


def test_an_open_inspection_finding_disqualifies_until_its_department_verifies_it(r):
    from dangjian.rectification.services import problem_create, problem_report_done, problem_verify

    rules = RULES + [{"check": "no_open_findings"}]
    assert evaluate(red_flag_round(r, rules=rules))[r.branch_a1.pk].passed
    problem = problem_create(user=r.dept, department=r.department, unit=r.unit_a, source="inspection",
                             raised_on=date(2026, 11, 1), description="巡察反馈：议事规则未修订", measures="修订制度",
                             owner="张某 办公室主任", deadline=date(2026, 12, 31))
    out = evaluate(red_flag_round(r, rules=rules))[r.branch_a1.pk]
    assert out.failed == "no_open_findings" and "巡察、审计问题尚未整改到位" in out.message
    problem_report_done(user=r.unit_admin, problem=problem, note="已修订")
    assert evaluate(red_flag_round(r, rules=rules))[r.branch_a1.pk].failed == "no_open_findings"  # not yet verified
    problem_verify(user=r.dept, problem=problem, note="核实")
    assert evaluate(red_flag_round(r, rules=rules))[r.branch_a1.pk].passed


def test_the_red_flag_kind_checks_open_findings_by_default(r):
    assert {"check": "no_open_findings"} in r.red_flag.default_eligibility


def test_eligibility_makes_the_same_queries_at_two_sizes(r):
    rnd = red_flag_round(r)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            result = evaluate(rnd)
        return len(ctx.captured_queries), len(result)

    small = queries()
    for i in range(6):
        b = org_create(user=None, name=f"发改委扩充党支部{i}", type=OrgType.BRANCH, parent=r.oc_a, term_start=date(2024, 1, 1))
        add_members(b, 3)
        keep_theme_days(b)
    big = queries()
    assert big[1] == small[1] + 6
    assert big[0] == small[0]


def test_rules_are_validated_when_a_round_is_made(r):
    before = Round.objects.count()
    with pytest.raises(ValidationError) as e:
        red_flag_round(r, rules=[{"check": "no_such_check"}])
    assert "不是已登记的检查项" in str(e.value)
    with pytest.raises(ValidationError):
        red_flag_round(r, rules=[{"check": "grade_at_least", "params": {"grade": "优秀"}}])
    assert Round.objects.count() == before


def test_an_ineligible_branch_cannot_be_nominated(r):
    rnd = opened(r)
    with pytest.raises(ValidationError) as e:
        services.nomination_create(user=r.unit_admin_b, round=rnd, branch=r.branch_b1, materials="事迹")
    assert e.value.messages == ["未通过：所在单位日常考核等次为一般（需较好及以上）"]
    assert not Nomination.objects.exists()
    n = services.nomination_create(user=r.unit_admin, round=rnd, branch=r.branch_a1, materials="事迹")
    assert (n.unit, n.title) == (r.unit_a, r.branch_a1.name)
    assert AuditEntry.objects.filter(action="selection.nomination.create").count() == 1


def test_nominations_over_the_quota_after_the_deadline_or_outside_reach_are_refused(r):
    rnd = opened(r, quota_per_unit=1, rules=[])
    services.nomination_create(user=r.unit_admin, round=rnd, branch=r.branch_a1, materials="事迹")
    with pytest.raises(ValidationError) as e:
        services.nomination_create(user=r.unit_admin, round=rnd, branch=r.branch_a2, materials="事迹")
    assert "本单位推荐名额已满" in str(e.value)
    with pytest.raises(ValidationError):
        services.nomination_create(user=r.unit_admin, round=rnd, branch=r.branch_b1, materials="事迹")
    late = opened(r, deadline=date(2026, 12, 1), rules=[])
    with pytest.raises(ValidationError) as e:
        services.nomination_create(user=r.unit_admin, round=late, branch=r.branch_a1, materials="事迹")
    assert "推荐已于 2026-12-01 截止" in str(e.value)
    assert Nomination.objects.count() == 1


def reviewing(r, quota=1):
    rnd = opened(r, quota=quota, rules=[])
    a1 = services.nomination_create(user=r.unit_admin, round=rnd, branch=r.branch_a1, materials="事迹一")
    a2 = services.nomination_create(user=r.unit_admin, round=rnd, branch=r.branch_a2, materials="事迹二")
    b1 = services.nomination_create(user=r.unit_admin_b, round=rnd, branch=r.branch_b1, materials="事迹三")
    grants = [services.reviewer_grant(user=r.committee, round=rnd, reviewer=r.expert_a, unit=r.unit_a),
              services.reviewer_grant(user=r.committee, round=rnd, reviewer=r.expert_out),
              services.reviewer_grant(user=r.committee, round=rnd, reviewer=r.expert_out2)]
    rnd = services.round_close_nominations(user=r.committee, round=rnd)
    return rnd, (a1, a2, b1), grants


def test_a_reviewer_is_never_assigned_their_own_unit(r):
    rnd, (a1, a2, b1), (ga, go, go2) = reviewing(r)
    with pytest.raises(ValidationError) as e:
        services.assignment_create(user=r.committee, grant=ga, nomination=a1)
    assert "不能评审本单位" in str(e.value)
    assert services.assign_all(user=r.committee, round=rnd) == 1 + 3 + 3
    assert set(Assignment.objects.filter(grant=ga).values_list("nomination_id", flat=True)) == {b1.pk}
    with pytest.raises(ValidationError):
        services.reviewer_grant(user=r.committee, round=rnd, reviewer=r.unit_admin)   # not an expert


def sheet(rnd, a, b):
    c1, c2 = rnd.criteria.all()
    return {c1.pk: a, c2.pk: b}


def test_scores_out_of_range_or_by_another_reviewer_are_refused(r):
    rnd, (a1, a2, b1), (ga, go, go2) = reviewing(r)
    services.assign_all(user=r.committee, round=rnd)
    mine = Assignment.objects.get(grant=go, nomination=a1)
    with pytest.raises(ValidationError) as e:
        services.score_submit(user=r.expert_out, assignment=mine, points=sheet(rnd, 41, 50))
    assert "须在 0 至 40.00 分之间" in str(e.value)
    with pytest.raises(ValidationError):
        services.score_submit(user=r.expert_out2, assignment=mine, points=sheet(rnd, 30, 50))
    assert not Score.objects.exists()
    services.score_submit(user=r.expert_out, assignment=mine, points=sheet(rnd, 30, 50))
    assert Score.objects.count() == 2


def scored(r, quota=1):
    rnd, noms, grants = reviewing(r, quota)
    services.assign_all(user=r.committee, round=rnd)
    marks = {"expert_a": {}, "expert_out": {noms[0]: (38, 55), noms[1]: (20, 30), noms[2]: (35, 50)},
             "expert_out2": {noms[0]: (36, 52), noms[1]: (25, 35), noms[2]: (30, 40)}}
    marks["expert_a"] = {noms[2]: (40, 60)}
    for g in grants:
        for nom, (x, y) in marks[g.user.username].items():
            services.score_submit(user=g.user, assignment=Assignment.objects.get(grant=g, nomination=nom),
                                  points=sheet(rnd, x, y))
    return rnd, noms, grants


def test_scores_stay_hidden_between_reviewers_until_the_round_closes(r):
    rnd, noms, grants = scored(r)
    mine = set(access.visible_scores(r.expert_out).values_list("assignment__grant__user__username", flat=True))
    assert mine == {"expert_out"}
    assert not access.visible_scores(r.committee).exists()
    assert not access.visible_scores(r.unit_admin).exists()
    assert set(access.visible_nominations(r.expert_a)) == {noms[2]}
    assert set(access.visible_nominations(r.unit_admin)) == {noms[0], noms[1]}
    assert set(access.visible_nominations(r.unit_admin_b)) == {noms[2]}
    assert not access.visible_nominations(r.outsider).exists()


def test_the_whole_round_from_shortlist_to_titles(r):
    rnd, (a1, a2, b1), grants = scored(r, quota=2)
    ranked = services.shortlist(user=r.committee, round=rnd)
    # trim 1 of 3 sheets for b1 (100, 85, 70 -> 85); two sheets for a1 keep both (93, 88 -> 90.50)
    assert [(x.key, str(x.score), x.shortlisted) for x in ranked] == [
        (a1.pk, "90.50", True), (b1.pk, "85.00", True), (a2.pk, "55.00", False)]
    with pytest.raises(ValidationError):
        services.score_submit(user=r.expert_out, assignment=Assignment.objects.filter(grant=grants[1]).first(),
                              points=sheet(rnd, 1, 1))
    notice = services.notice_start(user=r.committee, round=rnd, starts_on=date(2026, 12, 14))
    assert notice.ends_on == date(2026, 12, 18)
    with pytest.raises(ValidationError):
        services.objection_create(user=r.outsider, nomination=a2, text="未入围")
    objection = services.objection_create(user=r.outsider, nomination=b1, text="材料不实")
    with pytest.raises(ValidationError) as e:
        services.round_finalise(user=r.committee, round=rnd)
    assert "公示期满后" in str(e.value)
    services.objection_answer(user=r.committee, objection=objection, answer="经核实，材料属实，异议不成立。")
    assert not access.visible_scores(r.committee).exists()
    notice.ends_on = date(2026, 12, 15)      # the period has run
    notice.save()
    with pytest.raises(ValidationError) as e:
        services.objection_create(user=r.outsider, nomination=b1, text="再次异议")
    assert "不在公示期内" in str(e.value)
    winners = services.round_finalise(user=r.committee, round=rnd)
    assert winners == [a1, b1]
    assert access.visible_scores(r.committee).count() == Score.objects.count()
    titles = list(Title.objects.order_by("branch_id"))
    assert [(t.branch_id, t.valid_until) for t in titles] == [(r.branch_a1.pk, date(2029, 12, 16)),
                                                              (r.branch_b1.pk, date(2029, 12, 16))]
    check = services.title_recheck(user=r.committee, title=titles[1], year=2026)
    assert not check.passed and "所在单位日常考核等次为一般" in check.note
    services.title_revoke(user=r.committee, title=titles[1], reason="复核未通过")
    with pytest.raises(AppendOnlyError):
        titles[1].delete()
    assert Title.objects.get(pk=titles[1].pk).status == Title.Status.REVOKED
    with pytest.raises(ValidationError):
        services.title_revoke(user=r.committee, title=titles[0], reason="  ")


def test_a_round_rule_list_is_checked_against_the_kinds_subject(r):
    from dangjian.selections.models import SelectionKind
    kind = SelectionKind.objects.get(code="clean_experience")
    with pytest.raises(ValidationError) as e:
        services.round_create(user=r.committee, kind=kind, year=2026, title="清廉机关", nomination_deadline=date(2026, 12, 31),
                              quota=3, criteria=[("成效", 100)], eligibility=[{"check": "branch_setup_ok"}])
    assert "不适用于该评选对象" in str(e.value)
    assert RULES and PartyOrg.objects.exists()


def test_round_winners_gives_each_winner_with_materials_and_image_paths(r, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.lib.filetypes import PNG
    from dangjian.selections.selectors import round_winners, winners_by_kind

    settings.MEDIA_ROOT = str(tmp_path)
    rnd = opened(r, rules=[], quota=1)
    photo = SimpleUploadedFile("风采.png", PNG + b"\0" * 64, content_type="image/png")
    n = services.nomination_create(user=r.unit_admin, round=rnd, branch=r.branch_a1, materials="支部风采", files=[photo])
    services.reviewer_grant(user=r.committee, round=rnd, reviewer=r.expert_out)
    rnd = services.round_close_nominations(user=r.committee, round=rnd)
    services.assign_all(user=r.committee, round=rnd)
    services.score_submit(user=r.expert_out, assignment=Assignment.objects.get(nomination=n), points=sheet(rnd, 30, 40))
    services.shortlist(user=r.committee, round=rnd)
    services.notice_start(user=r.committee, round=rnd, starts_on=date(2026, 12, 1))
    assert round_winners(rnd) == []                       # not final yet
    services.round_finalise(user=r.committee, round=rnd)
    [winner] = round_winners(rnd)
    assert (winner.name, winner.unit, winner.title, winner.materials) == (
        r.branch_a1.name, r.unit_a.name, r.branch_a1.name, "支部风采")
    assert len(winner.images) == 1 and winner.images[0].endswith(".png") and str(tmp_path) in winner.images[0]
    assert winners_by_kind() == {"red_flag_branch": 1}


def test_other_apps_can_register_checks(r):
    from dangjian.selections import checks

    @checks.check("test_only_even", label="测试", subjects={"branch"})
    def even(ctx, candidates, params):
        return {c.key: "编号为奇数" for c in candidates if c.key % 2}

    try:
        out = evaluate(red_flag_round(r, rules=[{"check": "test_only_even"}]))
        assert all(o.passed == (k % 2 == 0) for k, o in out.items())
        assert any(o.message == "未通过：编号为奇数" for o in out.values())
    finally:
        checks.REGISTRY.pop("test_only_even")
