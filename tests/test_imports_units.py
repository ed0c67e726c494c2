from dangjian.imports.models import ImportBatch
from dangjian.orgs.models import Unit

from .test_imports_helpers import UNIT_HEADERS, post_upload, upload_and_confirm, xlsx


def units_xlsx(rows):
    return xlsx(UNIT_HEADERS, rows, title="市直单位")


def test_committee_imports_units_and_reimport_is_idempotent(reg, login):
    client = login(reg.committee)
    rows = [["市统计局", "统计局", "党政机关", "第一协作区"], ["市发展和改革委员会", "发改", "党政机关", ""]]
    _, confirm = upload_and_confirm(client, "units", units_xlsx(rows))
    assert confirm.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.created, batch.updated, batch.unchanged) == (1, 1, 0)
    stats = Unit.objects.get(name="市统计局")
    assert stats.zone == reg.zone_a and stats.category == reg.category
    reg.unit_a.refresh_from_db()
    assert reg.unit_a.short_name == "发改" and reg.unit_a.zone is None

    upload_and_confirm(client, "units", units_xlsx(rows))
    batch = ImportBatch.objects.order_by("-id").first()
    assert (batch.created, batch.updated, batch.unchanged) == (0, 0, 2)
    assert Unit.objects.count() == 3


def test_unknown_category_and_zone_are_errors(reg, login):
    client = login(reg.committee)
    response = post_upload(client, "units", units_xlsx([["市统计局", "", "无此类别", ""],
                                                        ["市审计局", "", "党政机关", "第九协作区"],
                                                        ["", "空", "党政机关", ""]]))
    assert response.status_code == 400
    text = response.content.decode()
    assert "第2行 单位类别：未找到“无此类别”" in text
    assert "第3行 党建协作区：未找到“第九协作区”" in text
    assert "第4行 单位名称：必填" in text
    assert not Unit.objects.filter(name="市统计局").exists()


def test_only_the_committee_imports_units(reg, login):
    response = post_upload(login(reg.unit_admin), "units", units_xlsx([["市统计局", "", "党政机关", ""]]))
    assert response.status_code == 403
    assert not Unit.objects.filter(name="市统计局").exists()
