"""Record pages: the one form, detail, gaps, the committee's picture; with outsiders."""
import re
from datetime import date

from django.core.cache import cache

from dangjian.audit.models import AuditEntry
from dangjian.records.models import Activity, ActivityKind

from .factories import add_members


def committee_form_url(reg):
    return f"/records/org/{reg.branch_a1.pk}/new/committee_meeting/"


def test_pages_require_login(client, reg):
    assert client.get("/records/").status_code == 302
    assert client.get(committee_form_url(reg)).status_code == 302


def test_a_monthly_committee_meeting_takes_one_form_and_few_inputs(login, reg):
    add_members(reg.branch_a1, 7)                        # a 12-member branch
    client = login(reg.secretary)
    html = client.get(committee_form_url(reg)).content.decode()
    assert "涉密不上网" in html
    names = set(re.findall(r'name="([a-z_]+)"', html)) - {"csrfmiddlewaretoken"}
    fields = {n for n in names if not n.startswith("reason_")}
    assert len(fields) <= 10, fields                     # kind is chosen by the link; roster pre-ticked
    roster = [m.id for m in reg.branch_a1.members.all()]
    assert len(roster) == 12
    response = client.post(committee_form_url(reg), {
        "held_on": "2026-11-20", "topic": "研究年度党员发展计划", "present": roster,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get()
    assert activity.attendee_count == 12 and activity.kind.code == "committee_meeting"


def test_the_unit_admins_gaps_and_the_committee_view_change_when_a_meeting_is_recorded(
        login, reg, django_capture_on_commit_callbacks):
    unit = login(reg.unit_admin)
    before = unit.get("/records/gaps/").content.decode()
    assert "发改委第一党支部" in before
    count_before = int(re.search(r"待开展 (\d+) 项", before).group(1))
    with django_capture_on_commit_callbacks(execute=True):     # the gaps are cached until a record write
        login(reg.secretary).post(f"/records/org/{reg.branch_a1.pk}/new/theme_day/", {
            "held_on": date.today().isoformat(), "topic": "主题党日", "present": [m.id for m in reg.members_a1]})
    after = login(reg.unit_admin).get("/records/gaps/").content.decode()
    assert int(re.search(r"待开展 (\d+) 项", after).group(1)) == count_before - 1
    assert "财政局" not in after                       # another unit's branch is not in the unit admin's list


def test_outsider_cannot_see_or_add_a_record(login, reg):
    a = Activity.objects.create(org=reg.branch_a1, kind=ActivityKind.objects.get(code="theme_day"),
                                held_on=date(2026, 1, 5), topic="内部记录")
    client = login(reg.outsider)
    assert client.get(f"/records/{a.pk}/").status_code == 404
    assert client.get(committee_form_url(reg)).status_code == 404
    assert client.get(f"/records/org/{reg.branch_a1.pk}/due/").status_code == 404
    assert "内部记录" not in client.get("/records/").content.decode()


def test_departments_read_records_without_asking_again_but_cannot_write(login, reg):
    a = Activity.objects.create(org=reg.branch_a1, kind=ActivityKind.objects.get(code="theme_day"),
                                held_on=date(2026, 1, 5), topic="已登记的主题党日")
    client = login(reg.dept)
    assert client.get(f"/records/{a.pk}/").status_code == 200
    assert "已登记的主题党日" in client.get("/records/").content.decode()
    assert client.get(committee_form_url(reg)).status_code == 403


def test_invalid_post_is_400_and_writes_nothing(login, reg):
    client = login(reg.secretary)
    response = client.post(committee_form_url(reg), {"held_on": "2099-01-01", "topic": ""})
    assert response.status_code == 400
    assert "日期晚于今天" in response.content.decode()
    assert not Activity.objects.exists()
    assert not AuditEntry.objects.filter(action="activity.create").exists()


def test_forged_attendee_from_another_branch_is_refused(login, reg):
    client = login(reg.secretary)
    response = client.post(committee_form_url(reg), {"held_on": "2026-11-20", "topic": "t",
                                                     "present": [reg.members_b1[0].id]})
    assert response.status_code == 400 and not Activity.objects.exists()


def test_committee_picture_by_zone_and_unit(login, reg):
    kind = ActivityKind.objects.get(code="theme_day")
    Activity.objects.bulk_create([Activity(org=reg.branch_a1, kind=kind, held_on=date(2025, m, 10), topic="t")
                                  for m in range(1, 13)])
    html = login(reg.committee).get("/records/picture/?year=2025").content.decode()
    assert "第一协作区" in html and "市发展和改革委员会" in html
    assert "1/3（33%）" in html        # the city: 1 of its 3 branches kept a theme day every month
    zones = html[html.index('id="by-zone"'):]
    zone_a = re.search(r'<th scope="row">第一协作区</th>(.*?)</tr>', zones).group(1)
    zone_b = re.search(r'<th scope="row">第二协作区</th>(.*?)</tr>', zones).group(1)
    assert ">50%" in zone_a            # zone A: 12 of its 2 × 12 branch-months
    assert ">50%" not in zone_b and ">0%" in zone_b    # zone B: its one branch kept none


def test_list_pages_make_constant_queries(login, reg, count_queries):
    client = login(reg.committee)
    kind = ActivityKind.objects.get(code="theme_day")
    Activity.objects.bulk_create([Activity(org=reg.branch_a1, kind=kind, held_on=date(2026, 1, 1), topic="t")])
    sizes = []
    for _ in range(2):
        cache.clear()       # the gaps are cached: measure the computation at both sizes
        sizes.append((count_queries(lambda: client.get("/records/")),
                      count_queries(lambda: client.get("/records/gaps/"))))
        from dangjian.orgs.services import org_create
        for i in range(8):
            b = org_create(user=None, name=f"支部{i}{len(sizes)}", type="branch", parent=reg.oc_b)
            Activity.objects.bulk_create([Activity(org=b, kind=kind, held_on=date(2026, 1, d), topic="t")
                                          for d in range(1, 6)])
    assert sizes[0] == sizes[1]


def test_home_reminds_a_secretary_before_the_deadline_without_listing_people(login, reg):
    from dangjian.records import selectors
    reminders, total = selectors.home_reminders(reg.secretary, today=date(2026, 11, 26))
    codes = {item.rule.kind.code for item, _name in reminders}
    assert "theme_day" in codes                          # month ends in 4 days, lead time 7
    assert all(name == "发改委第一党支部" for _i, name in reminders)
    assert selectors.home_reminders(reg.secretary, today=date(2026, 11, 2))[1] == 0   # too early to remind
    today_items, _ = selectors.home_reminders(reg.secretary)
    html = login(reg.secretary).get("/").content.decode()
    assert ("事前提醒" in html) == bool(today_items)
    assert "排名" not in html.replace("不设积分排名", "")


def test_the_committee_gets_the_picture_not_every_branchs_todo(reg):
    from dangjian.records import selectors
    assert selectors.home_reminders(reg.committee, today=date(2026, 11, 26)) == ([], 0)


def test_org_page_links_to_recording(login, reg):
    from django.urls import reverse
    html = login(reg.secretary).get(reverse("org_detail", args=[reg.branch_a1.pk])).content.decode()
    assert f"/records/org/{reg.branch_a1.pk}/new/" in html
    html = login(reg.dept).get(reverse("org_detail", args=[reg.branch_a1.pk])).content.decode()
    assert f"/records/org/{reg.branch_a1.pk}/new/" not in html


def test_the_committee_extends_the_kinds_in_admin_and_it_is_audited(login, reg):
    client = login(reg.committee)
    response = client.post("/admin/records/activitykind/add/", {
        "code": "reading_club", "name": "读书班", "category": "study", "active": "on", "sort": 99})
    assert response.status_code == 302
    assert ActivityKind.objects.filter(code="reading_club").exists()
    assert AuditEntry.objects.filter(object_type="activitykind").exists()
    assert login(reg.unit_admin).get("/admin/records/activitykind/").status_code in (302, 403)


def test_a_secretary_corrects_a_record_and_it_is_audited(login, reg):
    from dangjian.records.services import activity_create
    ids = [m.id for m in reg.members_a1]
    a = activity_create(user=reg.secretary, org=reg.branch_a1, kind=ActivityKind.objects.get(code="theme_day"),
                        held_on=date(2026, 11, 2), topic="主题党日", present_ids=ids)
    client = login(reg.secretary)
    html = client.get(f"/records/{a.pk}/edit/").content.decode()
    assert html.count("checked") >= len(ids)
    response = client.post(f"/records/{a.pk}/edit/", {"held_on": "2026-11-03", "topic": "重温入党誓词",
                                                      "present": ids[1:], f"reason_{ids[0]}": "病假"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.topic, a.attendee_count, str(a.held_on)) == ("重温入党誓词", 4, "2026-11-03")
    assert a.attendance.get(member_id=ids[0]).absence_reason == "病假"
    entry = AuditEntry.objects.get(action="activity.update", object_id=str(a.pk))
    assert entry.changes["topic"] == ["主题党日", "重温入党誓词"]


def test_edit_keeps_outsiders_and_readers_out(login, reg):
    a = Activity.objects.create(org=reg.branch_a1, kind=ActivityKind.objects.get(code="theme_day"),
                                held_on=date(2026, 1, 5), topic="t")
    assert login(reg.outsider).get(f"/records/{a.pk}/edit/").status_code == 404
    assert login(reg.dept).post(f"/records/{a.pk}/edit/", {"held_on": "2026-01-05", "topic": "x"}).status_code == 403


def test_a_vote_keeps_its_attendance(login, reg):
    from dangjian.records.services import activity_create
    ids = [m.id for m in reg.members_a1]
    a = activity_create(user=reg.secretary, org=reg.branch_a1, kind=ActivityKind.objects.get(code="members_meeting"),
                        held_on=date(2026, 11, 2), topic="t", present_ids=ids, vote={"motion": "m", "yes": 5})
    response = login(reg.secretary).post(f"/records/{a.pk}/edit/", {"held_on": "2026-11-02", "topic": "t",
                                                                     "present": ids[:2]})
    assert response.status_code == 400 and "表决" in response.content.decode()
    assert a.attendance.filter(present=True).count() == 5


def test_a_past_years_picture_is_cached_and_a_record_write_refreshes_it(login, reg, django_capture_on_commit_callbacks):
    from dangjian.records.services import activity_create
    client = login(reg.committee)
    last = date.today().year - 1
    assert "1/3（33%）" not in client.get(f"/records/picture/?year={last}").content.decode()   # the city, theme days
    kind = ActivityKind.objects.get(code="theme_day")
    Activity.objects.bulk_create([Activity(org=reg.branch_a1, kind=kind, held_on=date(last, m, 10), topic="t")
                                  for m in range(1, 12)])                 # written behind the services' back
    assert "1/3（33%）" not in client.get(f"/records/picture/?year={last}").content.decode()   # cached
    with django_capture_on_commit_callbacks(execute=True):
        activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind, held_on=date(last, 12, 10),
                        topic="t", attendee_count=5)
    assert "1/3（33%）" in client.get(f"/records/picture/?year={last}").content.decode()
