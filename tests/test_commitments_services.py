"""Writes of the three-ones lists: each refusal says why in Chinese and writes nothing."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.audit.models import AuditEntry
from dangjian.commitments.models import Commitment, ProgressNote
from dangjian.commitments.services import commitment_create, commitment_update, progress_note_add

TODAY = date.today()                # the suite's frozen day (tests/clock.py)
DUE = date(TODAY.year, 12, 31)


def pledge(reg, **kw):
    args = dict(user=reg.secretary, org=reg.branch_a1, kind="pledge", year=TODAY.year, owner=reg.members_a1[0],
                text="每月走访困难党员", due_on=DUE) | kw
    return commitment_create(**args)


def refused(fn, field, message, **kw):
    before = (Commitment.objects.count(), ProgressNote.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        fn(**kw)
    assert any(message in m for m in exc.value.message_dict[field]), exc.value.message_dict
    assert (Commitment.objects.count(), ProgressNote.objects.count(), AuditEntry.objects.count()) == before


def test_an_item_is_written_and_audited(reg):
    item = pledge(reg)
    assert (item.status, item.year, item.owner, item.completed_on) == ("not_started", TODAY.year, reg.members_a1[0], None)
    entry = AuditEntry.objects.get(action="commitment.create")
    assert entry.user == reg.secretary and entry.changes["kind"] == [None, "pledge"]


def test_an_item_without_an_owner_is_refused(reg):
    refused(pledge, "owner", "请指定责任书记", reg=reg, owner=None)


def test_the_owner_is_a_current_member_of_the_orgs_subtree(reg):
    refused(pledge, "owner", "本组织的在册党员", reg=reg, owner=reg.members_b1[0])
    # an organ committee's secretary may be a member of any branch below it
    item = pledge(reg, org=reg.oc_a, user=reg.unit_admin, owner=reg.members_a1[2])
    assert item.org == reg.oc_a


def test_a_second_item_of_a_kind_is_refused(reg):
    pledge(reg)
    refused(pledge, "kind", "已有一项", reg=reg, text="另一项承诺")
    pledge(reg, year=TODAY.year + 1, due_on=date(TODAY.year + 1, 6, 30))     # next year's list is another list


def test_dates_out_of_range_are_refused(reg):
    refused(pledge, "due_on", f"须在 {TODAY.year} 年内", reg=reg, due_on=date(TODAY.year + 1, 1, 5))
    refused(pledge, "due_on", "不能早于今天", reg=reg, due_on=TODAY - timedelta(days=1))
    refused(pledge, "year", "清单年度须为", reg=reg, year=TODAY.year - 1, due_on=date(TODAY.year - 1, 12, 1))


def test_the_contact_branch_is_another_live_branch_of_the_unit(reg):
    contact = dict(reg=reg, kind="contact", text="联系第二党支部，指导换届")
    refused(pledge, "contact_branch", "请选择联系的党支部", **contact)
    refused(pledge, "contact_branch", "本单位的其他在册党支部", contact_branch=reg.branch_b1, **contact)
    refused(pledge, "contact_branch", "本单位的其他在册党支部", contact_branch=reg.branch_a1, **contact)
    refused(pledge, "contact_branch", "本单位的其他在册党支部", contact_branch=reg.oc_a, **contact)
    refused(pledge, "contact_branch", "只有“支部联系点”", reg=reg, contact_branch=reg.branch_a2)
    item = pledge(reg, kind="contact", contact_branch=reg.branch_a2, text="联系第二党支部")
    assert item.contact_branch == reg.branch_a2


def test_empty_or_long_text_is_refused(reg):
    refused(pledge, "text", "请填写内容", reg=reg, text="  ")
    refused(pledge, "text", "不能超过 300 个字", reg=reg, text="长" * 301)


def test_an_update_writes_and_audits_only_what_changed(reg):
    item = pledge(reg)
    commitment_update(user=reg.secretary, commitment=item, owner=item.owner, text=item.text, due_on=item.due_on)
    assert not AuditEntry.objects.filter(action="commitment.update").exists()
    commitment_update(user=reg.secretary, commitment=item, owner=reg.members_a1[1], text="每月走访", due_on=DUE)
    entry = AuditEntry.objects.get(action="commitment.update")
    assert set(entry.changes) == {"owner_id", "text"}
    item.refresh_from_db()
    assert (item.owner, item.text) == (reg.members_a1[1], "每月走访")
    refused(commitment_update, "owner", "请指定责任书记", user=reg.secretary, commitment=item, owner=None,
            text="x", due_on=DUE)


def test_an_item_past_its_date_keeps_it_until_the_date_is_moved(reg):
    item = pledge(reg)
    Commitment.objects.filter(pk=item.pk).update(due_on=TODAY - timedelta(days=5))
    item.refresh_from_db()
    commitment_update(user=reg.secretary, commitment=item, owner=item.owner, text="改了措辞", due_on=item.due_on)
    refused(commitment_update, "due_on", "不能早于今天", user=reg.secretary, commitment=item, owner=item.owner,
            text="改了措辞", due_on=TODAY - timedelta(days=2))


def test_notes_move_the_status_by_the_rules(reg):
    item = pledge(reg)
    progress_note_add(user=reg.secretary, commitment=item, text="已走访 3 户", status="in_progress")
    progress_note_add(user=reg.secretary, commitment=item, text="全部走访完", status="done")
    item.refresh_from_db()
    assert (item.status, item.completed_on) == ("done", TODAY)
    assert [n.status_after for n in item.notes.order_by("id")] == ["in_progress", "done"]
    progress_note_add(user=reg.secretary, commitment=item, text="发现遗漏，重新推进", status="in_progress")
    item.refresh_from_db()
    assert (item.status, item.completed_on) == ("in_progress", None)
    assert AuditEntry.objects.filter(action="commitment.note").count() == 3
    refused(progress_note_add, "status", "不能从“推进中”改为“未开始”", user=reg.secretary, commitment=item,
            text="x", status="not_started")
    refused(progress_note_add, "text", "请简要写明进展", user=reg.secretary, commitment=item, text=" ")
    refused(progress_note_add, "text", "不能超过 200 个字", user=reg.secretary, commitment=item, text="长" * 201)


def test_a_file_is_optional_and_checked_by_content(reg, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = pledge(reg)
    note = progress_note_add(user=reg.secretary, commitment=item, text="无附件也可以")
    assert not note.file
    fake = SimpleUploadedFile("照片.jpg", b"not really a jpeg")
    refused(progress_note_add, "file", "", user=reg.secretary, commitment=item, text="附件", file=fake)
    assert list(tmp_path.rglob("*.jpg")) == []
    pdf = SimpleUploadedFile("走访记录.pdf", b"%PDF-1.7\n...")
    note = progress_note_add(user=reg.secretary, commitment=item, text="附走访记录", file=pdf)
    assert note.file_name == "走访记录.pdf" and note.file_size == pdf.size
    assert len(list(tmp_path.rglob("*.pdf"))) == 1
