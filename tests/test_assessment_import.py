"""A department's ledger facts in bulk from Excel, through the imports app's batch path: every
row validated with Chinese messages, a preview, then a confirm that writes all or nothing."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.assessment.models import LedgerEntry
from dangjian.audit.models import AuditEntry
from dangjian.imports.models import ImportBatch

from .assessment_builder import DAY, add_discipline, body_of, build_scheme, enter
from .factories import make_registry
from .test_imports_helpers import xlsx

UPLOAD = reverse("assessment:import")
HEADERS = ["指标编号", "单位", "分值", "情形", "事实", "案件编号/通报文号", "发生日期"]


def row(code="E1", unit="发改委", points="", severity="轻处分", fact="违反工作纪律", case_ref="纪案1", day=None):
    return [code, unit, points, severity, fact, case_ref, (day or DAY).isoformat()]


class LedgerImport(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.r = add_discipline(make_registry())
        cls.scheme, cls.ind = build_scheme(cls.r)
        cls.a = body_of(cls.r.unit_a)
        enter(cls.r.discipline_user, cls.ind["E4"], cls.a, case_ref="巡察已计", fact="已有")

    def upload(self, rows, user=None, data=None):
        self.client.force_login(user or self.r.discipline_user)
        data = data if data is not None else xlsx(HEADERS, rows, title="考核台账")
        return self.client.post(UPLOAD, {"file": SimpleUploadedFile("台账.xlsx", data)})

    def test_a_valid_file_is_previewed_then_written_through_the_ledger_service(self):
        rows = [row(), row(code="E4", unit="市财政局", severity="", case_ref="巡察2", fact="整改逾期"),
                row(code="V1", severity="", case_ref="通报〔2026〕3号", fact="典型案例通报")]
        response = self.upload(rows)
        html = response.content.decode()
        assert response.status_code == 200 and "校验通过：将写入 3 条" in html and "轻处分" in html
        assert LedgerEntry.objects.count() == 1                                  # nothing yet
        batch = ImportBatch.objects.get(kind="ledger")
        confirm = self.client.post(reverse("assessment:import_confirm", args=[batch.pk]))
        assert confirm.status_code == 302
        e1 = LedgerEntry.objects.get(case_ref="纪案1")
        assert (e1.points, e1.severity, e1.body, e1.department) == (3, "light_sanction", self.a, self.r.discipline)
        assert LedgerEntry.objects.get(case_ref="巡察2").points == 1
        assert AuditEntry.objects.filter(action="ledger.create").count() == 4
        assert AuditEntry.objects.filter(action="ledger.import").exists()

    def test_every_bad_row_is_reported_in_chinese_and_nothing_is_kept(self):
        rows = [
            row(code="G1", points="2"),                                           # 2: 组织部's indicator
            row(unit="不存在的局", case_ref="纪案2"),                               # 3
            row(case_ref="纪案3"), row(case_ref="纪案3"),                          # 4, 5: twice in the file
            row(code="E4", severity="", case_ref="巡察已计"),                      # 6: already in the ledger
            row(severity="记过", case_ref="纪案4"),                                # 7: not on the ladder
            row(code="E4", severity="", case_ref=""),                             # 8: no case reference
            row(code="A1", case_ref="纪案5"),                                      # 9: a metric
            row(case_ref="纪案6", day=DAY.replace(year=DAY.year - 1)),             # 10: another year
            row(case_ref="纪案7", fact=""),                                       # 11: no fact
        ]
        response = self.upload(rows)
        html = response.content.decode()
        assert response.status_code == 400
        for line, message in [(2, "不是本部门负责的指标"), (3, "未找到该单位"), (5, "与第4行的案件重复"),
                              (6, "该案件已由本部门计分"), (7, "请填写情形：诫勉、轻处分、重处分、移送司法"),
                              (8, "须填写案件编号"), (9, "没有需录入的指标"), (10, "须在方案年度"), (11, "必填")]:
            assert f"第{line}行" in html and message in html, (line, message)
        assert not ImportBatch.objects.exists() and LedgerEntry.objects.count() == 1

    def test_a_fact_with_no_case_reference_counts_once_in_the_file_and_in_the_ledger(self):
        enter(self.r.dept, self.ind["G1"], self.a, points="2", fact="党建业务融合项目评审")
        rows = [row(code="G1", points="2", severity="", case_ref="", fact="党建业务融合项目评审"),  # 2: in the ledger
                row(code="G1", points="1", severity="", case_ref="", fact="青年理论小组结对"),       # 3
                row(code="G1", points="1", severity="", case_ref="", fact="青年理论小组结对"),       # 4: as row 3
                row(code="G1", points="1", severity="", case_ref="", fact="青年理论小组结对（二）")]  # 5: another
        response = self.upload(rows, user=self.r.dept)
        html = response.content.decode()
        assert response.status_code == 400
        assert "第2行" in html and "台账中已有完全相同的记录" in html
        assert "第4行" in html and "与第3行完全相同" in html
        assert html.count("第3行") == 1                    # only in row 4's message: row 3 itself is fine
        assert "第5行" not in html and LedgerEntry.objects.filter(case_ref="").count() == 1

    def test_points_stay_within_the_leaf_and_the_bonus_cap(self):
        self.client.force_login(self.r.dept)
        response = self.upload([row(code="G1", points="7", severity="", case_ref=""),
                                row(code="X1", points="4", severity="", case_ref=""),
                                row(code="G1", points="-1", severity="", case_ref="")], user=self.r.dept)
        html = response.content.decode()
        assert response.status_code == 400
        assert "不能超过该指标的 6.00 分" in html and "不能超过该指标的 3.00 分" in html and "应为大于0的数字" in html

    def test_a_file_that_stops_validating_before_the_confirm_writes_nothing(self):
        assert self.upload([row(), row(case_ref="纪案9", severity="诫勉")]).status_code == 200
        batch = ImportBatch.objects.get(kind="ledger")
        enter(self.r.discipline_user, self.ind["E1"], self.a, severity="admonition", case_ref="纪案9")
        response = self.client.post(reverse("assessment:import_confirm", args=[batch.pk]))
        assert response.status_code == 400 and "该案件已由本部门计分" in response.content.decode()
        assert not LedgerEntry.objects.filter(case_ref="纪案1").exists()

    def test_malformed_files_are_refused_before_any_parser(self):
        for data, message in [("不是表格".encode(), "不是有效的 Excel 文件"),
                              (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "旧版 .xls"),
                              (xlsx(["指标编号", "单位"], [["E1", "发改委"]]), "表头缺少必填列")]:
            response = self.upload([], data=data)
            assert response.status_code == 400 and message in response.content.decode(), message
        assert not ImportBatch.objects.exists()

    def test_outsiders_get_a_404_for_a_batch_and_those_who_score_nothing_a_403(self):
        assert self.upload([row()]).status_code == 200
        batch = ImportBatch.objects.get(kind="ledger")
        confirm = reverse("assessment:import_confirm", args=[batch.pk])
        self.client.force_login(self.r.dept)                       # another department: not its batch
        assert self.client.post(confirm).status_code == 404
        for user in (self.r.outsider, self.r.zone_lead, self.r.committee):
            self.client.force_login(user)
            assert self.client.get(UPLOAD).status_code == 403
            assert self.client.get(reverse("assessment:import_template")).status_code == 403
            assert self.client.post(confirm).status_code == 404
        assert self.upload([row()], user=self.r.zone_lead).status_code == 403
        assert LedgerEntry.objects.count() == 1

    def test_the_template_names_the_columns(self):
        self.client.force_login(self.r.discipline_user)
        response = self.client.get(reverse("assessment:import_template"))
        ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert [c.value for c in ws[1]] == HEADERS

    def test_the_check_makes_the_same_queries_at_two_sizes(self):
        self.client.force_login(self.r.discipline_user)

        def count(n):
            data = xlsx(HEADERS, [row(code="E4", severity="", case_ref=f"巡察{i}") for i in range(n)])
            with CaptureQueriesContext(connection) as ctx:
                response = self.client.post(UPLOAD, {"file": SimpleUploadedFile("台账.xlsx", data)})
                assert response.status_code == 200
            return len(ctx.captured_queries)
        count(1)                    # the first upload has no earlier batch to set aside
        assert count(2) == count(12)
