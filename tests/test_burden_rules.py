"""Burden reduction (为基层减负) as product requirements: each rule of the domain brief, tested."""
import re
from datetime import date

from django.apps import apps
from django.urls import reverse

from dangjian.accounts.models import Department, Role
from dangjian.front.models import Feedback
from dangjian.records.forms import ActivityForm
from dangjian.records.models import Activity, ActivityKind

from .factories import make_user

# Names that would mean measuring people by use, presence or show (rule 1 of the brief).
FORBIDDEN = re.compile(r"(login_count|logins|online|time_spent|duration|study_time|minutes|like|share_count|"
                       r"photo|video|track|checkin|check_in|points|score|rank|leaderboard|vote_count)")
# Security bookkeeping (等保 lockout), never shown or scored: not a measure of anyone's work.
ALLOWED = {("accounts.user", "last_login")}


def test_no_field_measures_logins_time_likes_photos_or_points():
    offenders = []
    for model in apps.get_models():
        if not model.__module__.startswith("dangjian."):
            continue
        for field in model._meta.get_fields():
            name = getattr(field, "name", "")
            if FORBIDDEN.search(name) and (model._meta.label_lower, name) not in ALLOWED:
                offenders.append(f"{model._meta.label}.{name}")
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
