"""Pages of the three-ones lists: a secretary keeps the list, the committee, a zone lead and a
unit admin see it by zone and unit; outsiders get 404; bad input a clear 400 and nothing written."""
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.audit.models import AuditEntry
from dangjian.commitments.models import Commitment, ProgressNote
from dangjian.commitments.services import commitment_create, progress_note_add

TODAY = date.today()
DUE = date(TODAY.year, 12, 31)


def new_url(org, kind="pledge"):
    return f"/commitments/org/{org.pk}/new/{kind}/"


def item_of(reg, org=None, kind="pledge", due_on=DUE, owner=None, **kw):
    org = org or reg.branch_a1
    owner = owner or (reg.members_b1[0] if org == reg.branch_b1 else reg.members_a1[0])
    return commitment_create(user=None, org=org, kind=kind, year=due_on.year, owner=owner,
                             text=f"{org.name}的{kind}", due_on=due_on, **kw)


def post_item(client, org, **data):
    base = {"year": str(TODAY.year), "owner": "", "text": "每月走访困难党员", "due_on": DUE.isoformat()}
    return client.post(new_url(org), base | data)


def test_pages_require_login(client, reg):
    for url in ("/commitments/", "/commitments/overview/", f"/commitments/org/{reg.branch_a1.pk}/", new_url(reg.branch_a1)):
        assert client.get(url).status_code == 302


def test_a_secretary_fills_a_pledge_in_one_short_form(login, reg):
    client = login(reg.secretary)
    page = client.get("/commitments/").content.decode()
    assert "发改委第一党支部" in page and "填写公开承诺" in page and "财政局" not in page
    form = client.get(new_url(reg.branch_a1)).content.decode()
    assert 'name="owner"' in form and 'name="contact_branch"' not in form
    response = post_item(client, reg.branch_a1, owner=str(reg.members_a1[0].pk))
    assert response.status_code == 302, response.content.decode()[:1500]
    item = Commitment.objects.get()
    assert (item.org, item.kind, item.owner, item.created_by) == (reg.branch_a1, "pledge", reg.members_a1[0], reg.secretary)
    assert "每月走访困难党员" in client.get(f"/commitments/org/{reg.branch_a1.pk}/").content.decode()


def test_the_registry_secretary_is_preselected_as_owner(login, reg):
    reg.branch_a1.secretary_name = reg.members_a1[2].name
    reg.branch_a1.save(update_fields=["secretary_name"])
    form = login(reg.secretary).get(new_url(reg.branch_a1)).context["form"]
    assert form.initial["owner"] == reg.members_a1[2].pk


def _nothing_written():
    return not Commitment.objects.exists() and not AuditEntry.objects.filter(action__startswith="commitment.").exists()


def test_an_item_without_an_owner_is_a_clear_400(login, reg):
    response = post_item(login(reg.secretary), reg.branch_a1)
    assert response.status_code == 400
    assert "请指定责任书记" in response.content.decode()
    assert _nothing_written()


def test_a_due_date_out_of_range_is_a_clear_400(login, reg):
    client = login(reg.secretary)
    for due, message in ((f"{TODAY.year + 1}-02-01", f"须在 {TODAY.year} 年内"),
                         ((TODAY - timedelta(days=1)).isoformat(), "不能早于今天")):
        response = post_item(client, reg.branch_a1, owner=str(reg.members_a1[0].pk), due_on=due)
        assert response.status_code == 400 and message in response.content.decode()
    assert _nothing_written()


def test_a_second_item_of_a_kind_is_a_clear_400(login, reg):
    item_of(reg)
    client = login(reg.secretary)
    before = AuditEntry.objects.count()
    response = post_item(client, reg.branch_a1, owner=str(reg.members_a1[0].pk), text="第二项")
    assert response.status_code == 400 and "每类只列一项" in response.content.decode()
    assert Commitment.objects.count() == 1 and AuditEntry.objects.count() == before


def test_forged_ids_are_refused(login, reg):
    client = login(reg.secretary)
    # another unit's org, or none at all: no such list
    assert post_item(client, reg.branch_b1, owner=str(reg.members_b1[0].pk)).status_code == 404
    assert post_item(client, type("Org", (), {"pk": 987654})()).status_code == 404
    assert client.get(f"/commitments/org/{reg.branch_a1.pk}/new/nonsense/").status_code == 404
    # a member of another unit, a branch of another unit
    response = post_item(client, reg.branch_a1, owner=str(reg.members_b1[0].pk))
    assert response.status_code == 400
    contact = {"year": str(TODAY.year), "owner": str(reg.members_a1[0].pk), "text": "联系", "due_on": DUE.isoformat(),
               "contact_branch": str(reg.branch_b1.pk)}
    unit = login(reg.unit_admin)
    response = unit.post(new_url(reg.oc_a, "contact"), contact)
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    assert _nothing_written()
    response = unit.post(new_url(reg.oc_a, "contact"), contact | {"contact_branch": str(reg.branch_a2.pk)})
    assert response.status_code == 302
    assert Commitment.objects.get().contact_branch == reg.branch_a2


def test_a_progress_note_with_an_optional_file(login, reg, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = item_of(reg)
    client = login(reg.secretary)
    form = client.get(f"/commitments/{item.pk}/note/").content.decode()
    assert "涉密不上网" in form and "不上传也可以保存" in form
    assert client.post(f"/commitments/{item.pk}/note/", {"text": "已走访 3 户", "status": "in_progress"}).status_code == 302
    pdf = SimpleUploadedFile("走访.pdf", b"%PDF-1.7\n...")
    assert client.post(f"/commitments/{item.pk}/note/", {"text": "完成", "status": "done", "file": pdf}).status_code == 302
    item.refresh_from_db()
    assert item.status == "done" and item.notes.count() == 2
    note = item.notes.exclude(file="").get()
    download = login(reg.zone_lead).get(f"/commitments/evidence/{note.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/octet-stream"
    assert login(reg.outsider).get(f"/commitments/evidence/{note.pk}/").status_code == 404
    response = login(reg.secretary).post(f"/commitments/{item.pk}/note/", {"text": "长" * 201, "status": "done"})
    assert response.status_code == 400 and ProgressNote.objects.count() == 2


def test_outsiders_get_404_for_another_units_items(login, reg):
    item = item_of(reg)
    client = login(reg.outsider)
    for url in (f"/commitments/org/{reg.branch_a1.pk}/", f"/commitments/{item.pk}/edit/", f"/commitments/{item.pk}/note/",
                new_url(reg.branch_a1, "project")):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/commitments/{item.pk}/note/", {"text": "x", "status": "done"}).status_code == 404
    assert "发改委" not in client.get("/commitments/").content.decode()
    zone = login(reg.zone_lead)
    assert zone.get(f"/commitments/unit/{reg.unit_b.pk}/").status_code == 404
    assert login(reg.unit_admin).get(f"/commitments/unit/{reg.unit_b.pk}/").status_code == 404
    item.refresh_from_db()
    assert item.status == "not_started"


def test_who_may_keep_and_who_may_only_read(login, reg):
    item = item_of(reg)
    zone = login(reg.zone_lead)
    assert zone.get(f"/commitments/org/{reg.branch_a1.pk}/").status_code == 200
    assert zone.get(f"/commitments/{item.pk}/edit/").status_code == 403
    assert zone.get("/commitments/").status_code == 403
    dept = login(reg.dept)
    assert dept.get("/commitments/overview/").status_code == 200
    assert dept.post(f"/commitments/{item.pk}/note/", {"text": "x", "status": "done"}).status_code == 403
    member = login(reg.member_user)
    assert member.get("/commitments/").status_code == 403 and member.get("/commitments/overview/").status_code == 403
    assert login(reg.secretary).get("/commitments/overview/").status_code == 403


def test_the_committee_sees_counts_by_zone_and_unit_and_drills_down(login, reg):
    item_of(reg)
    item_of(reg, kind="project", due_on=TODAY + timedelta(days=3))
    Commitment.objects.filter(kind="project").update(due_on=TODAY - timedelta(days=3))      # now past its date
    item_of(reg, org=reg.branch_b1, kind="pledge")
    progress_note_add(user=None, commitment=Commitment.objects.get(org=reg.branch_b1), text="完成", status="done")
    page = login(reg.committee).get("/commitments/overview/")
    zones = {t.name: (t.total, t.overdue, t.by_status["done"]) for t in page.context["zones"]}
    assert zones == {"第一协作区": (2, 1, 0), "第二协作区": (1, 0, 1)}
    units = {t.name: t.total for t in page.context["page"].object_list}
    assert units == {"市发展和改革委员会": 2, "市财政局": 1}
    zone = login(reg.zone_lead).get("/commitments/overview/")
    assert [t.name for t in zone.context["page"].object_list] == ["市发展和改革委员会"]
    drill = login(reg.unit_admin).get(f"/commitments/unit/{reg.unit_a.pk}/").content.decode()
    assert "发改委第一党支部的pledge" in drill and "已过完成时限" in drill


def test_reminders_before_the_due_date_on_home_and_the_to_do_page(login, reg):
    item_of(reg, due_on=TODAY + timedelta(days=5))
    item_of(reg, kind="project", due_on=DUE)
    item_of(reg, org=reg.oc_a, due_on=date(TODAY.year + 1, 3, 1))          # not within 30 days
    home = login(reg.secretary).get("/").content.decode()
    ours = home.split("三个一清单：临近完成时限", 1)[1].split("</section>", 1)[0]
    assert "7 天内到期" in ours and ours.count("<li>") == 2
    assert ours.count("发改委第一党支部</a>：") == 2 and "机关党委" not in ours
    gaps = login(reg.unit_admin).get("/records/gaps/")
    assert gaps.context["commitments_due_total"] == 2
    assert "三个一清单：临近完成时限" not in login(reg.outsider).get("/").content.decode()
    # a member sees the to-do page but may not open the lists: no reminder that leads to a 403
    assert login(reg.member_user).get("/records/gaps/").context["commitments_due"] == []


def test_the_menu_leads_each_role_to_its_view_of_the_lists(login, reg):
    def entry(user):
        items = login(user).get("/").context["nav_items"]
        return [i["url"] for i in items if i["label"] == "三个一清单"]
    assert entry(reg.secretary) == entry(reg.unit_admin) == ["/commitments/"]
    assert entry(reg.zone_lead) == entry(reg.committee) == entry(reg.dept) == ["/commitments/overview/"]
    assert entry(reg.member_user) == entry(reg.auditor) == []
