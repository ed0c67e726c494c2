"""Brand pages: registering and editing a unit's or a branch's brand, honours (the committee),
cases, the list by zone and unit; with outsiders, forged owners and bad uploads."""
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.audit.models import AuditEntry
from dangjian.brands import services
from dangjian.brands.models import Brand, BrandCase, Honour
from dangjian.lib.filetypes import PNG
from dangjian.orgs.services import org_create

TODAY = date.today()
LOGO = PNG + b"\x00" * 200
FORM = {"name": "五彩党建", "meaning": "党旗红、志愿橙、智慧金、活力绿、廉洁蓝", "elements": "五色标识", "history": "2021 年创立"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def unit_brand(reg, **kw):
    return Brand.objects.create(unit=reg.unit_a, **({"name": "发改红帆", "meaning": "服务发展"} | kw))


def test_anonymous_is_sent_to_sign_in(client, reg):
    b = unit_brand(reg)
    for url in ("/brands/", f"/brands/{b.pk}/", f"/brands/new/unit/{reg.unit_a.pk}/", f"/brands/{b.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_those_without_the_permission_get_403(login, reg):
    b = unit_brand(reg)
    for user in (reg.member_user, reg.auditor, reg.sysadmin):
        client = login(user)
        assert client.get("/brands/").status_code == 403
        assert client.get(f"/brands/{b.pk}/").status_code == 403
    dept = login(reg.dept)                                   # reads, changes nothing
    assert dept.get(f"/brands/{b.pk}/").status_code == 200
    assert dept.get(f"/brands/{b.pk}/edit/").status_code == 403
    assert dept.get(f"/brands/{b.pk}/honours/new/").status_code == 403
    secretary = login(reg.secretary)                         # sees the unit's brand, keeps only the branch's
    assert secretary.get(f"/brands/{b.pk}/").status_code == 200
    assert secretary.get(f"/brands/{b.pk}/edit/").status_code == 403
    assert secretary.get(f"/brands/new/unit/{reg.unit_a.pk}/").status_code == 403


def test_a_unit_admin_registers_the_units_brand_with_a_logo(login, reg, media):
    client = login(reg.unit_admin)
    html = client.get("/brands/").content.decode()
    assert "登记单位品牌" in html and "登记支部品牌" in html       # its unit and its branches
    response = client.post(f"/brands/new/unit/{reg.unit_a.pk}/", FORM | {
        "logo": SimpleUploadedFile("标识.png", LOGO)})
    assert response.status_code == 302
    brand = Brand.objects.get(unit=reg.unit_a)
    assert brand.name == "五彩党建" and brand.logo_kind == "png"
    assert AuditEntry.objects.filter(action="brand.register", object_id=str(brand.pk)).exists()
    logo = client.get(f"/brands/{brand.pk}/logo/")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == LOGO
    again = client.get(f"/brands/new/unit/{reg.unit_a.pk}/")
    assert again.status_code == 302 and again["Location"].endswith(f"/brands/{brand.pk}/edit/")
    twice = client.post(f"/brands/new/unit/{reg.unit_a.pk}/", FORM)
    assert twice.status_code == 400 and "已登记品牌" in twice.content.decode()
    assert Brand.objects.count() == 1


def test_a_secretary_registers_and_edits_the_branchs_brand(login, reg):
    client = login(reg.secretary)
    assert client.post(f"/brands/new/org/{reg.branch_a1.pk}/", FORM | {"name": "红帆支部"}).status_code == 302
    brand = Brand.objects.get(org=reg.branch_a1)
    response = client.post(f"/brands/{brand.pk}/edit/", FORM | {"name": "红帆先锋"})
    assert response.status_code == 302
    brand.refresh_from_db()
    assert brand.name == "红帆先锋"
    entry = AuditEntry.objects.get(action="brand.update", object_id=str(brand.pk))
    assert entry.changes["name"] == ["红帆支部", "红帆先锋"]
    # a sibling branch of the same unit is not the secretary's to brand
    assert client.get(f"/brands/new/org/{reg.branch_a2.pk}/").status_code == 404
    # an organ committee is not a branch: its brand is the unit's
    assert login(reg.unit_admin).post(f"/brands/new/org/{reg.oc_a.pk}/", FORM).status_code == 403


def test_outsiders_get_404_on_brands_and_owners_outside_their_scope(login, reg):
    b = unit_brand(reg)
    branch = Brand.objects.create(org=reg.branch_a1, name="支部品牌", meaning="m")
    case = BrandCase.objects.create(brand=b, title="案例", year=2025, text="t")
    client = login(reg.outsider)
    for url in (f"/brands/{b.pk}/", f"/brands/{branch.pk}/", f"/brands/{b.pk}/edit/", f"/brands/{b.pk}/logo/",
                f"/brands/{b.pk}/cases/new/", f"/brands/cases/{case.pk}/file/",
                f"/brands/new/unit/{reg.unit_a.pk}/", f"/brands/new/org/{reg.branch_a1.pk}/", "/brands/new/x/1/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/brands/new/org/{reg.branch_a1.pk}/", FORM).status_code == 404
    assert "发改红帆" not in client.get("/brands/").content.decode()
    assert Brand.objects.count() == 2


def test_bad_input_is_refused_with_a_chinese_message_and_nothing_is_written(login, reg, media, monkeypatch):
    client = login(reg.unit_admin)
    url = f"/brands/new/unit/{reg.unit_a.pk}/"
    blank = client.post(url, FORM | {"meaning": "  "})
    assert blank.status_code == 400 and "品牌内涵：这个字段是必填项" in blank.content.decode()
    not_image = client.post(url, FORM | {"logo": SimpleUploadedFile("标识.pdf", b"%PDF-1.7\n" + b"x" * 50)})
    assert not_image.status_code == 400 and "可上传：JPG、PNG" in not_image.content.decode()
    fake = client.post(url, FORM | {"logo": SimpleUploadedFile("标识.png", b"<svg onload=alert(1)>")})
    assert fake.status_code == 400 and "与扩展名不符" in fake.content.decode()
    big = client.post(url, FORM | {"logo": SimpleUploadedFile("标识.png", PNG + b"\x00" * services.MAX_LOGO_BYTES)})
    assert big.status_code == 400 and "超过 2 MB" in big.content.decode()
    assert not Brand.objects.exists() and not list(media.rglob("*.*"))
    assert not AuditEntry.objects.filter(action__startswith="brand.").exists()


def test_the_committee_records_honours_and_the_keeper_adds_cases(login, reg, media):
    b = unit_brand(reg)
    committee = login(reg.committee)
    future = committee.post(f"/brands/{b.pk}/honours/new/", {
        "title": "首届全国机关党建优秀品牌", "awarded_by": "中央和国家机关工委", "level": "national",
        "awarded_on": (TODAY + timedelta(days=1)).isoformat()})
    assert future.status_code == 400 and not Honour.objects.exists()
    assert committee.post(f"/brands/{b.pk}/honours/new/", {
        "title": "首届全国机关党建优秀品牌", "awarded_by": "中央和国家机关工委", "level": "national",
        "awarded_on": "2025-01-10"}).status_code == 302
    assert login(reg.unit_admin).post(f"/brands/{b.pk}/honours/new/", {
        "title": "自封", "awarded_by": "本单位", "level": "city", "awarded_on": "2025-01-10"}).status_code == 403
    keeper = login(reg.unit_admin)
    old = keeper.post(f"/brands/{b.pk}/cases/new/", {"title": "案例", "year": "1900", "text": "t"})
    assert old.status_code == 400
    assert keeper.post(f"/brands/{b.pk}/cases/new/", {
        "title": "“襄水叮咚”服务品牌", "year": "2025", "text": "做法与成效",
        "file": SimpleUploadedFile("案例.pdf", b"%PDF-1.7\n" + b"x" * 100)}).status_code == 302
    case = BrandCase.objects.get()
    html = keeper.get(f"/brands/{b.pk}/").content.decode()
    assert "首届全国机关党建优秀品牌" in html and "中央和国家机关工委" in html and "“襄水叮咚”服务品牌" in html
    download = keeper.get(f"/brands/cases/{case.pk}/file/")
    assert download.status_code == 200 and download["Content-Type"] == "application/octet-stream"
    listing = committee.get("/brands/").content.decode()
    assert "第一协作区" in listing and "首届全国机关党建优秀品牌" in listing


def test_the_zone_lead_sees_its_zone_only(login, reg):
    unit_brand(reg)
    Brand.objects.create(unit=reg.unit_b, name="财政五彩", meaning="m")
    html = login(reg.zone_lead).get("/brands/").content.decode()
    assert "发改红帆" in html and "财政五彩" not in html
    committee = login(reg.committee).get(f"/brands/?zone={reg.zone_b.pk}").content.decode()
    assert "财政五彩" in committee and "发改红帆" not in committee


def test_the_list_makes_constant_queries(login, reg, count_queries):
    client = login(reg.committee)
    unit_brand(reg)
    sizes = []
    for n in (2, 10):
        while Brand.objects.count() < n:
            i = Brand.objects.count()
            org = org_create(user=None, name=f"支部{i}", type="branch", parent=reg.oc_b)
            b = Brand.objects.create(org=org, name=f"品牌{i}", meaning="m")
            Honour.objects.create(brand=b, title="市级品牌", awarded_by="市委直属机关工委", level="city",
                                  awarded_on=date(2025, 1, 1))
            BrandCase.objects.create(brand=b, title="c", year=2025, text="t")
        sizes.append((count_queries(lambda: client.get("/brands/")),
                      count_queries(lambda: login(reg.unit_admin).get("/brands/"))))
        client = login(reg.committee)
    assert sizes[0] == sizes[1]


def test_a_page_holds_the_tables_rows_in_its_order_read_in_full(reg, rf, django_assert_num_queries):
    from dangjian.brands.selectors import brand_table, visible_brands
    from dangjian.lib.paging import paginate_by_ids

    b1 = Brand.objects.create(org=reg.branch_b1, name="财政先锋", meaning="m")
    Brand.objects.create(unit=reg.unit_b, name="财政五彩", meaning="m")
    own = unit_brand(reg)
    Brand.objects.create(org=reg.branch_a2, name="二支部品牌", meaning="m")
    Brand.objects.create(org=reg.branch_a1, name="一支部品牌", meaning="m")
    BrandCase.objects.bulk_create([BrandCase(brand=b1, title=f"c{i}", year=2025, text="t") for i in range(3)])
    Honour.objects.create(brand=own, title="市级品牌", awarded_by="市委直属机关工委", level="city", awarded_on=date(2025, 1, 1))
    table = brand_table(visible_brands(reg.committee))
    order = list(table.values_list("pk", flat=True))
    assert order[0] == own.pk and order[-2:] == [Brand.objects.get(unit=reg.unit_b).pk, b1.pk]  # zone, unit, own first
    pages = []
    for number in (1, 2, 3):
        with django_assert_num_queries(4):          # the count, the page's ids, its rows, their honours
            page = paginate_by_ids(rf.get("/brands/", {"page": number}), table, per_page=2)
            rows = list(page.object_list)
        pages.append(rows)
        with django_assert_num_queries(0):          # select_related, prefetches and counts came along
            [(b.case_count, list(b.honours.all()), b.unit or b.org.unit) for b in rows]
    assert [b.pk for rows in pages for b in rows] == order
    assert next(b for rows in pages for b in rows if b.pk == b1.pk).case_count == 3
