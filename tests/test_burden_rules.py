"""Burden reduction (为基层减负) as product requirements: each rule of the domain brief, tested."""
import re
from datetime import date

from django.apps import apps
from django.urls import reverse

from dangjian.accounts.models import Department, Role
from dangjian.assessment.forbidden import forbidden_bases
from dangjian.front.models import Feedback
from dangjian.records.forms import ActivityForm
from dangjian.records.models import Activity, ActivityKind

from .factories import make_user

# Security bookkeeping (等保 lockout), never shown or scored: not a measure of anyone's work.
ALLOWED = {("accounts.user", "last_login")}
# Who wrote a row: bookkeeping beside a score, not a score of that person.
WRITERS = {"created_by", "published_by", "user"}
PEOPLE = {"orgs.member", "accounts.user"}
# A person nominated for a title (the seed's 突出科长): experts score the nomination's materials by
# criterion; nothing is computed from the platform's data about the person, and only the winners
# are published (no ranking of people is shown; the committee sees the shortlist ranks after review).
NOMINEES = {("selections.nomination", "member")}
SCORE_FIELD = re.compile(r"(points|score|rank|grade)")


def project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("dangjian.")]


def test_no_field_measures_a_forbidden_basis():
    """Rule 1: nothing stores logins, time online or studying, check-ins, points rankings,
    likes, votes, shares, photos, videos or tracks (the one list in assessment/forbidden.py)."""
    offenders = [f"{model._meta.label}.{field.name}: {bases}"
                 for model in project_models() for field in model._meta.get_fields()
                 if (bases := forbidden_bases(field.name.replace("_", " ")) + forbidden_bases(field.name))
                 and (model._meta.label_lower, field.name) not in ALLOWED]
    assert offenders == []


def test_the_forbidden_list_catches_what_it_names():
    assert forbidden_bases("login count") and forbidden_bases("online_time") and forbidden_bases("photo_count")


def test_people_are_never_scored_or_ranked():
    """Units are scored and ranked within their division; a model that holds points, a score,
    a rank or a grade never points at a member or a user but to say who wrote it."""
    offenders = []
    for model in project_models():
        fields = model._meta.get_fields()
        if not any(SCORE_FIELD.search(getattr(f, "name", "")) for f in fields if not f.is_relation):
            continue
        for f in fields:
            target = getattr(f, "related_model", None)
            if (f.is_relation and f.concrete and target is not None and target._meta.label_lower in PEOPLE
                    and f.name not in WRITERS and (model._meta.label_lower, f.name) not in NOMINEES):
                offenders.append(f"{model._meta.label}.{f.name}")
    assert offenders == []


def test_no_record_waits_for_an_attachment(db):
    for kind in ActivityKind.objects.all():
        form = ActivityForm(kind=kind, roster=[])
        assert not form.fields["files"].required
        required = {n for n, f in form.fields.items() if f.required}
        assert required <= {"held_on", "topic", "form"}, (kind.code, required)


def test_every_department_reads_a_record_entered_once(client, reg):
    a = Activity.objects.create(org=reg.branch_a1, kind=ActivityKind.objects.get(code="members_meeting"),
                                held_on=date(2026, 3, 1), topic="一季度支部党员大会")
    for i, name in enumerate(["纪委监委", "宣传部", "统战部"]):
        dept = make_user(f"d{i}", Role.DEPARTMENT, department=Department.objects.create(name=name))
        client.force_login(dept)
        assert client.get(reverse("records:detail", args=[a.pk])).status_code == 200
        assert "一季度支部党员大会" in client.get(reverse("records:list")).content.decode()


def test_no_page_ranks_people(login, reg):
    pages = ["home", "member_list", "branch_list", "records:list", "records:picture", "org_tree"]
    client = login(reg.committee)
    for name in pages:
        html = client.get(reverse(name)).content.decode().replace("不设积分排名", "")
        assert "排名" not in html and "积分" not in html and "排行" not in html, name


def test_a_built_in_complaint_and_suggestion_entry(login, reg):
    client = login(reg.member_user)
    assert "意见建议与投诉" in client.get(reverse("home")).content.decode()
    assert client.post(reverse("feedback"), {"text": "填报表格太多"}).status_code == 302
    item = Feedback.objects.get()
    assert item.text == "填报表格太多" and item.user == reg.member_user
