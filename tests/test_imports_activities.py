"""Excel import of past records of organizational life (组织生活记录), through the import path."""
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from dangjian.audit.models import AuditEntry
from dangjian.imports.apply import import_validate
from dangjian.imports.models import ImportBatch
from dangjian.orgs.models import OrgType
from dangjian.orgs.services import org_create
from dangjian.records.models import Activity, ActivityKind, Attendance, Vote
from dangjian.records.services import activity_create
from dangjian.records.validation import activity_errors

from .test_imports_helpers import post_upload, read_xlsx, upload_and_confirm, xlsx

HEADERS = ["党组织名称", "所在单位", "日期", "类型", "主题", "学习形式", "应到人数", "实到人数", "简要内容",
           "五学联动"]
TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def row(org="发改委第一党支部", unit="", held_on="2024-03-12", kind="支部委员会会议", topic="研究三月工作",
        form="", expected=7, present=6, summary="传达上级精神", ways=""):
    return [org, unit, held_on, kind, topic, form, expected, present, summary, ways]


def activities_xlsx(rows):
    return xlsx(HEADERS, rows, title="组织生活记录")


def errors_of(response):
    assert response.status_code == 400
    return response.content.decode()


def kind(code):
    return ActivityKind.objects.get(code=code)


# ---- the happy path ----------------------------------------------------------------------------

def test_unit_admin_imports_past_records(reg, login):
    client = login(reg.unit_admin)
    data = activities_xlsx([
        row(),
        row(org="发改委第二党支部", held_on="2024年3月5日", kind="第一议题学习", topic="学习重要讲话精神",
            form="集中学习", expected=None, present="12人", ways="支部研学、平台自学"),
        row(org="市发改委机关党委", unit="发改委", held_on="20240401", kind="党课", topic="书记讲党课",
            expected=40, present=38, summary=""),
    ])
    _, confirm = upload_and_confirm(client, "activities", data)
    assert confirm.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.rows, batch.created, batch.updated, batch.unchanged) == ("activities", 3, 3, 0, 0)
    first = Activity.objects.get(org=reg.branch_a1)
    assert (first.kind.code, first.held_on, first.topic) == ("committee_meeting", date(2024, 3, 12), "研究三月工作")
    assert (first.expected_count, first.attendee_count, first.summary) == (7, 6, "传达上级精神")
    assert first.source == "import" and first.created_by == reg.unit_admin
    study = Activity.objects.get(org=reg.branch_a2)
    assert (study.form, study.attendee_count, study.expected_count) == ("集中学习", 12, 12)
    assert study.study_ways == ["branch", "platform"]
    lecture = Activity.objects.get(org=reg.oc_a)
    assert lecture.held_on == date(2024, 4, 1) and lecture.kind.code == "party_lecture"
    assert not Attendance.objects.exists() and not Vote.objects.exists()      # counts only
    entry = AuditEntry.objects.get(action="activity.import")
    assert entry.user == reg.unit_admin
    assert entry.changes["created"] == [None, "3"] and entry.changes["rows"] == [None, "3"]
    assert not AuditEntry.objects.filter(action="registry.import").exists()


def test_the_batch_page_shows_the_summary_before_confirming(reg, login):
    client = login(reg.secretary)
    response = post_upload(client, "activities", activities_xlsx([row(), row(topic="研究四月工作")]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "组织生活记录" in page and "确认导入" in page
    assert not Activity.objects.exists()                 # nothing before confirmation
    client.post(response["Location"] + "confirm/")
    assert Activity.objects.filter(org=reg.branch_a1).count() == 2


# ---- errors by row and column; nothing written -------------------------------------------------

def test_errors_are_reported_by_row_and_column(reg, login):
    client = login(reg.unit_admin)
    data = activities_xlsx([
        row(),                                                       # 2: fine
        row(held_on=TOMORROW),                                       # 3
        row(kind="支部大会"),                                         # 4
        row(expected=5, present=6),                                  # 5
        row(present="十二"),                                          # 6
        row(ways="支部研学、自学"),                                    # 7
        row(topic=""),                                               # 8
        row(org="不存在的党支部"),                                     # 9
        row(),                                                       # 10: same as row 2
        row(held_on="2024-02-30"),                                   # 11
        row(org="市发改委机关党委", unit="市财政局"),                   # 12
    ])
    text = errors_of(post_upload(client, "activities", data))
    for message in ["第3行 日期：晚于今天",
                    "第4行 类型：未找到该类型，应为支部党员大会、支部委员会会议",
                    "第5行 实到人数：多于应到人数",
                    "第6行 实到人数：应为不小于0的整数",
                    "第7行 五学联动：“自学”不是五学联动的方式",
                    "第8行 主题：必填",
                    "第9行 党组织名称：未找到或无权限",
                    "第10行 主题：与第2行的党组织、类型、日期、主题相同",
                    "第11行 日期：不是有效日期",
                    "第12行 所在单位：该单位下未找到此党组织"]:
        assert message in text, message
    assert "第2行" not in text.replace("与第2行", "")
    assert not Activity.objects.exists() and not ImportBatch.objects.exists()


def test_first_agenda_study_without_its_form_is_refused(reg, login):
    data = activities_xlsx([row(kind="第一议题学习", topic="学习重要讲话", form="")])
    text = errors_of(post_upload(login(reg.unit_admin), "activities", data))
    assert "第2行 学习形式：第一议题学习须填写学习形式" in text
    assert not Activity.objects.exists()


def test_inactive_kinds_and_dissolved_orgs_are_refused(reg, login):
    ActivityKind.objects.filter(code="contest").update(active=False)
    reg.branch_a2.dissolved = True
    reg.branch_a2.save(update_fields=["dissolved"])
    data = activities_xlsx([row(kind="知识竞赛"), row(org="发改委第二党支部")])
    text = errors_of(post_upload(login(reg.unit_admin), "activities", data))
    assert "第2行 类型：该记录类型已停用" in text
    assert "第3行 党组织名称：该党组织已撤销" in text
    assert "知识竞赛、" not in text                 # inactive kinds are not offered


def test_one_bad_row_writes_nothing(reg, login):
    rows = [row(topic=f"第{i}次会议") for i in range(20)] + [row(held_on=TOMORROW, topic="未来会议")]
    text = errors_of(post_upload(login(reg.unit_admin), "activities", activities_xlsx(rows)))
    assert "第22行 日期：晚于今天" in text
    assert not Activity.objects.exists()


def test_a_file_that_stops_validating_before_confirmation_writes_nothing(reg, login):
    client = login(reg.unit_admin)
    response = post_upload(client, "activities", activities_xlsx([row(), row(kind="知识竞赛", topic="竞赛")]))
    assert response.status_code == 302
    ActivityKind.objects.filter(code="contest").update(active=False)   # changed in between
    confirm = client.post(response["Location"] + "confirm/")
    assert "第3行 类型：该记录类型已停用" in errors_of(confirm)
    assert not Activity.objects.exists()
    assert ImportBatch.objects.get().status == "validated"
    assert not AuditEntry.objects.filter(action="activity.import").exists()


# ---- re-import ---------------------------------------------------------------------------------

def test_reimporting_creates_no_duplicates_and_updates_what_changed(reg, login):
    client = login(reg.unit_admin)
    rows = [row(), row(topic="研究四月工作", held_on="2024-04-10", ways="支部研学")]
    upload_and_confirm(client, "activities", activities_xlsx(rows))
    upload_and_confirm(client, "activities", activities_xlsx(rows))          # the same file again
    batch = ImportBatch.objects.order_by("-id").first()
    assert (batch.created, batch.updated, batch.unchanged) == (0, 0, 2)
    assert Activity.objects.count() == 2

    rows[0] = row(expected=8, present=8, summary="补充：传达上级精神并部署任务")
    upload_and_confirm(client, "activities", activities_xlsx(rows))
    batch = ImportBatch.objects.order_by("-id").first()
    assert (batch.created, batch.updated, batch.unchanged) == (0, 1, 1)
    changed = Activity.objects.get(topic="研究三月工作")
    assert (changed.expected_count, changed.attendee_count) == (8, 8)
    assert changed.summary == "补充：传达上级精神并部署任务"
    assert Activity.objects.count() == 2
    assert AuditEntry.objects.filter(action="activity.import").count() == 3


def test_a_record_entered_through_the_form_is_not_overwritten(reg, login):
    kept = activity_create(user=reg.secretary, org=reg.branch_a1, kind=kind("committee_meeting"),
                           held_on=date(2024, 3, 12), topic="研究三月工作",
                           present_ids=[m.pk for m in reg.members_a1[:4]])
    _, confirm = upload_and_confirm(login(reg.unit_admin), "activities",
                                    activities_xlsx([row(expected=30, present=29)]))
    assert confirm.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.created, batch.updated, batch.unchanged) == (0, 0, 1)
    kept.refresh_from_db()
    assert (kept.expected_count, kept.attendee_count, kept.source) == (5, 4, "form")
    assert Activity.objects.count() == 1
    assert AuditEntry.objects.get(action="activity.import").changes["kept"] == [None, "1"]


# ---- who may import where ----------------------------------------------------------------------

def test_outsider_cannot_import_into_another_units_org(reg, login):
    client = login(reg.outsider)
    text = errors_of(post_upload(client, "activities", activities_xlsx([row(), row(org="财政局第一党支部")])))
    assert "第2行 党组织名称：未找到或无权限" in text
    assert "第3行" not in text                         # own branch is fine
    assert not Activity.objects.exists()


def test_a_secretary_imports_only_into_own_branch(reg, login):
    text = errors_of(post_upload(login(reg.secretary), "activities", activities_xlsx([row(org="发改委第二党支部")])))
    assert "第2行 党组织名称：未找到或无权限" in text


@pytest.mark.parametrize("persona", ["dept", "zone_lead", "member_user", "auditor"])
def test_those_who_cannot_change_records_get_403(reg, login, persona):
    client = login(getattr(reg, persona))
    assert post_upload(client, "activities", activities_xlsx([row()])).status_code == 403
    assert client.get("/imports/template/activities.xlsx").status_code == 403
    assert not Activity.objects.exists() and not ImportBatch.objects.exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/imports/template/activities.xlsx")
    assert response.status_code == 302 and "/login" in response["Location"]
    response = client.post("/imports/upload/", {"kind": "activities"})
    assert response.status_code == 302 and "/login" in response["Location"]


def test_same_named_orgs_are_told_apart_by_unit(reg, login):
    org_create(user=None, name="发改委第一党支部", type=OrgType.BRANCH, parent=reg.oc_b,
               term_start=date(2024, 1, 1))
    client = login(reg.committee)
    text = errors_of(post_upload(client, "activities", activities_xlsx([row()])))
    assert "第2行 党组织名称：有多个同名党组织，请填写所在单位" in text
    _, confirm = upload_and_confirm(client, "activities", activities_xlsx([row(unit="市财政局"), row(unit="发改委")]))
    assert confirm.status_code == 302
    assert Activity.objects.filter(org__unit=reg.unit_b).count() == 1
    assert Activity.objects.filter(org=reg.branch_a1).count() == 1


# ---- the file: refusals and template -----------------------------------------------------------

def test_unusable_files_are_refused(reg, login, settings):
    client = login(reg.unit_admin)
    text = errors_of(post_upload(client, "activities", "不是表格".encode(), name="记录.xlsx"))
    assert "不是有效的 Excel 文件" in text
    headers = [h for h in HEADERS if h != "类型"]
    text = errors_of(post_upload(client, "activities", xlsx(headers, [["发改委第一党支部"]])))
    assert "表头缺少必填列：类型" in text
    settings.IMPORT_MAX_ROWS = 5
    text = errors_of(post_upload(client, "activities", activities_xlsx([row(topic=f"会议{i}") for i in range(6)])))
    assert "数据超过 5 行" in text
    settings.IMPORT_MAX_BYTES = 2000
    data = activities_xlsx([row(topic=f"会议{i}") for i in range(5)])
    assert len(data) > 2000
    assert "文件超过" in errors_of(post_upload(client, "activities", data))
    assert not Activity.objects.exists() and not ImportBatch.objects.exists()


def test_the_template_has_headers_notes_and_the_kinds(reg, login):
    client = login(reg.unit_admin)
    response = client.get("/imports/template/activities.xlsx")
    assert response.status_code == 200
    assert read_xlsx(response.content)[0] == HEADERS
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["组织生活记录", "填写说明"]
    notes = " ".join(str(c) for r in read_xlsx(response.content, sheet=1) for c in r if c)
    assert "涉密不上网" in notes and "只记人数" in notes and "中心组引领学" in notes
    formulas = [dv.formula1 for dv in wb.worksheets[0].data_validations.dataValidation]
    assert any("支部委员会会议" in f and "第一议题学习" in f for f in formulas)

    wb.worksheets[0].append(row())
    out = io.BytesIO()
    wb.save(out)
    _, confirm = upload_and_confirm(client, "activities", out.getvalue())
    assert confirm.status_code == 302 and Activity.objects.count() == 1


def test_the_index_page_offers_the_kind(reg, login):
    text = login(reg.secretary).get("/imports/").content.decode()
    assert "/imports/template/activities.xlsx" in text
    assert '<option value="activities"' in text


# ---- cost ----------------------------------------------------------------------------------------

def test_validation_makes_a_constant_number_of_queries(reg, count_queries):
    def rows(n):
        orgs = ["发改委第一党支部", "发改委第二党支部", "市发改委机关党委"]
        return activities_xlsx([row(org=orgs[i % 3], held_on=(date(2024, 1, 1) + timedelta(days=i)).isoformat(),
                                    topic=f"会议{i}", kind=["支部委员会会议", "主题党日", "党课"][i % 3])
                                for i in range(n)])
    Activity.objects.create(org=reg.branch_a1, kind=kind("committee_meeting"), held_on=date(2024, 1, 1),
                            topic="会议0", source="import")
    small, large = rows(10), rows(100)
    import_validate(user=reg.unit_admin, kind="activities", data=small)     # the user's scope is cached
    plans = []
    counts = [count_queries(lambda d=d: plans.append(import_validate(user=reg.unit_admin, kind="activities",
                                                                     data=d)))
              for d in (small, large)]
    assert counts[0] == counts[1], counts
    assert [(p.created, p.updated + p.unchanged, len(p.errors)) for p in plans] == [(9, 1, 0), (99, 1, 0)]


# ---- the shared pure rules ---------------------------------------------------------------------

def test_activity_errors_are_the_records_rules(db):
    first_agenda, meeting = kind("first_agenda"), kind("committee_meeting")
    today = date(2024, 6, 1)
    assert activity_errors(kind=meeting, held_on=today, topic="会议", today=today) == {}
    errors = activity_errors(kind=first_agenda, held_on=date(2024, 6, 2), topic=" ", today=today,
                             study_ways=["branch", "bogus"], org_dissolved=True,
                             attendee_count=9, expected_count=8)
    assert set(errors) == {"held_on", "topic", "form", "study_ways", "org", "attendee_count"}
    assert errors["form"] == "第一议题学习须填写学习形式"
    meeting.active = False
    assert activity_errors(kind=meeting, held_on=today, topic="会议", today=today) == {"kind": "该记录类型已停用"}
    assert activity_errors(kind=None, held_on=today, topic="会议", today=today) == {}
