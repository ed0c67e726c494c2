"""A closed round's Word documents: the results notice (公文) straight from the winners page,
the booklet through a background job; both list the winners by unit, open in LibreOffice and
show the winners' names; only the committee makes them, and an outsider finds nothing."""
import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from dangjian.audit.models import AuditEntry
from dangjian.jobs.models import Job
from dangjian.lib.documents.pdf import docx_to_pdf_many, pdf_text

from .selections_data import build_rounds, setup
from .test_jobs import run_worker


@pytest.fixture
def w(reg):
    r = setup(reg)
    build_rounds(r, date(2026, 12, 16))
    return r


def text_of(data):
    document = Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def test_the_results_notice_names_the_winners_by_unit_and_is_audited(client, w):
    client.force_login(w.committee)
    response = client.get(reverse("selections:results_notice", args=[w.done.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    text = text_of(response.content)
    assert "关于公布已结束的评选结果的通知" in text and "各市直单位党组织：" in text
    a1, b1 = f"{w.unit_a.name}：{w.branch_a1.name}", f"{w.unit_b.name}：{w.branch_b1.name}"
    assert a1 in text and b1 in text and text.index(a1) < text.index(b1)      # by unit, not by score
    assert f"〔2026〕{w.done.pk}号" in text
    assert AuditEntry.objects.filter(action="selection.results_notice").count() == 1


def test_only_the_committee_gets_the_documents_and_only_of_a_closed_round(client, w):
    notice = reverse("selections:results_notice", args=[w.done.pk])
    assert client.get(notice).status_code == 302                                   # anonymous: sign in
    for user, status in [(w.member_user, 403), (w.unit_admin, 403), (w.outsider, 403)]:
        client.force_login(user)
        assert client.get(notice).status_code == status, user
        assert client.post(reverse("selections:booklet_job", args=[w.done.pk])).status_code == status, user
    client.force_login(w.committee)
    for rnd in (w.pub, w.rev):                                                     # not closed: no such list
        assert client.get(reverse("selections:results_notice", args=[rnd.pk])).status_code == 404
        assert client.post(reverse("selections:booklet_job", args=[rnd.pk])).status_code == 404
    assert client.get(reverse("selections:results_notice", args=[999999])).status_code == 404
    assert not Job.objects.exists()


def test_the_winners_page_offers_the_documents_to_the_committee_only(client, w):
    client.force_login(w.committee)
    assert reverse("selections:results_notice", args=[w.done.pk]) in client.get(
        reverse("selections:winners", args=[w.done.pk])).content.decode()
    client.force_login(w.member_user)
    assert "results_notice" not in client.get(reverse("selections:winners", args=[w.done.pk])).content.decode()
    assert "notice.docx" not in client.get(reverse("selections:winners", args=[w.done.pk])).content.decode()


def test_the_booklet_is_laid_out_in_the_background_and_both_documents_open_in_libreoffice(client, w):
    client.force_login(w.committee)
    response = client.post(reverse("selections:booklet_job", args=[w.done.pk]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100), job.error
    booklet = client.get(reverse("jobs:download", args=[job.pk]))
    assert booklet.status_code == 200
    data = b"".join(booklet.streaming_content) if booklet.streaming else booklet.content
    text = text_of(data)
    assert "已结束的评选风采录" in text and w.branch_a1.name in text and "事迹一" in text
    assert AuditEntry.objects.filter(action="selection.booklet").exists()
    notice = client.get(reverse("selections:results_notice", args=[w.done.pk])).content
    pdfs = docx_to_pdf_many({"booklet": data, "notice": notice})
    for name in ("booklet", "notice"):
        rendered = pdf_text(pdfs[name])
        assert w.branch_a1.name in rendered and w.branch_b1.name in rendered, name
