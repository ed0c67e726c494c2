"""manage.py overview [--json]: counts of the registry."""
import json

from django.core.management.base import BaseCommand

from dangjian.challenges.rules import STATUS_LABELS
from dangjian.commitments.models import Status
from dangjian.demo.overview import (assessment_overview, brands_overview, commitments_overview, records_overview,
                                    rectification_overview, registry_overview, selections_overview)
from dangjian.orgs.models import OrgType
from dangjian.rectification.models import Status as ProblemStatus

JSON_KEYS = ("zones", "units", "county_committees", "party_orgs", "branches", "members")
RECORD_KEYS = ("records", "records_by_kind", "rule_compliance_last_year")
ASSESSMENT_KEYS = ("assessment",)
COMMITMENT_KEYS = ("three_ones",)
BRAND_KEYS = ("brands", "challenges")
RECTIFICATION_KEYS = ("rectifications",)
SELECTION_KEYS = ("selections",)


class Command(BaseCommand):
    help = "登记库概况：协作区、单位、县(市、区)机关工委、党组织、支部和党员数量"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        o = (registry_overview() | records_overview() | assessment_overview() | commitments_overview() | brands_overview()
             | rectification_overview() | selections_overview())
        if options["json"]:
            keys = (JSON_KEYS + RECORD_KEYS + ASSESSMENT_KEYS + COMMITMENT_KEYS + BRAND_KEYS + RECTIFICATION_KEYS
                    + SELECTION_KEYS)
            self.stdout.write(json.dumps({k: o[k] for k in keys}, ensure_ascii=False))
            return
        lines = [
            f"党建协作区：{o['zones']} 个",
            f"市直单位：{o['units']} 个",
            f"县(市、区)机关工委：{o['county_committees']} 个",
            "党组织：" + "，".join(f"{OrgType(t).label} {n} 个" for t, n in o["party_orgs"].items()),
            f"支部（党支部、联合党支部、临时党支部）：{o['branches']} 个",
            f"党员：{o['members']} 名（正式党员 {o['members_full']} 名，预备党员 {o['members_probationary']} 名）",
            f"组织生活记录：{o['records']} 条",
        ]
        lines += [f"  {code}：{n} 条" for code, n in o["records_by_kind"].items()]
        lines.append("上一年度频次规则落实（已开展的党组织 / 适用的党组织）：")
        for key, v in o["rule_compliance_last_year"].items():
            share = "—" if v["share"] is None else f"{v['share']:.1%}"
            lines.append(f"  {key}：{v['met']} / {v['applicable']}（{share}）")
        a = o["assessment"]
        lines.append("考核方案：" + ("，".join(f"{s['year']} {s['kind']} v{s['version']}{'（已发布）' if s['published'] else ''}"
                                          for s in a["schemes"]) or "无"))
        lines.append("考核记录（有效）：" + "，".join(f"{d} {n} 条" for d, n in a["ledger_by_department"].items()))
        for division, counts in a["grades"].items():
            lines.append(f"  {division}：" + "，".join(f"{g} {n}" for g, n in counts.items()))
        lines.append("书记“三个一清单”：" + "，".join(f"{Status(s).label} {n} 项" for s, n in o["three_ones"].items()))
        lines.append(f"党建品牌：{o['brands']} 个")
        lines.append("揭榜挂帅项目：" + "，".join(f"{STATUS_LABELS[s]} {n} 个" for s, n in o["challenges"].items()))
        lines.append("问题整改：" + "，".join(f"{ProblemStatus(s).label} {n} 个" for s, n in o["rectifications"].items()))
        lines.append("评选获选（已结束的轮次）：" + ("，".join(f"{k} {n} 个" for k, n in o["selections"].items()) or "无"))
        self.stdout.write("\n".join(lines))
