"""The Word documents: built from sample data, read back with python-docx, rendered by
LibreOffice (once for the module) and read with poppler. Missing LibreOffice fails, never skips:
`make office` installs it."""
import fcntl
import functools
import io
import pickle
import re
from datetime import date

import pytest
from docx import Document
from docx.shared import Pt

from dangjian.lib.documents import booklet as booklets
from dangjian.lib.documents import charts, official, pdf, skeletons
from dangjian.lib.documents import templates as tpl
from dangjian.lib.documents.styling import east_asia_font, paragraph_border_color

WINNERS = ["市财政局机关第一党支部", "市教育局机关第二党支部", "市公安局机关党支部"]

NOTICE = official.OfficialNotice(
    issuer="中共襄阳市直属机关工作委员会", number=official.document_number("襄直工", 2026, 12),
    title="关于命名2026年度“红旗党支部”的通报", addressee="市直各单位党组织",
    paragraphs=["经各单位推荐、资格审查、专家评审和公示，决定命名以下党支部为2026年度“红旗党支部”。",
                (1, "命名名单"), (2, "第一片区"), f"{WINNERS[0]}、{WINNERS[1]}。",
                (2, "第二片区"), f"{WINNERS[2]}。", (1, "工作要求"),
                "希望受到命名的党支部珍惜荣誉、再接再厉。" * 6],
    attachments=["2026年度“红旗党支部”名单", "评审情况说明"], date=date(2026, 12, 16),
    cc=["市委组织部", "市纪委监委机关"])


@pytest.fixture(scope="module")
def picture(tmp_path_factory):
    path = tmp_path_factory.mktemp("pictures") / "activity.png"
    path.write_bytes(charts.png(charts.bar_chart("主题党日参与人数", ["一月", "二月"], [30, 42])))
    return path


@pytest.fixture(scope="module")
def tall_picture(tmp_path_factory):
    path = tmp_path_factory.mktemp("pictures") / "poster.png"
    figure = charts.bar_chart("宣传展板", ["甲"], [1])
    figure.set_size_inches(2, 6)
    path.write_bytes(charts.png(figure))
    return path


@pytest.fixture(scope="module")
def booklet(picture, tall_picture):
    # The first entry's two tall posters fill a page each: more than the estimate allows them.
    entries = [booklets.BookletEntry(
        name=name, unit=name[:5], subtitle="支部建在处室上",
        paragraphs=["该支部坚持“三会一课”制度，扎实开展主题党日活动，党员先锋作用明显。" * (3 + 12 * i)] * 2,
        images=[picture] + ([tall_picture] * 2 if i == 0 else [])) for i, name in enumerate(WINNERS)]
    return booklets.Booklet(title="先锋与堡垒", subtitle="襄阳市机关“红旗党支部”风采录",
                            issuer="中共襄阳市直属机关工作委员会", date=date(2026, 12, 16), entries=entries)


@functools.cache
def chart_png():
    return charts.png(charts.line_chart("党支部数变化", ["2023年", "2024年", "2025年"],
                                        {"党支部": [990, 1020, 1035]}))


def review_context():
    image = tpl.TemplateImage(chart_png(), 140)
    return {
        "title": "襄阳市2025年度机关党建工作综述", "scope_name": "襄阳市", "year": 2025,
        "issuer": "中共襄阳市直属机关工作委员会", "date": "2026年1月5日",
        "intro": ["2025年，全市机关党建工作稳中有进 <亮点> & 特色。"],
        "headline": [{"label": "党支部", "value": 1035, "previous": 1020, "change": "+15", "three": "—", "source": "①"},
                     {"label": "红旗党支部", "value": 38, "previous": 30, "change": "+8", "three": "96", "source": "②"}],
        "comparison": ["三年来，党支部由990个增至1035个。"],
        "sections": {code: {"paragraphs": [f"{heading}：正文。"],
                            "rows": [{"label": "品牌", "value": 3, "previous": 2, "change": "+1", "three": "6",
                                      "source": "③"}] if code == "brands" else [],
                            "charts": [{"image": image, "caption": f"{heading}图"}] if code == "organization" else []}
                     for code, heading in skeletons.SECTIONS},
        "sources": [{"ref": "①", "label": "党支部", "origin": "党组织名册（2025-12-31）"},
                    {"ref": "②", "label": "红旗党支部", "origin": "评选结果（2025年度）"}],
    }


def once_per_run(request, tmp_path_factory, name, make):
    """``make()`` once for the whole run: under pytest-xdist the first worker computes it and the
    others read its result (the xdist recipe, with a lock file), instead of each starting
    LibreOffice again."""
    if not hasattr(request.config, "workerinput"):      # not an xdist worker
        return make()
    root = tmp_path_factory.getbasetemp().parent
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / f"{name}.pickle"
        if done.exists():
            return pickle.loads(done.read_bytes())
        value = make()
        done.write_bytes(pickle.dumps(value))
        return value


def build_and_render(booklet):
    docs = {"notice": official.build(NOTICE), "booklet": booklets.build_paginated(booklet),
            "review": tpl.render("annual_review.docx", review_context())}
    return docs, pdf.docx_to_pdf_many(docs)        # every document in one LibreOffice run


@pytest.fixture(scope="module")
def rendered(request, booklet, tmp_path_factory):
    try:
        return once_per_run(request, tmp_path_factory, "lib_documents", lambda: build_and_render(booklet))
    except pdf.OfficeMissing as error:
        pytest.fail(f"{error}: the document tests need LibreOffice and poppler, run `make office`")


@pytest.fixture(scope="module")
def docs(rendered):
    return rendered[0]


@pytest.fixture(scope="module")
def pdfs(rendered):
    return rendered[1]


def opened(data):
    return Document(io.BytesIO(data))


def texts(document):
    return [p.text for p in document.paragraphs]


def bare(text):
    return re.sub(r"\s+", "", text)


# --- the official notice -------------------------------------------------------------------

def test_the_notice_has_the_page_of_gb_t_9704(docs):
    section = opened(docs["notice"]).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]


def test_the_header_is_red_xiaobiaosong_centred_above_a_red_line(docs):
    document = opened(docs["notice"])
    mark, number = document.paragraphs[0], document.paragraphs[1]
    assert mark.text == "中共襄阳市直属机关工作委员会文件"
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    assert east_asia_font(mark.runs[0]) == "方正小标宋简体"
    assert mark.alignment == 1                      # centred
    assert number.text == "襄直工〔2026〕12号"
    assert paragraph_border_color(number, "bottom") == "FF0000"


def test_the_title_body_and_headings_wear_their_fonts(docs):
    document = opened(docs["notice"])
    title = next(p for p in document.paragraphs if p.text == NOTICE.title)
    assert east_asia_font(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    normal = document.styles["Normal"]
    assert east_asia_font(normal) == "仿宋_GB2312" and normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing == Pt(28)
    assert east_asia_font(document.styles["Heading 1"]) == "黑体"
    assert east_asia_font(document.styles["Heading 2"]) == "楷体_GB2312"
    body = texts(document)
    assert "市直各单位党组织：" in body
    assert ["一、命名名单", "（一）第一片区", "（二）第二片区", "二、工作要求"] == [
        p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "附件：1．2026年度“红旗党支部”名单" in body and "2．评审情况说明" in body


def test_the_signer_stands_centred_over_the_date_four_characters_in(docs):
    document = opened(docs["notice"])
    paragraphs = document.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == "2026年12月16日")
    date_paragraph, signer = paragraphs[at], paragraphs[at - 1]
    assert signer.text == NOTICE.issuer
    assert date_paragraph.alignment == signer.alignment == 2            # right
    assert date_paragraph.paragraph_format.right_indent == Pt(4 * 16)
    # 14 characters of signer over 7 of date (digits are half wide): 4 + (7 - 14) / 2 = 0.5.
    assert signer.paragraph_format.right_indent == Pt(0.5 * 16)


def test_page_numbers_sit_on_the_outer_side_in_songti(docs):
    document = opened(docs["notice"])
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (2, 0)                   # right, left
    for footer in (odd, even):
        assert footer.text == "— 1 —"
        assert {east_asia_font(r) for r in footer.runs} == {"宋体"}
        assert 'PAGE' in footer._p.xml


def test_the_rendered_notice_shows_the_winners_in_chinese_fonts(pdfs):
    text = bare(pdf.pdf_text(pdfs["notice"]))
    assert bare(NOTICE.title) in text and "中共襄阳市直属机关工作委员会文件" in text
    assert all(name in text for name in WINNERS)
    assert "—1—" in text and "2026年12月16日印发" in text
    fonts = pdf.pdf_fonts(pdfs["notice"])
    cjk = [f for f in fonts if f.cjk]
    assert cjk and all(f.embedded for f in fonts)
    # Our fontconfig fallbacks: serif for 仿宋/小标宋, sans for 黑体 headings.
    assert any("Serif" in f.name for f in cjk) and any("Sans" in f.name for f in cjk)


def test_the_date_can_be_written_in_chinese_numerals():
    assert official.written_date(date(2026, 12, 16), chinese=True) == "二〇二六年十二月十六日"
    assert official.written_date(date(2030, 1, 20), chinese=True) == "二〇三〇年一月二十日"
    assert official.written_date(date(2026, 12, 16)) == "2026年12月16日"


# --- the booklet ---------------------------------------------------------------------------

def test_the_booklet_has_a_cover_a_toc_field_and_each_entry(docs, booklet):
    document = opened(docs["booklet"])
    body = texts(document)
    assert body[0] == "先锋与堡垒" and "襄阳市机关“红旗党支部”风采录" in body
    xml = document.element.body.xml
    assert 'TOC \\o "1-1"' in xml and xml.count("PAGEREF _TocEntry") == len(WINNERS)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == WINNERS
    assert all(p.paragraph_format.page_break_before for p in document.paragraphs if p.style.name == "Heading 1")
    shapes = document.inline_shapes
    assert len(shapes) == len(WINNERS) + 2
    assert [shape.width == booklets.TEXT_WIDTH for shape in shapes] == [True, False, False, True, True]
    assert all(shape.height == booklets.MAX_IMAGE_HEIGHT for shape in list(shapes)[1:3])
    # Word is asked to update the TOC, the setting in the place CT_Settings orders it.
    settings = [child.tag.rpartition("}")[2] for child in document.settings.element]
    assert settings.index("updateFields") < settings.index("compat")


def test_a_tall_picture_is_scaled_to_fit_the_page_height(tall_picture, picture):
    assert booklets.picture_size(tall_picture) == {"height": booklets.MAX_IMAGE_HEIGHT}
    assert booklets.picture_size(picture) == {"width": booklets.TEXT_WIDTH}


def test_the_rendered_booklet_lists_the_winners_at_their_real_pages(pdfs, booklet):
    pages = pdf.pdf_pages(pdfs["booklet"])
    assert "先锋与堡垒" in pages[0] and "目" in pages[1]
    real = pdf.first_pages(pdfs["booklet"], WINNERS, start=3)
    assert real[0] == 3 and real[1] < real[2] and real[2] - real[1] > 1     # the second entry is long
    assert real != booklets.page_hints(booklet)          # measured, not the estimate
    contents = [bare(line) for line in pages[1].splitlines() if "党支部" in line]
    assert len(contents) == len(WINNERS)
    for line, name, page in zip(contents, WINNERS, real):
        assert line.startswith(name) and line.endswith(str(page)), line
    assert [f for f in pdf.pdf_fonts(pdfs["booklet"]) if f.cjk and f.embedded]


def test_entries_of_the_same_name_are_found_on_their_own_pages(pdfs):
    assert pdf.first_pages(pdfs["booklet"], ["先锋与堡垒", "先锋与堡垒"]) == [1, None]
    real = pdf.first_pages(pdfs["booklet"], WINNERS, start=3)
    assert pdf.first_pages(pdfs["booklet"], [WINNERS[0], WINNERS[0]], start=3) == [real[0], None]


def test_the_estimate_counts_cover_contents_and_long_entries(booklet):
    hints = booklets.page_hints(booklet)
    assert hints[0] == 3 and hints[1] < hints[2]


def test_a_booklet_refuses_a_picture_that_is_not_png_or_jpeg(tmp_path):
    entry = booklets.BookletEntry(name="甲支部", images=[tmp_path / "x.gif"])
    with pytest.raises(ValueError):
        booklets.build(booklets.Booklet(title="t", entries=[entry]))


# --- templates -----------------------------------------------------------------------------

def test_the_shipped_annual_review_template_is_what_the_skeleton_makes():
    shipped = opened((skeletons.DIRECTORY / "annual_review.docx").read_bytes())
    made = skeletons.annual_review()
    assert texts(shipped) == texts(made)
    assert [c.text for c in shipped.tables[0]._cells] == [c.text for c in made.tables[0]._cells]


def test_the_annual_review_is_filled_with_numbers_charts_and_sources(docs):
    document = opened(docs["review"])
    body = texts(document)
    assert body[0] == "襄阳市2025年度机关党建工作综述"
    assert "2025年，全市机关党建工作稳中有进 <亮点> & 特色。" in body       # escaped, kept
    for number, (code, heading) in enumerate(skeletons.SECTIONS, start=2):
        assert official.heading_text(1, number, heading) in body and f"{heading}：正文。" in body
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows == [["指标", "本年", "上年", "变化", "三年来", "来源"], ["党支部", "1035", "1020", "+15", "—", "①"],
                    ["红旗党支部", "38", "30", "+8", "96", "②"]]
    assert len(document.tables) == 2          # a section's table only where it has rows
    assert [c.text for c in document.tables[1].rows[1].cells] == ["品牌", "3", "2", "+1", "6", "③"]
    assert "① 党支部：党组织名册（2025-12-31）" in body
    assert len(document.inline_shapes) == 1
    assert not any("{{" in t or "{%" in t for t in body)
    assert document.sections[0].footer.paragraphs[0].text == "— 1 —"


def test_the_rendered_annual_review_shows_its_chart_and_chinese_text(pdfs):
    text = bare(pdf.pdf_text(pdfs["review"]))
    assert "襄阳市2025年度机关党建工作综述" in text and "三年来，党支部由990个增至1035个。" in text
    assert "图：夯实基层基础，组织建设全面过硬图" in text
    assert pdf.pdf_image_count(pdfs["review"]) >= 1
    assert [f for f in pdf.pdf_fonts(pdfs["review"]) if f.cjk and f.embedded]


def test_the_committee_s_template_overrides_the_default(tmp_path, settings):
    edited = skeletons.annual_review()
    edited.paragraphs[0].insert_paragraph_before("{{ scope_name }}委员会修改版")
    edited.save(tmp_path / "annual_review.docx")
    settings.DOCUMENT_TEMPLATES_DIR = str(tmp_path)
    document = opened(tpl.render("annual_review.docx", review_context()))
    assert texts(document)[0] == "襄阳市委员会修改版"


@pytest.mark.parametrize("content, message", [
    ("{{ year ", "占位符写法有误"),
    ("{{ no_such_field }}", "引用了不存在的字段“no_such_field”"),
    ("{{ sections.political_study.no_such_list }}", "引用了不存在的字段“no_such_list”"),
    ("{{ year.__class__.__mro__ }}", "不允许"),
])
def test_a_broken_template_gives_a_chinese_message(tmp_path, settings, content, message):
    broken = skeletons.annual_review()
    broken.add_paragraph(content)
    broken.save(tmp_path / "annual_review.docx")
    settings.DOCUMENT_TEMPLATES_DIR = str(tmp_path)
    with pytest.raises(tpl.TemplateError) as error:
        tpl.render("annual_review.docx", review_context())
    assert message in str(error.value) and "委员会上传的文档模板“annual_review.docx”" in str(error.value)


def test_a_template_that_is_not_a_docx_or_not_there_is_refused(tmp_path, settings):
    (tmp_path / "annual_review.docx").write_bytes(b"not a zip")
    settings.DOCUMENT_TEMPLATES_DIR = str(tmp_path)
    with pytest.raises(tpl.TemplateError, match="不是有效的 Word"):
        tpl.render("annual_review.docx", {})
    with pytest.raises(tpl.TemplateError, match="找不到文档模板"):
        tpl.render("missing.docx", {})
    with pytest.raises(tpl.TemplateError, match="名称.*无效"):
        tpl.render("../settings.py", {})



def test_a_missing_libreoffice_says_make_office(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(pdf.OfficeMissing, match="make office"):
        pdf.docx_to_pdf(b"")


def test_a_conversion_that_takes_too_long_is_stopped(docs):
    with pytest.raises(pdf.ConversionFailed, match="more than"):
        pdf.docx_to_pdf(docs["notice"], timeout=0.05)


def test_without_libreoffice_a_booklet_keeps_its_estimated_pages(monkeypatch, booklet):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    xml = opened(booklets.build_paginated(booklet)).element.body.xml
    cached = re.findall(r"PAGEREF _TocEntry\d+ \\h.*?<w:t>(\d+)</w:t>", xml, re.S)
    assert [int(n) for n in cached] == booklets.page_hints(booklet)


def test_an_empty_booklet_says_so_without_rendering():
    document = opened(booklets.build_paginated(booklets.Booklet(title="空册")))
    assert "（本册暂无条目）" in texts(document)
