"""The demo's assessment schemes as data (../shared/assessment.md): the daily scheme of the
city, the clean-organ special evaluation and the secretaries' report-and-review.

A leaf is (code, name, points, owner, kind, how): owner is a short department code (below);
kind M (metric: how = (metric code, params)), D (deduction: how = points a case, a ladder, or
None when the department enters the points), P (panel score).
"""
from decimal import Decimal

# short codes of the eight departments (demo/data.DEPARTMENTS)
OWNERS = {"工委": "市直机关工委", "组": "市委组织部", "纪": "市纪委监委", "宣": "市委宣传部",
          "统": "市委统战部", "政": "市委政法委", "编": "市委编办", "督": "市委督查室"}
CASE_PREFIX = {"市直机关工委": "市直工委通报", "市委组织部": "组通", "市纪委监委": "纪案", "市委宣传部": "宣通",
               "市委统战部": "统通", "市委政法委": "政法通", "市委编办": "编通", "市委督查室": "督查通报"}

LADDER = {"诫勉": 1, "轻处分": 3, "重处分": 5, "移送司法": 8}
MEETINGS = ["members_meeting", "committee_meeting", "group_meeting", "party_lecture"]

DAILY_BASIS = ("《中国共产党党和国家机关基层组织工作条例》；《整治形式主义为基层减负若干规定》；"
               "《市直机关党建工作日常考核实施办法》（市直工发〔{year}〕1号）")
DAILY = [
    ("A", "政治建设", 15, [
        ("A1", "第一议题学习落实", 3, "工委", "M", ("first_agenda", {})),
        ("A2", "重大部署落实、请示报告", 4, "督", "D", "0.5"),
        ("A3", "党组专题研究机关党建（每年 ≥ 2 次）", 3, "组", "D", "1.5"),
        ("A4", "民主生活会、组织生活会", 3, "组", "M", ("meeting_rules", {"kinds": ["life_meeting"]})),
        ("A5", "书记讲党课、双重组织生活", 2, "工委", "M", ("meeting_rules", {"kinds": ["party_lecture"]})),
    ]),
    ("B", "思想建设", 12, [
        ("B1", "理论学习中心组学习（列席旁听“九个一”）", 3, "宣", "M", ("sit_in_checklist", {})),
        ("B2", "意识形态工作责任制", 4, "宣", "D", "1"),
        ("B3", "集中轮训参训（按名额到课，不计学习时长）", 3, "工委", "M", ("course_seats", {})),
        ("B4", "机关文化、文明创建", 2, "宣", "D", None),
    ]),
    ("C", "组织建设", 25, [
        ("C1", "按期换届", 3, "工委", "M", ("terms_on_time", {})),
        ("C2", "三会一课按期落实", 4, "工委", "M", ("meeting_rules", {"kinds": MEETINGS})),
        ("C3", "主题党日", 2, "工委", "M", ("meeting_rules", {"kinds": ["theme_day"]})),
        ("C4", "发展党员程序规范", 3, "组", "D", "1"),
        ("C5", "支部设置规范（3+ 正式党员、≤ 50 人、7+ 设支委会）", 4, "工委", "M", ("branch_setup", {})),
        ("C6", "党务干部配备（专职 1–2%）", 2, "编", "D", None),
        ("C7", "组织关系、流动党员管理", 3, "组", "D", "0.5"),
        ("C8", "软弱涣散党组织整顿", 4, "组", "D", "2"),
    ]),
    ("D", "作风建设", 10, [
        ("D1", "八项规定精神", 4, "纪", "D", "2"),
        ("D2", "为基层减负（文山会海、督检考）", 3, "督", "D", "1"),
        ("D3", "调研、为群众办实事", 3, "工委", "P", None),
    ]),
    ("E", "纪律与清廉", 15, [
        ("E1", "违纪案件（诫勉 1 / 轻处分 3 / 重处分 5 / 移送司法 8）", 5, "纪", "D", LADDER),
        ("E2", "纪律教育“三个一”（每月）", 3, "纪", "M", ("discipline_education", {})),
        ("E3", "廉政风险防控", 3, "纪", "D", None),
        # 1 point of 4 an item overdue on the platform's rectifications (metrics/rectification.py)
        ("E4", "巡察、审计问题整改", 4, "纪", "M", ("rectification_overdue", {"share_each": "1/4"})),
    ]),
    ("F", "联动专项", 13, [
        ("F1", "统战工作", 3, "统", "D", None),
        ("F2", "网络意识形态、新媒体安全", 3, "宣", "D", "1"),
        ("F3", "平安建设、法治、保密", 4, "政", "D", None),
        ("F4", "信访按期办结", 3, "政", "D", "0.5"),
    ]),
    ("G", "融合与责任", 10, [
        ("G1", "党建业务融合项目", 4, "工委", "P", None),
        ("G2", "群团工作", 2, "工委", "D", None),
        ("G3", "书记“三个一清单”推进", 4, "工委", "M", ("three_ones", {})),
    ]),
]
# bonus items (code, name, owner, cap) under the overall cap of 5
BONUS_CAP = 5
BONUSES = [
    ("X1", "荣誉表彰（国家级 2 分、省级 1 分、市级 0.5 分）", "工委", 3),
    ("X2", "品牌案例、揭榜领题、红旗党支部", "工委", 2),
]
HONOURS = [("国家级", Decimal(2)), ("省级", Decimal(1)), ("市级", Decimal("0.5"))]
# vetoes (code, name, owner, effect, basis)
VETOES = [
    ("V1", "领导班子成员受重处分或被移送司法机关", "纪", "not_good",
     "《中国共产党纪律处分条例》；日常考核实施办法第十二条第一项"),
    ("V2", "发生重大舆情事件并造成恶劣影响", "宣", "not_good", "《党委（党组）意识形态工作责任制实施办法》；日常考核实施办法第十二条第二项"),
    ("V3", "违反中央八项规定精神问题被作为典型案例通报", "纪", "not_good",
     "《中共中央政治局关于改进工作作风、密切联系群众的八项规定》；日常考核实施办法第十二条第三项"),
    ("V4", "考核材料弄虚作假", "工委", "poor", "《整治形式主义为基层减负若干规定》；日常考核实施办法第十三条"),
]

# divisions: name -> group weights (A..G), by unit category or by a list of 党政机关 units
DIVISIONS = [
    ("党群综合", dict(A=17, B=15, C=25, D=10, E=13, F=10, G=10)),
    ("经济管理", dict(A=15, B=10, C=23, D=10, E=20, F=10, G=12)),
    ("执法政法", dict(A=15, B=10, C=22, D=13, E=18, F=14, G=8)),
    ("社会事业", dict(A=15, B=12, C=23, D=10, E=14, F=16, G=10)),
    ("垂管驻市与企业", dict(A=15, B=12, C=30, D=12, E=16, F=5, G=10)),
]
DIVISION_CATEGORIES = {"党群综合": ["党政机关", "群团组织"], "社会事业": ["事业单位"],
                       "垂管驻市与企业": ["国有企业", "驻市单位"]}
# 党政机关 units listed in another division than 党群综合 (by short name)
DIVISION_LISTS = {
    "经济管理": ["发改委", "工信局", "财政局", "自然资源局", "住建局", "交通局", "水利局", "农业农村局", "商务局",
             "审计局", "国资委", "统计局", "行政审批局", "粮储局", "林业局", "大数据局", "投促局", "金融局",
             "机关事务局"],
    "执法政法": ["公安局", "司法局", "生态环境局", "市场监管局", "城管局", "应急局", "信访局", "政法委", "纪委监委",
             "中级法院", "检察院"],
    "社会事业": ["教育局", "科技局", "民政局", "人社局", "文旅局", "卫健委", "退役军人局", "体育局", "医保局", "民宗局"],
}

CLEAN_BASIS = ("《关于加强新时代廉洁文化建设的意见》；《市直机关清廉机关建设专项考评办法》（市直工发〔{year}〕5号）")
CLEAN = [
    ("A", "明规守纪", 20, [
        ("A1", "严明政治纪律和政治规矩", 8, "纪", "D", "1"),
        ("A2", "纪律教育“三个一”", 6, "纪", "M", ("discipline_education", {})),
        ("A3", "违纪违法案件", 6, "纪", "D", "2"),
    ]),
    ("B", "模范机关", 20, [
        ("B1", "第一议题学习落实", 6, "工委", "M", ("first_agenda", {})),
        ("B2", "三会一课按期落实", 8, "工委", "M", ("meeting_rules", {"kinds": MEETINGS})),
        ("B3", "模范机关创建", 6, "工委", "P", None),
    ]),
    ("C", "以廉促治", 15, [
        ("C1", "廉政风险防控", 8, "纪", "D", None),
        ("C2", "巡察、审计问题整改", 7, "纪", "D", "1"),
    ]),
    ("D", "清风惠企", 15, [
        ("D1", "亲清政商关系", 8, "纪", "D", "1"),
        ("D2", "涉企问题投诉按期办结", 7, "纪", "D", "0.5"),
    ]),
    ("E", "以廉润心", 15, [
        ("E1", "廉洁文化阵地和活动", 8, "宣", "P", None),
        ("E2", "家风家教", 7, "宣", "D", None),
    ]),
    ("F", "品牌引领", 15, [
        ("F1", "清廉机关品牌项目", 15, "工委", "P", None),
    ]),
]
# economic and law-enforcement units take 清风惠企; the others (and the county committees)
# take its points under 品牌引领
CLEAN_DIVISIONS = [("经济和执法单位", {}), ("其他单位和县(市、区)", {"D": 0, "F": 30})]

REVIEW_BASIS = "《党委（党组）书记抓基层党建工作述职评议考核办法》；市直机关党组织书记述职评议工作方案"
REVIEW = [
    ("A", "述职评议", 100, [
        ("A1", "述职评议大会测评", 60, "工委", "P", None),
        ("A2", "本单位党员干部测评", 40, "工委", "P", None),
    ]),
]
YEAR_WEIGHTS = {"daily": 60, "review": 40}

TYPICAL = ["“党建+业务”深度融合", "清廉单元创建", "廉洁文化进机关", "亲清政商关系", "以案促改促治",
           "家风家教", "廉政风险防控", "模范机关创建"]
