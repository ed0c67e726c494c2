"""Attachments: only listed document and image types, checked by content as well as extension;
always served as a download through the gatekeeper; removed from disk with their record."""
import io
import os
import shutil
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian.audit.models import AuditEntry
from dangjian.lib.filetypes import EXTENSIONS, JPEG, OLE, OOXML_MAIN, PDF, PNG, extension, upload_error
from dangjian.records.models import Activity, ActivityKind, Attachment
from dangjian.records.services import MAX_ATTACHMENT_BYTES, activity_create, activity_delete

from .factories import make_registry
from .test_imports_helpers import members_xlsx

MB20 = MAX_ATTACHMENT_BYTES
MAGIC = {"pdf": PDF + b"1.7\n", "ole": OLE, "jpeg": JPEG + b"\xe0", "png": PNG}
EXTS_OF = {kind: [e for e, k in EXTENSIONS.items() if k == kind] for kind in set(EXTENSIONS.values())}


def package(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def ooxml(main_type: bytes) -> bytes:
    types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             b'<Override PartName="/main.xml" ContentType="' + main_type + b'"/></Types>')
    return package({"[Content_Types].xml": types, "main.xml": b"<x/>"})


def check(name, data: bytes):
    return upload_error(name, io.BytesIO(data), len(data), MB20)


# ---- the pure rule -----------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300), stem=st.text(max_size=12),
       ext=st.sampled_from(sorted(EXTENSIONS) + ["exe", "html", "svg", "js", "PDF", "", "zip"]))
def test_any_bytes_under_any_name_get_an_answer_never_an_exception(data, stem, ext):
    answer = check(f"{stem}.{ext}", data)
    assert answer is None or isinstance(answer, str)


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(sorted(MAGIC)), tail=st.binary(max_size=200), data=st.data())
def test_content_of_a_listed_kind_passes_only_under_its_own_extensions(kind, tail, data):
    content = MAGIC[kind] + tail
    own = data.draw(st.sampled_from(EXTS_OF[kind]))
    assert check(f"会议纪要.{own}", content) is None
    assert check(f"会议纪要.{own.upper()}", content) is None
    other = data.draw(st.sampled_from([e for e in EXTENSIONS if EXTENSIONS[e] != kind]))
    assert "与扩展名不符" in check(f"会议纪要.{other}", content)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=1, max_size=300), ext=st.sampled_from(sorted(EXTENSIONS)))
def test_content_without_a_known_signature_is_refused(data, ext):
    if any(data.startswith(m) for m in (PDF, OLE, JPEG, PNG)):
        return
    assert check(f"x.{ext}", data) is not None


@settings(max_examples=60, deadline=None)
@given(junk=st.binary(max_size=400), ext=st.sampled_from(["docx", "xlsx", "pptx", "ofd"]))
def test_a_broken_zip_is_refused_not_an_error(junk, ext):
    assert "与扩展名不符" in check(f"x.{ext}", b"PK\x03\x04" + junk)


def test_office_packages_are_told_apart_by_their_declared_main_part():
    for kind, main in OOXML_MAIN.items():
        data = ooxml(main)
        assert check(f"材料.{kind}", data) is None
        for other in set(OOXML_MAIN) - {kind}:
            assert check(f"材料.{other}", data) is not None
    macro = ooxml(b"application/vnd.ms-word.document.macroEnabled.main+xml")   # a .docm renamed
    assert check("材料.docx", macro) is not None
    assert check("材料.docx", package({"word/document.xml": b"<x/>"})) is not None     # no [Content_Types]
    assert check("公文.ofd", package({"OFD.xml": b"<ofd:OFD/>"})) is None
    assert check("表格.xlsx", members_xlsx([])) is None                                # a real workbook


def test_names_types_and_sizes_get_clear_messages():
    assert extension("a.b.PDF") == "pdf" and extension(".pdf") == "" and extension("noext") == ""
    assert "可上传：PDF、Word" in check("setup.exe", b"MZ")
    assert "可上传" in check("无扩展名", PDF)
    assert "空文件" in check("空.pdf", b"")
    assert "超过 20 MB" in upload_error("大.pdf", io.BytesIO(PDF), MB20 + 1, MB20)
    assert "不是 PDF 文件" in check("伪装.pdf", b"<html><script>alert(1)</script>")


# ---- records, pages and files on disk ----------------------------------------------------------

def stored_files(root) -> list:
    return [p for p in Path(root).rglob("*") if p.is_file()]


class AttachmentTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="faults-media-")
        cls.addClassCleanup(shutil.rmtree, cls.media, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=cls.media))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.reg = make_registry()
        cls.kind = ActivityKind.objects.get(code="theme_day")

    def setUp(self):
        for p in stored_files(self.media):
            p.unlink()

    def record(self, *files):
        return activity_create(user=self.reg.secretary, org=self.reg.branch_a1, kind=self.kind,
                               held_on=date(2026, 11, 2), topic="主题党日", attendee_count=5, files=files)

    def pdf(self, name="会议纪要.pdf"):
        return SimpleUploadedFile(name, PDF + b"1.7\n%%EOF", content_type="application/pdf")

    def create_url(self):
        return reverse("records:create", args=[self.reg.branch_a1.pk, "theme_day"])

    def post_create(self, *files):
        return self.client.post(self.create_url(), {"held_on": "2026-11-02", "topic": "主题党日",
                                                    "attendee_count": 5, "files": list(files)})

    def test_a_listed_file_is_kept_and_a_spoofed_one_refused_with_nothing_written(self):
        self.client.force_login(self.reg.secretary)
        spoof = SimpleUploadedFile("通知.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
        response = self.post_create(self.pdf(), spoof)
        assert response.status_code == 400
        assert "附件“通知.pdf”的内容不是 PDF 文件，与扩展名不符" in response.content.decode()
        assert not Activity.objects.exists() and not Attachment.objects.exists()
        assert stored_files(self.media) == []               # the good file of the pair was not kept either
        response = self.post_create(SimpleUploadedFile("run.exe", b"MZ\x90\x00"))
        assert response.status_code == 400 and "可上传：PDF、Word、Excel" in response.content.decode()
        assert self.post_create(self.pdf()).status_code == 302
        assert Attachment.objects.get().name == "会议纪要.pdf" and len(stored_files(self.media)) == 1

    def test_the_service_refuses_a_bad_file_on_its_own(self):
        with self.assertRaises(ValidationError) as refused:
            self.record(SimpleUploadedFile("照片.png", JPEG + b"\xe0rest"))
        assert "不是 PNG 文件" in refused.exception.message_dict["files"][0]
        assert not Activity.objects.exists() and stored_files(self.media) == []

    def test_a_download_is_always_an_octet_stream_attachment(self):
        a = self.record(self.pdf("第一次会议纪要.pdf"))
        att = a.attachments.get()
        self.client.force_login(self.reg.dept)              # departments read without asking again
        response = self.client.get(reverse("records:attachment", args=[att.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/octet-stream"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=utf-8''{quote('第一次会议纪要.pdf')}" in disposition
        assert b"".join(response.streaming_content).startswith(PDF)

    def test_a_missing_file_is_404_not_500(self):
        att = self.record(self.pdf()).attachments.get()
        Path(att.file.path).unlink()
        self.client.force_login(self.reg.secretary)
        assert self.client.get(reverse("records:attachment", args=[att.pk])).status_code == 404

    def test_deleting_a_record_removes_its_files_after_commit(self):
        a = self.record(self.pdf(), SimpleUploadedFile("合影.jpg", JPEG + b"\xe0photo"))
        pk, paths = a.pk, [Path(x.file.path) for x in a.attachments.all()]
        assert all(p.exists() for p in paths)
        with self.captureOnCommitCallbacks(execute=True):
            activity_delete(user=self.reg.secretary, activity=a)
        assert not Activity.objects.filter(pk=pk).exists() and not Attachment.objects.exists()
        assert not any(p.exists() for p in paths) and stored_files(self.media) == []
        entry = AuditEntry.objects.get(action="activity.delete", object_id=str(pk))
        assert entry.changes["attachments"] == ["2", None]

    def test_a_deletion_rolled_back_keeps_its_files(self):
        a = self.record(self.pdf())
        pk, path = a.pk, Path(a.attachments.get().file.path)
        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    activity_delete(user=self.reg.secretary, activity=a)
                    raise RuntimeError("the request failed after the delete")
            except RuntimeError:
                pass
        assert path.exists() and Attachment.objects.filter(activity_id=pk).exists()

    def test_the_delete_page_removes_files_and_keeps_outsiders_out(self):
        a = self.record(self.pdf())
        path = Path(a.attachments.get().file.path)
        url = reverse("records:delete", args=[a.pk])
        self.client.force_login(self.reg.outsider)
        assert self.client.post(url).status_code == 404
        self.client.force_login(self.reg.secretary)
        with self.captureOnCommitCallbacks(execute=True):
            assert self.client.post(url).status_code == 302
        assert not path.exists()

    def test_one_attachment_can_be_removed_by_those_who_may_change_the_record(self):
        a = self.record(self.pdf(), self.pdf("第二份.pdf"))
        first, second = a.attachments.order_by("id")
        url = reverse("records:attachment_delete", args=[first.pk])
        for user, code in ((self.reg.outsider, 404), (self.reg.dept, 403)):
            self.client.force_login(user)
            assert self.client.get(reverse("records:attachment", args=[first.pk])).status_code == (
                404 if code == 404 else 200)
            assert self.client.post(url).status_code == code
        self.client.force_login(self.reg.secretary)
        assert self.client.get(url).status_code == 405
        detail = self.client.get(reverse("records:detail", args=[a.pk])).content.decode()
        assert url in detail
        with self.captureOnCommitCallbacks(execute=True):
            assert self.client.post(url).status_code == 302
        assert list(a.attachments.all()) == [second]
        assert [p.name for p in stored_files(self.media)] == [Path(second.file.name).name]
        assert AuditEntry.objects.get(action="attachment.delete").changes == {"attachment": ["会议纪要.pdf", None]}

    def test_an_edit_may_add_a_file_and_a_bad_one_writes_nothing(self):
        a = self.record()
        url = reverse("records:edit", args=[a.pk])
        self.client.force_login(self.reg.secretary)
        base = {"held_on": "2026-11-02", "topic": "主题党日", "attendee_count": 5, "version": a.version}
        fake_docx = SimpleUploadedFile("a.docx", b"PK\x03\x04x")
        response = self.client.post(url, base | {"topic": "新主题", "files": [fake_docx]})
        assert response.status_code == 400 and "不是 Word 文件" in response.content.decode()
        assert Activity.objects.get(pk=a.pk).topic == "主题党日" and stored_files(self.media) == []
        assert self.client.post(url, base | {"files": [self.pdf()]}).status_code == 302
        a.refresh_from_db()
        assert a.version == base["version"] + 1 and a.attachments.count() == 1
        entry = AuditEntry.objects.get(action="activity.update")
        assert entry.changes == {"attachments": [None, "会议纪要.pdf"]}

    def test_outsiders_cannot_attach_to_another_units_record(self):
        self.client.force_login(self.reg.outsider)
        assert self.post_create(self.pdf()).status_code == 404
        assert not Activity.objects.exists() and stored_files(self.media) == []

    def test_the_orphan_command_finds_and_removes_only_unreferenced_old_files(self):
        kept = self.record(self.pdf()).attachments.get()
        storage = Attachment._meta.get_field("file").storage
        orphan = storage.save("activities/2026/01/left.pdf", io.BytesIO(PDF))
        young = storage.save("activities/2026/01/uploading.pdf", io.BytesIO(PDF))
        now = time.time()   # the suite's clock (tests/clock.py), not the file system's
        old = now - 2 * 3600
        for name in (orphan, kept.file.name):
            os.utime(storage.path(name), (old, old))
        os.utime(storage.path(young), (now, now))
        out = io.StringIO()
        call_command("attachment_orphans", stdout=out)
        assert out.getvalue().splitlines() == [orphan, "发现 1 个无记录引用的附件文件"]
        assert storage.exists(orphan)
        call_command("attachment_orphans", "--delete", stdout=io.StringIO())
        assert not storage.exists(orphan) and storage.exists(young) and storage.exists(kept.file.name)
