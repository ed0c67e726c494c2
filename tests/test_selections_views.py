"""Selection pages: each with anonymous / no permission / outsider / allowed; refusals are 400
and write nothing; the nomination and review lists make the same queries at two sizes."""
from datetime import date

import pytest
from django.urls import reverse

from dangjian.orgs.models import OrgType
from dangjian.orgs.services import org_create
from dangjian.selections.models import Assignment, Nomination, Objection, Title

from .factories import add_members
from .selections_data import build_rounds, setup


@pytest.fixture
def w(reg):
    """A round open for nomination (``open``), one in review with scores (``rev``), one closed
    (``done``, with a title) and one in notice (``pub``)."""
    r = setup(reg)
    build_rounds(r, date(2026, 12, 16))
    return r


def get(client, user, name, *args):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(name, args=args))


def post(client, user, name, *args, **data):
    client.force_login(user)
    return client.post(reverse(name, args=args), data)


def test_anonymous_is_sent_to_login(client, w):
    for name, args in [("selections:round_list", ()), ("selections:round_detail", (w.rev.pk,)),
                       ("selections:nominate", (w.open.pk,)), ("selections:my_reviews", ()),
                       ("selections:notice", (w.pub.pk,)), ("selections:winners", (w.done.pk,)),
                       ("selections:titles", ())]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/login/" in response["Location"], name


def test_round_list_and_detail(client, w):
    assert get(client, w.sysadmin, "selections:round_list").status_code == 403
    listed = get(client, w.member_user, "selections:round_list")
    assert listed.status_code == 200
    assert set(listed.context["rounds"]) == {w.done, w.pub}           # public rounds only
    assert get(client, w.unit_admin, "selections:round_detail", w.rev.pk).status_code == 403
    assert get(client, w.outsider, "selections:round_detail", w.rev.pk).status_code == 404
    page = get(client, w.committee, "selections:round_detail", w.rev.pk)
    assert page.status_code == 200 and "评审结束前" in page.content.decode()
    assert "得分" not in page.content.decode().split("推荐名单")[1]   # sealed: no points shown


def test_committee_steps_refuse_with_a_message(client, w):
    response = post(client, w.committee, "selections:round_step", w.pub.pk, "finalise")
    assert response.status_code == 400 and "公示期满后" in response.content.decode()
    assert post(client, w.unit_admin, "selections:round_step", w.pub.pk, "finalise").status_code == 403


def test_nominate_page_names_the_failed_rule_and_refuses_the_branch(client, w):
    assert get(client, w.dept, "selections:nominate", w.done.pk).status_code == 403
    assert get(client, w.secretary, "selections:nominate", w.open.pk).status_code == 404
    page = get(client, w.unit_admin, "selections:nominate", w.open.pk)
    assert page.status_code == 200
    text = page.content.decode()
    assert "未通过：支部设置不规范：正式党员不足 3 人" in text
    choices = [c for c, _l in page.context["form"].fields["subject"].choices]
    assert w.branch_a1.pk in choices and w.branch_a2.pk not in choices
    refused = post(client, w.unit_admin, "selections:nominate", w.open.pk, subject=w.branch_a2.pk, materials="事迹")
    assert refused.status_code == 400
    assert not Nomination.objects.filter(round=w.open).exists()
    done = post(client, w.unit_admin, "selections:nominate", w.open.pk, subject=w.branch_a1.pk, materials="事迹")
    assert done.status_code == 302
    assert Nomination.objects.get(round=w.open).branch == w.branch_a1


def test_reviews_are_blind_and_own(client, w):
    assert get(client, w.unit_admin, "selections:my_reviews").status_code == 403
    page = get(client, w.expert_a, "selections:my_reviews")
    assert page.status_code == 200
    assert {a.nomination.unit for a in page.context["assignments"]} == {w.unit_b}    # never their own unit
    theirs = Assignment.objects.filter(grant__user=w.expert_out, grant__round=w.rev).first()
    assert get(client, w.expert_a, "selections:review", theirs.pk).status_code == 404
    assert get(client, w.committee, "selections:review", theirs.pk).status_code == 403
    form = get(client, w.expert_out, "selections:review", theirs.pk)
    assert form.status_code == 200
    bad = post(client, w.expert_out, "selections:review", theirs.pk,
               **{f"c{c.pk}": "999" for c in w.rev.criteria.all()})
    assert bad.status_code == 400
    assert sorted(theirs.scores.values_list("points", flat=True)) == [30, 50]


def test_notice_objections_and_answers(client, w):
    assert get(client, w.sysadmin, "selections:notice", w.pub.pk).status_code == 404     # sees no round
    assert get(client, w.unit_admin, "selections:notice", w.open.pk).status_code == 403   # visible, no notice yet
    assert get(client, w.outsider, "selections:notice", w.rev.pk).status_code == 404
    page = get(client, w.outsider, "selections:notice", w.pub.pk)
    assert page.status_code == 200 and page.context["objection_form"] is not None
    target = page.context["shortlist"][0]
    assert post(client, w.outsider, "selections:objection_new", target.pk, text="  ").status_code == 400
    assert post(client, w.outsider, "selections:objection_new", target.pk, text="材料不实").status_code == 302
    objection = Objection.objects.get()
    assert post(client, w.outsider, "selections:objection_answer", objection.pk, answer="x").status_code == 403
    assert post(client, w.committee, "selections:objection_answer", objection.pk,
                answer="经核实异议不成立").status_code == 302
    assert "经核实异议不成立" in get(client, w.member_user, "selections:notice", w.pub.pk).content.decode()
    # the closed round's notice is over: no objection form, and a posted one is refused
    closed = Nomination.objects.filter(round=w.done, winner=True).first()
    assert post(client, w.outsider, "selections:objection_new", closed.pk, text="迟到的异议").status_code == 400


def test_winners_and_titles(client, w):
    assert get(client, w.sysadmin, "selections:winners", w.done.pk).status_code == 404
    assert get(client, w.member_user, "selections:winners", w.pub.pk).status_code == 403   # not closed yet
    assert get(client, w.outsider, "selections:winners", w.rev.pk).status_code == 404
    page = get(client, w.member_user, "selections:winners", w.done.pk)
    assert [n.branch for n in page.context["winners"]] == [w.branch_a1, w.branch_b1]
    assert get(client, w.sysadmin, "selections:titles").status_code == 403
    assert get(client, w.member_user, "selections:titles").status_code == 200
    title = Title.objects.first()
    assert post(client, w.unit_admin, "selections:title_revoke", title.pk, reason="x").status_code == 403
    assert post(client, w.committee, "selections:title_revoke", title.pk, reason="").status_code == 400
    assert post(client, w.committee, "selections:title_revoke", title.pk, reason="复核未通过").status_code == 302
    assert "复核未通过" in get(client, w.member_user, "selections:titles").content.decode()


def test_the_yearly_recheck_of_every_title_is_one_click_and_once_a_year(client, w):
    from dangjian.selections.models import TitleCheck

    assert post(client, w.unit_admin, "selections:titles_recheck").status_code == 403
    assert not TitleCheck.objects.exists()
    client.force_login(w.committee)
    response = client.post(reverse("selections:titles_recheck"), follow=True)
    checks = list(TitleCheck.objects.select_related("title"))
    assert len(checks) == Title.objects.filter(status="active").count() > 0
    assert all(c.year == 2026 and c.checked_by == w.committee for c in checks)
    assert "已复核" in response.content.decode()
    client.post(reverse("selections:titles_recheck"))                       # a second click checks nothing
    assert TitleCheck.objects.count() == len(checks)
    assert "本年度的称号均已复核" in client.get(reverse("selections:titles")).content.decode()


def _grow(w, n):
    """``n`` more branches in unit A, each nominated in the reviewed round and assigned."""
    from dangjian.selections.models import ReviewerGrant
    grants = list(ReviewerGrant.objects.filter(round=w.rev))
    for i in range(n):
        b = org_create(user=None, name=f"扩充党支部{w.rev.pk}-{i}", type=OrgType.BRANCH, parent=w.oc_a,
                       term_start=date(2024, 1, 1))
        add_members(b, 3)
        nom = Nomination.objects.create(round=w.rev, unit=w.unit_a, branch=b, title=b.name, materials="事迹",
                                        created_by=w.unit_admin)
        Assignment.objects.bulk_create([Assignment(grant=g, nomination=nom) for g in grants if g.unit_id != w.unit_a.pk])


def test_lists_make_the_same_queries_at_two_sizes(client, w, count_queries):
    def pages():
        return [count_queries(lambda u=u, n=n, a=a: get(client, u, n, *a))
                for u, n, a in ((w.committee, "selections:round_detail", (w.rev.pk,)),
                                (w.expert_out, "selections:my_reviews", ()),
                                (w.unit_admin, "selections:nominate", (w.open.pk,)),
                                (w.member_user, "selections:titles", ()))]
    pages()                   # the first requests warm per-process caches
    small = pages()
    _grow(w, 5)
    Title.objects.bulk_create([Title(round=w.rev, nomination=n, branch_id=n.branch_id, name="红旗党支部",
                                     granted_on=date(2026, 6, 1), valid_until=date(2029, 5, 31))
                               for n in Nomination.objects.filter(round=w.rev, title_held__isnull=True)])
    big = pages()
    assert big == small
    titles = get(client, w.member_user, "selections:titles").context["page"]
    assert titles.paginator.count == Title.objects.count() > 5 and titles.paginator.per_page == 50
    assert len(get(client, w.expert_out, "selections:my_reviews").context["assignments"]) == 2 * 3 + 5


def test_the_committee_makes_a_round_and_grants_reviewers(client, w):
    from dangjian.selections.models import ReviewerGrant, Round, SelectionKind

    assert client.get(reverse("selections:round_new")).status_code == 302
    assert get(client, w.unit_admin, "selections:round_new").status_code == 403
    assert get(client, w.committee, "selections:round_new").status_code == 200
    kind = SelectionKind.objects.get(code="brand_case")
    data = {"kind": kind.pk, "year": 2027, "title": "2027年度党建品牌案例", "nomination_deadline": "2027-03-31",
            "quota": 28, "trim": 1, "notice_days": 5, "criteria": "品牌内涵,40\n实践成效,60"}
    before = Round.objects.count()
    assert post(client, w.committee, "selections:round_new", **{**data, "criteria": "没有分值"}).status_code == 400
    assert post(client, w.unit_admin, "selections:round_new", **data).status_code == 403
    assert Round.objects.count() == before
    made = post(client, w.committee, "selections:round_new", **data)
    assert made.status_code == 302
    rnd = Round.objects.get(title="2027年度党建品牌案例")
    assert [(c.name, c.max_points) for c in rnd.criteria.all()] == [("品牌内涵", 40), ("实践成效", 60)]
    # reviewers
    assert post(client, w.unit_admin, "selections:reviewer_grant", rnd.pk, reviewer=w.expert_a.pk).status_code == 404
    assert post(client, w.unit_admin, "selections:reviewer_grant", w.open.pk, reviewer=w.expert_a.pk).status_code == 403
    assert post(client, w.outsider, "selections:reviewer_grant", rnd.pk, reviewer=w.expert_a.pk).status_code == 404
    refused = post(client, w.committee, "selections:reviewer_grant", rnd.pk, reviewer=w.unit_admin.pk)
    assert refused.status_code == 400
    assert post(client, w.committee, "selections:reviewer_grant", rnd.pk, reviewer=w.expert_a.pk,
                unit=w.unit_a.pk).status_code == 302
    assert ReviewerGrant.objects.get(round=rnd).unit == w.unit_a
