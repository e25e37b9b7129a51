"""The rulebook and the holiday calendar as shipped: national defaults and the provincial
values (Hunan 43, Jiangxi 36, Shanxi 14, Shanghai 31, Zhejiang 33) that differ.

Sources are those collected in the design notes (rules/wave2.md): [V] verified in the statute
text, [V-local] a provincial or local text, [R] recalled and not verified — those say so in
their note and stay editable in /ops/. ``load`` is idempotent: it adds what is missing and
never overwrites a value an operator changed (a changed value is a new dated row anyway).

Dates in force: the statute's effective date where it is known; 2000-01-01 ("always", for
the system's purposes) where the effective date was not checked — the note says so.
"""

import datetime

ALWAYS = "2000-01-01"
UNCHECKED = "生效日期未核对，按一直有效录入。"
RECALLED = "recalled, not verified（凭记忆录入，未经核对）：请按本地文件核实后修改。"

TUF = "2021-12-24"   # 《中华人民共和国工会法》2021年修正，施行之日
LDMA = "2008-05-01"  # 《劳动争议调解仲裁法》施行之日
CCR = "2004-05-01"   # 《集体合同规定》（劳动和社会保障部令第22号）施行之日

# name: (label, kind, min, max, description, [(jurisdiction, valid_from, value, unit, source, note)])
RULES = {
    # --- existing apps ---------------------------------------------------------------------
    "hardship.relative_multiple": (
        "相对困难：低保标准的倍数", "decimal", "1", "5",
        "家庭人均月收入低于低保标准的该倍数，为相对困难。",
        [("", ALWAYS, "2.00", "", "全总困难职工帮扶工作有关规定（相对困难标准由各地确定）；本系统默认值",
          RECALLED)]),
    "hardship.accident_share": (
        "意外致困：意外支出占年收入的比例", "share", "0", "1",
        "因意外或灾害造成的支出超过家庭年收入的该比例，为意外致困。",
        [("", ALWAYS, "4/5", "", "全总困难职工帮扶工作有关规定（意外致困标准由各地确定）；本系统默认值",
          RECALLED)]),
    "hardship.publicity_days": (
        "困难职工建档公示天数", "days", "1", "60",
        "困难职工档案审核后公示的天数（含首日）。",
        [("", ALWAYS, "7", "", "困难职工建档立卡公示惯例；本系统默认值", RECALLED)]),
    "hardship.review_months": (
        "困难职工档案年审周期", "months", "1", "24",
        "建档后每满该月数进行一次年审（存量核查）。",
        [("", ALWAYS, "12", "", "困难职工档案动态管理（每年审核一次）", RECALLED)]),
    "assistance.publicity_days": (
        "帮扶项目默认公示天数", "days", "0", "60",
        "新建帮扶项目时公示天数的默认值（项目可另行设定）。",
        [("", ALWAYS, "5", "", "帮扶救助资金公示惯例；本系统默认值", RECALLED)]),
    "assessments.six_haves_years": (
        "六有 / 六规范 的分界年限", "years", "1", "20",
        "建会未满该年数的基层工会按“六有”评估，满该年数的按“六规范”评估。",
        [("", ALWAYS, "5", "", "基层工会“六有”“六规范”建设标准（成立5年以内/以上）", RECALLED)]),
    "assessments.rectification_days": (
        "整改期限（默认）", "days", "1", "365",
        "评估未达标时整改任务的默认期限。",
        [("", ALWAYS, "90", "", "上海市职工代表大会条例 第四十六条（整改意见书，90日）作为默认",
          "上海市条例的期限用作全国默认值；" + RECALLED)]),
    "members.join_review_days": (
        "入会申请审核期限", "days", "1", "60",
        "入会申请提交后应在该期限内审核。",
        [("", ALWAYS, "3", "", "本系统服务承诺（入会申请3日内答复）", "项目设定，非法规条款。")]),
    "members.transfer_review_days": (
        "转会申请答复期限", "days", "1", "60",
        "转会申请提出后，对方工会应在该期限内接收或拒绝。",
        [("", ALWAYS, "15", "", "本系统默认值（转会接转）", RECALLED)]),
    "retention.member_left_years": (
        "退会或去世会员个人信息保存年限", "years", "1", "30",
        "会员退会或去世满该年限后，其姓名、证件号码、手机号、出生日期被清除（匿名化），统计数据保留。",
        [("", ALWAYS, "3", "", "个人信息保护法 第十九条、第四十七条（保存期限为实现处理目的所必要的最短时间）；"
          "年限为本系统默认值", "法律未规定具体年限，请按本地档案管理规定核定后修改。")]),
    "retention.join_closed_days": (
        "未通过或撤回的入会申请个人信息保存天数", "days", "30", "3650",
        "入会申请被拒绝或撤回满该天数后，申请人的姓名、证件号码、手机号被清除，统计数据保留。",
        [("", ALWAYS, "180", "", "个人信息保护法 第十九条、第四十七条；天数为本系统默认值",
          "法律未规定具体天数，请按本地规定核定后修改。")]),
    "medicalaid.max_shares": (
        "职工医疗互助每人最多份数", "integer", "1", "10",
        "一名会员在一个互助计划年度内最多可参加的份数。",
        [("", ALWAYS, "3", "", "职工医疗互助保障活动惯例；本系统默认值", RECALLED)]),
    "assistance.yearly_cap_fen": (
        "帮扶金每人每年合计上限（分）", "integer", "0", "100000000",
        "同一人一年内从各帮扶项目领取的合计超过该额的，标记复核（不拒绝）；运维可按年度另设。",
        [("", ALWAYS, "500000", "", "本系统默认值（5,000元）", "项目设定，非法规条款。")]),
    # --- A. congresses, elections, 职代会 --------------------------------------------------
    "union.min_members_committee": (
        "应建立基层工会委员会的会员人数", "integer", "1", None,
        "会员达到该人数（含）以上的，应当建立基层工会委员会；不足的可单独建立、联合建立或选组织员。",
        [("", TUF, "25", "", "工会法 第十一条", "")]),
    "union.full_time_chair_staff": (
        "可配专职工会主席的职工人数", "integer", "1", None,
        "职工达到该人数（含）以上的企业、事业单位、社会组织，可以设专职工会主席。",
        [("", TUF, "200", "", "工会法 第十四条", ""),
         ("31", ALWAYS, "200", "", "上海市工会条例 第三十七条（应当配备专职工会工作人员）", UNCHECKED)]),
    "union.term_years": (
        "基层工会委员会任期（年）", "years", "3", "5",
        "基层工会委员会每届任期三年或者五年。",
        [("", TUF, "5", "", "工会法 第十六条（三年或者五年）", "取五年为默认，可按章程改为三年。"),
         ("", ALWAYS, "5", "", "工会法（2001年修正）第十五条（三年或者五年）",
          "2021年修正前选举的届次适用；条文号" + RECALLED)]),
    "union.federation_term_years": (
        "地方总工会、产业工会委员会任期（年）", "years", "5", "5",
        "", [("", TUF, "5", "", "工会法 第十六条", ""),
             ("", ALWAYS, "5", "", "工会法（2001年修正）第十五条", "2021年修正前选举的届次适用；条文号" + RECALLED)]),
    "union.reelection_delay_months": (
        "换届最长延期", "months", "0", "24",
        "因故提前或延期换届须经上一级工会批准，延期一般不超过该期限。",
        [("", ALWAYS, "6", "", "工会基层组织选举工作条例（2016）", RECALLED)]),
    "union.vacancy_fill_months": (
        "主席、副主席、经审会主任空缺补选期限", "months", "0", "24",
        "", [("", ALWAYS, "3", "", "重庆市工会条例（空缺一般不超过三个月）",
              "重庆市规定用作全国默认值；" + UNCHECKED)]),
    "union.chair_transfer_answer_days": (
        "调动工会主席：上级工会答复期限", "days", "1", "90",
        "上级工会逾期未答复视为同意。",
        [("31", ALWAYS, "15", "", "上海市工会条例 第三十八条", UNCHECKED)]),
    "election.quorum_share": (
        "选举：参加选举人数占应到会人数的比例", "share", "0", "1",
        "参加选举的人数须达到应到会会员（代表）的该比例，选举方有效。",
        [("", ALWAYS, "2/3", "", "工会基层组织选举工作条例（2016），各地选举办法范本", "")]),
    "election.quorum_strict": (
        "选举到会人数须“超过”该比例（否：达到即可）", "bool", None, None,
        "是：须超过（“超过三分之二”）；否：达到即可（“三分之二以上”，民法典第一千二百五十九条含本数）。",
        [("", ALWAYS, "true", "", "工会基层组织选举工作条例（2016）“超过应到会人数的三分之二”",
          "范本措辞不一（“超过”/“三分之二以上”）；" + RECALLED)]),
    "election.elected_share": (
        "当选：赞成票占应到会人数的比例", "share", "0", "1",
        "候选人获得赞成票超过应到会会员（代表）的半数，始得当选。",
        [("", ALWAYS, "1/2", "", "工会基层组织选举工作条例（2016），选举办法范本（“应到会…过半数”）", "")]),
    "election.elected_strict": (
        "当选须“超过”半数（过半数）", "bool", None, None, "",
        [("", ALWAYS, "true", "", "选举办法范本：“获得应到会正式会员（代表）过半数同意始得当选”", "")]),
    "election.candidate_surplus": (
        "委员差额比例（不低于）", "share", "0", "1",
        "(候选人数 − 应选人数) ÷ 应选人数 不低于该比例，进一法取整。",
        [("", ALWAYS, "1/20", "", "工会基层组织选举工作条例（2016）（委员差额率不低于5%）", RECALLED)]),
    "election.committee_size": (
        "基层工会委员会委员人数（按会员人数）", "bands", None, None,
        "每行：会员人数范围：委员人数下限–上限（取奇数）。会员不足二十五人的也可只选组织员一人。",
        [("", ALWAYS, "0-24:3-5; 25-200:3-7; 201-1000:7-15; 1001-5000:15-21; 5001-10000:21-29; "
          "10001-50000:29-37; 50001-:37-45", "", "工会基层组织选举工作条例（2016）第七条",
          "深圳市总工会问答所引旧表与此不同（10人以下1人；11–25人3人；26–100人3–5人……）；" + RECALLED)]),
    "election.audit_equal_allowed": (
        "经审委员可等额选举", "bool", None, None,
        "是：经费审查委员会委员候选人数可等于应选人数（等额）；否：与委员一样须差额。",
        [("", ALWAYS, "true", "", "选举办法范本（经审委员可等额选举）", "")]),
    "election.officers_equal_allowed": (
        "主席、副主席可等额选举", "bool", None, None,
        "是：主席、副主席候选人数可等于应选人数；否：须差额。",
        [("", ALWAYS, "true", "", "工会基层组织选举工作条例（2016）（主席、副主席可等额或差额）", RECALLED)]),
    "election.recall_share": (
        "罢免：赞成票占全体会员（代表）的比例", "share", "0", "1",
        "罢免工会主席、副主席，须经会员大会全体会员或者会员代表大会全体代表的该比例通过。",
        [("", TUF, "1/2", "", "工会法 第十八条（全体会员或者全体代表过半数通过）", "")]),
    "election.recall_strict": (
        "罢免须“超过”该比例（过半数）", "bool", None, None, "",
        [("", TUF, "true", "", "工会法 第十八条（过半数）", "")]),
    "union.reelection_notice_months": (
        "换届提醒：到期前月数", "months", "0", "24",
        "任期届满前该月数内的工会列为“即将换届”。",
        [("", ALWAYS, "6", "", "本系统默认值（换届筹备约需半年）", "项目设定，非法规条款。")]),
    "notice_lead_days.reelection": (
        "换届到期提醒提前天数", "integer", "1", "365",
        "任期届满前该天数起向本级工会发出换届提醒。",
        [("", ALWAYS, "90", "", "本系统默认值", "项目设定，非法规条款。")]),
    "congress.member_meeting_below": (
        "会员不足该人数的召开会员大会", "integer", "1", None,
        "会员人数不足该数的基层工会，一般召开会员大会，不选代表；达到该数的可召开会员代表大会。",
        [("", ALWAYS, "100", "", "工会基层组织选举工作条例（2016）",
          "复旦大学工会以80人为界；" + RECALLED)]),
    "congress.delegate_bands": (
        "基层工会会员代表人数（按会员人数）", "bands", None, None,
        "每行：会员人数范围：代表人数下限–上限。",
        [("", ALWAYS, "100-200:30-40; 201-1000:40-60; 1001-5000:60-90; 5001-10000:90-130; "
          "10001-50000:130-180; 50001-:180-240", "", "工会基层组织选举工作条例（2016）", RECALLED)]),
    "congress.local_delegate_bands": (
        "地方工会代表大会代表人数（按会员人数）", "bands", None, None,
        "每行：会员人数范围：代表人数下限–上限。",
        [("", ALWAYS, "0-49999:100-200; 50000-299999:200-350; 300000-699999:300-450; "
          "700000-999999:400-600; 1000000-1999999:450-800; 2000000-3999999:600-1000; 4000000-:800-1200", "",
          "全总1984年关于地方工会代表大会代表名额的规定（《工会工作手册》引）", UNCHECKED)]),
    "congress.frontline_share_min": (
        "会员代表：一线职工代表占代表总数比例（以上）", "share", "0", "1",
        "会员（代表）大会代表中一线职工（含劳模、技术骨干）所占比例不低于该值（含本数）。",
        [("", ALWAYS, "1/2", "", "工会基层组织选举工作条例（2016）（代表应以一线职工为主）", RECALLED)]),
    "congress.women_share_ratio_min": (
        "会员代表：女代表比例不低于女会员比例的倍数", "decimal", "0", "2",
        "女代表占代表总数的比例，应不低于女会员占会员总数比例乘以该倍数（1.00：与女会员比例相当）。",
        [("", ALWAYS, "1.00", "", "中国工会章程及选举工作条例（女代表比例与女会员比例相适应）", RECALLED)]),
    "congress.manager_share_max": (
        "会员代表：中层以上管理人员占代表总数比例（以下）", "share", "0", "1",
        "代表中中层以上管理人员（含企业负责人）所占比例不超过该值（含本数）。",
        [("", ALWAYS, "1/5", "", "工会基层组织选举工作条例（2016）；参照职代会管理人员不超过20%的规定",
          RECALLED)]),
    "congress.quorum_share": (
        "会员（代表）大会：到会人数占应到会人数的比例", "share", "0", "1",
        "到会会员（代表）达到该比例方可开会并表决；“以上”含本数，“超过”不含，见下一条。",
        [("", ALWAYS, "2/3", "", "中国工会章程；各地会员代表大会议事规则（应到会三分之二以上）", RECALLED),
         ("31", ALWAYS, "2/3", "", "参照上海市职工代表大会条例 第二十八条（三分之二以上）",
          "以职代会规定类推；" + UNCHECKED),
         ("33", ALWAYS, "2/3", "", "参照浙江省企业民主管理条例 第十五条（三分之二以上）",
          "以职代会规定类推；" + UNCHECKED)]),
    "congress.quorum_strict": (
        "会员（代表）大会到会人数须“超过”该比例（否：达到即可）", "bool", None, None,
        "否：三分之二以上即可（恰好三分之二可以开会）；是：须超过三分之二。",
        [("", ALWAYS, "false", "", "各地会员代表大会议事规则（“三分之二以上”，民法典第一千二百五十九条含本数）",
          RECALLED),
         ("31", ALWAYS, "false", "", "参照上海市职工代表大会条例 第二十八条", "以职代会规定类推；" + UNCHECKED),
         ("33", ALWAYS, "false", "", "参照浙江省企业民主管理条例 第十五条", "以职代会规定类推；" + UNCHECKED)]),
    "congress.passing_share": (
        "会员（代表）大会：通过决议须得全体会员（代表）的比例", "share", "0", "1",
        "表决以全体（应到会）会员或代表计，不以到会人数计。",
        [("", TUF, "1/2", "", "工会法 第十八条（全体会员或会员代表过半数）类推适用于大会决议", RECALLED),
         ("31", ALWAYS, "1/2", "", "参照上海市职工代表大会条例 第三十一条（全体代表半数以上）",
          "以职代会规定类推；" + UNCHECKED),
         ("33", ALWAYS, "1/2", "", "参照浙江省企业民主管理条例 第十五条（全体代表过半数）",
          "以职代会规定类推；" + UNCHECKED)]),
    "congress.passing_strict": (
        "会员（代表）大会：通过须“超过”半数（过半数）", "bool", None, None,
        "是：须过半数（恰好半数不通过）；否：半数以上即通过（恰好半数通过）。",
        [("", TUF, "true", "", "工会法 第十八条（过半数）类推适用于大会决议", RECALLED),
         ("31", ALWAYS, "false", "", "参照上海市职工代表大会条例 第三十一条（半数以上）",
          "以职代会规定类推；" + UNCHECKED),
         ("33", ALWAYS, "true", "", "参照浙江省企业民主管理条例 第十五条（过半数）",
          "以职代会规定类推；" + UNCHECKED)]),
    "wcongress.required_staff": (
        "应当建立职代会的职工人数", "integer", "1", None,
        "职工达到该人数（含）以上的，应当实行职工代表大会制度；不足的一般实行职工大会制度。",
        [("", ALWAYS, "100", "", "企业民主管理规定（职工人数较少的实行职工大会）", RECALLED),
         ("31", ALWAYS, "100", "", "上海市职工代表大会条例", UNCHECKED)]),
    "wcongress.quorum_share": (
        "职代会：到会代表比例（以上）", "share", "0", "1",
        "职代会须有全体职工代表的该比例以上出席方可召开（含本数）。",
        [("", CCR, "2/3", "", "集体合同规定 第三十六条", ""),
         ("31", ALWAYS, "2/3", "", "上海市职工代表大会条例 第二十八条", UNCHECKED),
         ("33", ALWAYS, "2/3", "", "浙江省企业民主管理条例 第十五条", UNCHECKED)]),
    "wcongress.passing_share": (
        "职代会：通过决议须得全体代表的比例", "share", "0", "1", "",
        [("", CCR, "1/2", "", "集体合同规定 第三十六条（全体职工代表半数以上同意）", ""),
         ("31", ALWAYS, "1/2", "", "上海市职工代表大会条例 第三十一条（全体职工代表半数以上）", UNCHECKED),
         ("33", ALWAYS, "1/2", "", "浙江省企业民主管理条例 第十五条（全体职工代表过半数）", UNCHECKED)]),
    "wcongress.passing_strict": (
        "职代会：通过须“超过”半数（过半数）", "bool", None, None,
        "否：半数以上即通过（恰好半数通过）；是：须过半数（恰好半数不通过）。",
        [("", CCR, "false", "", "集体合同规定 第三十六条（半数以上）", ""),
         ("31", ALWAYS, "false", "", "上海市职工代表大会条例 第三十一条（半数以上）", UNCHECKED),
         ("33", ALWAYS, "true", "", "浙江省企业民主管理条例 第十五条（过半数）", UNCHECKED)]),
    "wcongress.term_years": (
        "职代会届期（年）", "years", "1", "5", "",
        [("", ALWAYS, "5", "", "与工会委员会任期相同（工会法 第十六条）", RECALLED),
         ("31", ALWAYS, "5", "", "上海市职工代表大会条例 第二十二条（三至五年）", UNCHECKED)]),
    "wcongress.delay_max_years": (
        "职代会换届最长延期（年）", "years", "0", "5", "",
        [("31", ALWAYS, "1", "", "上海市职工代表大会条例 第二十二条", UNCHECKED)]),
    "wcongress.extra_session_share": (
        "提议召开临时会议的代表比例（以上）", "share", "0", "1", "",
        [("", ALWAYS, "1/3", "", "各地职代会条例（三分之一以上职工代表提议）", RECALLED),
         ("31", ALWAYS, "1/3", "", "上海市职工代表大会条例 第二十二条", UNCHECKED),
         ("33", ALWAYS, "1/3", "", "浙江省企业民主管理条例 第十五条", UNCHECKED)]),
    "wcongress.manager_share_max": (
        "中高层管理人员占代表比例上限", "share", "0", "1", "",
        [("", ALWAYS, "1/5", "", "企业民主管理规定（中层以上管理人员一般不超过五分之一）", RECALLED),
         ("31", ALWAYS, "1/5", "", "上海市职工代表大会条例 第十六条", UNCHECKED),
         ("33", ALWAYS, "1/5", "", "浙江省企业民主管理条例", UNCHECKED)]),
    "wcongress.min_delegates": (
        "职工代表最少人数", "integer", "1", None, "",
        [("", ALWAYS, "30", "", "企业民主管理规定（代表一般不少于30人）", RECALLED),
         ("31", ALWAYS, "30", "", "上海市职工代表大会条例 第二十一条", UNCHECKED),
         ("33", ALWAYS, "30", "", "浙江省企业民主管理条例 第十条", UNCHECKED)]),
    "wcongress.papers_days_before": (
        "会前送达代表材料的天数", "days", "0", "60", "",
        [("31", ALWAYS, "7", "", "上海市职工代表大会条例 第三十条", UNCHECKED)]),
    "wcongress.report_working_days": (
        "会后报上级工会的期限", "working_days", "0", "60", "",
        [("31", ALWAYS, "7", "", "上海市职工代表大会条例 第三十七条", UNCHECKED)]),
    "wcongress.rectify_days": (
        "整改意见书整改期限", "days", "1", "365", "",
        [("31", ALWAYS, "90", "", "上海市职工代表大会条例 第四十六条", UNCHECKED)]),
    "wcongress.disclosure_answer_days": (
        "厂务公开：答复代表意见的期限", "days", "1", "365", "",
        [("33", ALWAYS, "30", "", "浙江省企业民主管理条例 第二十三条", UNCHECKED)]),
    "wcongress.proposal_reply_months": (
        "提案答复期限", "months", "1", "12", "无全国性规定；企业常用一至三个月。",
        [("", ALWAYS, "3", "", "企业提案工作制度范本（无法律规定）", RECALLED)]),
    "wcongress.delegate_formula": (
        "职工代表人数下限（按职工人数）", "text", None, None,
        "每段：职工人数范围:基数[+每增加步长人增加的代表数/步长]，以分号分隔。下限 = 基数 + 增量 × "
        "⌊(职工人数 − 段起点) ÷ 步长⌋。例：100-2999:30+5/100 即一百人以上以三十人为基数，每增加一百人增加五人。",
        [("", ALWAYS, "0-:30", "", "企业民主管理规定（职工代表一般不少于30人）", RECALLED),
         ("31", ALWAYS, "0-99:30; 100-2999:30+5/100; 3000-:175", "",
          "上海市职工代表大会条例 第二十一条（100–3000人以30人为基数，每增加100人增加不少于5人；"
          "3000人以上不少于175人；不足100人召开职代会的不少于30人）",
          "段界按“以上”含本数取：3000人起适用175人。" + UNCHECKED),
         ("33", ALWAYS, "0-99:30; 100-999:40+7/100; 1000-4999:100+20/1000; 5000-:200", "",
          "浙江省企业民主管理条例 第十条（不足100人不少于30人；100–1000人以40人为基数，每增加100人增加7人；"
          "1000–5000人以100人为基数，每增加1000人增加20人；5000人以上不少于200人）",
          "“每增加”自段起点起算；恰为1000、5000人时按后一段（“以上”含本数）。" + UNCHECKED)]),
    "wcongress.joint_manager_share_max": (
        "联合职代会：管理人员（企业主）占代表比例上限", "share", "0", "1",
        "区域性、行业性联合职代会的管理人员（浙江：企业主）代表比例上限；无值时按单个企业的上限。",
        [("31", ALWAYS, "3/10", "", "上海市职工代表大会条例 第三十八条（管理人员不超过30%）", UNCHECKED),
         ("33", ALWAYS, "1/5", "", "浙江省企业民主管理条例（企业主代表不超过20%）", UNCHECKED)]),
    "wcongress.proposal_cosponsors_min": (
        "提案附议人最少人数", "integer", "0", "20",
        "职工代表提出提案，须有该人数以上的职工代表附议（不含提案人本人）。",
        [("", ALWAYS, "2", "", "企业职代会提案工作制度范本（附议人不少于2人；另有范本要求3名正式代表）",
          RECALLED)]),
    "wcongress.disclosure_items": (
        "厂务公开：企业应当公开的事项", "text", None, None,
        "每项：代码:名称，以分号分隔。企业按公开周期逐项公开；未按期公开的列为逾期。",
        [("", ALWAYS, "operations:经营管理情况; hiring:招用职工和劳动合同; rules:集体合同和劳动规章制度; "
          "discipline:奖惩、解除劳动合同和裁员; honours:劳模和优秀职工评选; pay:工资、奖金和劳动保护; "
          "safety:劳动安全卫生和事故处理; insurance:社会保险和企业年金缴费; training:职工教育经费和培训; "
          "disputes:劳动争议及处理结果",
          "", "企业民主管理规定（总工发〔2012〕12号）企业应当向职工公开的事项", RECALLED)]),
    "wcongress.disclosure_every_months": (
        "厂务公开周期（月）", "months", "1", "12", "每个公开周期内，各公开事项至少公开一次；周期末日为公开期限。",
        [("", ALWAYS, "6", "", "厂务公开制度惯例（定期公开，一般每半年至少一次）", RECALLED)]),
    # --- B. honours --------------------------------------------------------------------------
    "honours.publicity_working_days": (
        "评选表彰公示期", "working_days", "1", "30", "表彰前须公示；长度各地不一。",
        [("", ALWAYS, "5", "", "评选表彰公示惯例（一般不少于5个工作日）", RECALLED)]),
    "honours.frontline_share_min": (
        "全国劳模：企业一线职工占企业推荐人选比例（以上）", "share", "0", "1", "",
        [("", "2015-01-01", "57/100", "", "2015年全国劳动模范和先进工作者评选（全总报告）", ""),
         ("36", "2010-01-01", "55/100", "", "江西省2010年劳模评选（一线职工和专业技术人员不低于55%）", "")]),
    "honours.enterprise_head_share_max": (
        "劳模：企业负责人比例上限", "share", "0", "1", "",
        [("", "2015-01-01", "1/5", "", "2015年全国劳动模范和先进工作者评选（全总报告）", ""),
         ("36", "2010-01-01", "22/100", "", "江西省2010年劳模评选", "")]),
    "honours.farmer_worker_share_min": (
        "劳模：农民工占农民推荐人选比例（以上）", "share", "0", "1", "",
        [("", "2015-01-01", "1/4", "", "2015年全国劳动模范和先进工作者评选（全总报告）", ""),
         ("36", "2010-01-01", "1/4", "", "江西省2010年劳模评选（农民不低于25%）", "")]),
    "honours.renomination_years": (
        "劳模不得重复推荐的期间（年）", "years", "0", "10", "",
        [("", ALWAYS, "5", "", "全国劳模每五年评选一次", "")]),
    "honours.studio_grant_fen": (
        "劳模创新工作室资助（分）", "integer", "0", None, "",
        [("", ALWAYS, "5000000", "", "合肥市劳模创新工作室资助（新命名5万元）", "合肥市数额用作默认值。"),
         ("14", ALWAYS, "8000000", "", "山西省劳模创新工作室资助（8万元）", UNCHECKED)]),
    # honours: selection rounds and 劳模 services (issue 16)
    "honours.industrial_worker_share_min": (
        "五一劳动奖章：产业工人占推荐人选比例（以上）", "share", "0", "1", "",
        [("", "2022-01-01", "35/100", "", "全总关于评选全国五一劳动奖章的通知（2022、2024年：产业工人不低于35%）",
          "")]),
    "honours.head_clearance_agencies": (
        "推荐企业负责人须征求意见的部门", "text", None, None,
        "每项：代码:名称，以分号分隔。推荐企业负责人的，终审通过前须逐一记录各部门意见且均无异议。",
        [("", ALWAYS, "market:市场监管（工商）; tax:税务; audit:审计; discipline:纪检监察; hrss:人力资源和社会保障; "
          "safety:应急管理（安监）; env:生态环境（环保）",
          "", "许昌市劳模评选（推荐企业负责人须征求工商、税务、审计、纪检、人社、安监、环保等部门意见）",
          "许昌市做法用作默认值；" + UNCHECKED)]),
    "honours.hardship_line_working_fen": (
        "困难劳模补助：在职劳模困难标准线（分/月）", "integer", "0", None,
        "在职劳模月人均收入低于该标准的，按差额补助（受每月上限限制）。",
        [("42", "2025-02-07", "656600", "", "湖北省省部级困难劳模补助资金管理办法（咸宁市总工会通知转引，2025-02-07）",
          ""),
         ("", "2025-02-07", "656600", "", "湖北省省部级困难劳模补助资金管理办法（2025）", "湖北省标准用作默认值。")]),
    "honours.hardship_line_retired_fen": (
        "困难劳模补助：退休劳模困难标准线（分/月）", "integer", "0", None, "",
        [("42", "2025-02-07", "355200", "", "湖北省省部级困难劳模补助资金管理办法（咸宁市总工会通知转引，2025-02-07）",
          ""),
         ("", "2025-02-07", "355200", "", "湖北省省部级困难劳模补助资金管理办法（2025）", "湖北省标准用作默认值。")]),
    "honours.hardship_line_farmer_fen": (
        "困难劳模补助：农民劳模困难标准线（分/月）", "integer", "0", None,
        "男满60周岁、女满55周岁，无固定收入或丧失劳动能力的农民劳模。",
        [("42", "2025-02-07", "100000", "", "湖北省省部级困难劳模补助资金管理办法（农民劳模不低于1000元/月）", ""),
         ("", "2025-02-07", "100000", "", "湖北省省部级困难劳模补助资金管理办法（2025）", "湖北省标准用作默认值。")]),
    "honours.hardship_cap_month_fen": (
        "困难劳模补助：每人每月上限（分）", "integer", "0", None, "",
        [("42", "2025-02-07", "100000", "", "湖北省省部级困难劳模补助资金管理办法（每人每月最高1000元）", ""),
         ("", "2025-02-07", "100000", "", "湖北省省部级困难劳模补助资金管理办法（2025）", "湖北省标准用作默认值。")]),
    "honours.special_hardship_share": (
        "劳模特殊困难帮扶：自付费用的补助比例", "share", "0", "1",
        "因大病、灾害等自付的费用按该比例帮扶（受每年上限限制）。",
        [("", ALWAYS, "1/2", "", "劳模特殊困难帮扶金（湖北省省部级困难劳模补助资金管理办法设此项，比例由各地确定）；"
          "本系统默认值", RECALLED)]),
    "honours.special_hardship_cap_fen": (
        "劳模特殊困难帮扶：每人每年上限（分）", "integer", "0", None, "",
        [("", ALWAYS, "1000000", "", "劳模特殊困难帮扶金（数额由各地确定）；本系统默认值（1万元）", RECALLED)]),
    # --- B. innovation studios (issue 16, competitions helper) -----------------------------------
    "studios.provincial_grant_fen": (
        "省级劳模创新工作室资助（分）", "integer", "0", None, "省级劳模（工匠）创新工作室每年资助总额上限。",
        [("", ALWAYS, "7000000", "", "陕西省劳模创新工作室资助（每个7万元）", "陕西省数额用作默认值；" + UNCHECKED),
         ("14", ALWAYS, "8000000", "", "山西省劳模创新工作室资助（8万元）", UNCHECKED)]),
    "studios.lead_min_level": (
        "创新工作室领办人最低荣誉级别", "text", None, None,
        "national / provincial / city / county / industry：领办人须持有该级别及以上荣誉（劳模、五一劳动奖章、工匠）。",
        [("", ALWAYS, "city", "", "合肥市劳模创新工作室管理办法（市级以上劳模领办）",
          "合肥市规定用作默认值；" + UNCHECKED)]),
    "studios.projects_per_year_min": (
        "创新工作室每年至少创新项目数", "integer", "0", "20", "年度考核：少于该数的工作室不得评为合格。",
        [("", ALWAYS, "1", "", "合肥市劳模创新工作室管理办法（每年至少1个创新项目）",
          "合肥市规定用作默认值；" + UNCHECKED)]),
    # --- C. rights ---------------------------------------------------------------------------
    "rights.mediation_days": (
        "劳动争议调解期限", "days", "1", "60", "自收到调解申请之日起该期限内未达成调解协议的，当事人可以申请仲裁。",
        [("", LDMA, "15", "", "劳动争议调解仲裁法 第十四条", ""),
         ("33", ALWAYS, "15", "", "浙江省劳动人事争议调解仲裁条例（双方同意可延长）", UNCHECKED)]),
    "rights.arbitration_limit_years": (
        "申请劳动仲裁的时效（年）", "years", "1", "5", "",
        [("", LDMA, "1", "", "劳动争议调解仲裁法 第二十七条", "")]),
    "rights.arbitration_accept_days": (
        "仲裁委决定是否受理的期限", "days", "1", "30", "",
        [("", LDMA, "5", "", "劳动争议调解仲裁法 第二十九条", "")]),
    "rights.arbitration_defence_days": (
        "被申请人提交答辩书的期限", "days", "1", "30", "",
        [("", LDMA, "10", "", "劳动争议调解仲裁法 第三十条", "")]),
    "rights.arbitration_award_days": (
        "仲裁裁决期限", "days", "1", "120", "自受理之日起。",
        [("", LDMA, "45", "", "劳动争议调解仲裁法 第四十三条", "")]),
    "rights.arbitration_simple_award_days": (
        "简易程序仲裁裁决期限", "days", "1", "120", "自受理之日起；只适用于按简易程序处理的案件。",
        [("33", ALWAYS, "30", "", "浙江省劳动人事争议调解仲裁条例（简易程序30日）", UNCHECKED)]),
    "rights.arbitration_extension_days": (
        "仲裁裁决最长延期", "days", "0", "60", "",
        [("", LDMA, "15", "", "劳动争议调解仲裁法 第四十三条", "")]),
    "rights.final_award_wage_months": (
        "一裁终局：不超过当地月最低工资标准的月数", "integer", "1", "60", "",
        [("", LDMA, "12", "", "劳动争议调解仲裁法 第四十七条", "")]),
    "rights.worker_sue_days": (
        "劳动者对终局裁决起诉期限", "days", "1", "60", "",
        [("", LDMA, "15", "", "劳动争议调解仲裁法 第四十八条", "")]),
    "rights.employer_set_aside_days": (
        "用人单位申请撤销终局裁决期限", "days", "1", "90", "",
        [("", LDMA, "30", "", "劳动争议调解仲裁法 第四十九条", "")]),
    "rights.collective_dispute_min": (
        "集体劳动争议的最少人数", "integer", "2", None, "",
        [("", LDMA, "10", "", "劳动争议调解仲裁法 第七条（十人以上）", RECALLED),
         ("33", ALWAYS, "10", "", "浙江省劳动人事争议调解仲裁条例", UNCHECKED)]),
    "rights.legal_aid_decision_working_days": (
        "工会法律援助：作出决定的期限", "working_days", "1", "60", "",
        [("", ALWAYS, "7", "", "工会法律援助办法（总工发〔2008〕52号）", RECALLED)]),
    "rights.legal_aid_income_fen": (
        "工会法律援助：经济困难标准（家庭人均月收入，分）", "integer", "0", None,
        "不属困难职工、劳模或工会干部的申请人，家庭人均月收入不高于该数额的，视为经济困难。",
        [("", ALWAYS, "250000", "", "工会法律援助办法（总工发〔2008〕52号）：对象为经济困难的职工；具体标准由各地确定",
          "数额为本系统默认值（2500元）；" + RECALLED)]),
    "rights.hotline_ordinary_working_days": (
        "12351 一般诉求办结期限", "working_days", "1", "90", "",
        [("", ALWAYS, "5", "", "12351职工服务热线工作规范", RECALLED)]),
    "rights.hotline_difficult_working_days": (
        "12351 难点诉求办结期限", "working_days", "1", "90", "",
        [("", ALWAYS, "15", "", "12351职工服务热线工作规范", RECALLED)]),
    "rights.hotline_complex_working_days": (
        "12351 特别复杂诉求办结期限", "working_days", "1", "180", "",
        [("", ALWAYS, "30", "", "12351职工服务热线工作规范", RECALLED)]),
    "rights.mediation_extension_allowed": (
        "调解期限经双方同意可以延长", "bool", None, None, "法律只规定十五日；浙江规定双方当事人同意的可以延长。",
        [("", LDMA, "false", "", "劳动争议调解仲裁法 第十四条（十五日内未达成协议的可申请仲裁）", ""),
         ("33", ALWAYS, "true", "", "浙江省劳动人事争议调解仲裁条例（双方同意可延长调解期限）", UNCHECKED)]),
    "rights.award_sue_days": (
        "对非终局裁决不服起诉期限", "days", "1", "60", "自收到仲裁裁决书之日起；期满不起诉的，裁决书发生法律效力。",
        [("", LDMA, "15", "", "劳动争议调解仲裁法 第五十条", "")]),
    "rights.minimum_wage_fen": (
        "当地月最低工资标准（分）", "integer", "0", None,
        "一裁终局的金额界限：不超过当地月最低工资标准十二个月金额（第四十七条）。按城市或省录入第一档标准。",
        [("43", ALWAYS, "210000", "", "湖南省人民政府关于调整全省最低工资标准的通知（第一档）", UNCHECKED + RECALLED),
         ("31", "2025-07-01", "274000", "", "上海市人力资源和社会保障局关于调整本市最低工资标准的通知（2025年）",
          RECALLED),
         ("33", ALWAYS, "249000", "", "浙江省人民政府关于调整全省最低工资标准的通知（第一档）", UNCHECKED + RECALLED),
         ("36", ALWAYS, "200000", "", "江西省人民政府关于调整全省最低工资标准的通知（第一档）", UNCHECKED + RECALLED),
         ("14", ALWAYS, "198000", "", "山西省人民政府关于调整全省最低工资标准的通知（第一档）", UNCHECKED + RECALLED)]),
    "rights.referral_report_days": (
        "诉调对接：向法院反馈调解结果的期限", "days", "1", "90", "自法院委派（委托）调解之日起。",
        [("", ALWAYS, "30", "", "人民法院委派委托调解惯例（诉前调解一般30日）；本系统默认值", RECALLED)]),
    "warning.window_days": (
        "劳动关系预警：统计信号的期间（日）", "days", "7", "730", "评分只计该期间内的信号。",
        [("", ALWAYS, "90", "", "本系统默认值（近三个月）", "项目设定，非法规条款。")]),
    "warning.weights": (
        "劳动关系预警：各信号的分值", "text", None, None,
        "每个信号“代码:分值”，以分号分隔；每出现一次计一次分值。代码见预警页的信号来源说明。",
        [("", ALWAYS, "wage_arrears:30; disputes:5; mass_dispute:40; social_insurance_arrears:15; layoff:20; "
          "boss_unreachable:50; contract_lapsed:10; requests:3", "",
          "欠薪预警常见指标（拖欠工资、社保欠费、负责人失联等）；本系统默认值", RECALLED)]),
    "warning.red_score": (
        "劳动关系预警：红色等级分数线（含）", "integer", "1", None, "",
        [("", ALWAYS, "80", "", "本系统默认值", "项目设定，非法规条款。")]),
    "warning.orange_score": (
        "劳动关系预警：橙色等级分数线（含）", "integer", "1", None, "",
        [("", ALWAYS, "50", "", "本系统默认值", "项目设定，非法规条款。")]),
    "warning.yellow_score": (
        "劳动关系预警：黄色等级分数线（含）", "integer", "1", None, "",
        [("", ALWAYS, "20", "", "本系统默认值", "项目设定，非法规条款。")]),
    "warning.preservation_share": (
        "欠薪超过注册资本的该比例时建议申请财产保全", "share", "0", "1",
        "超过（不含本数）该比例的，提示向法院申请财产保全。",
        [("", ALWAYS, "1/2", "", "省级欠薪预警通知（欠薪超过注册资本50%的，申请法院财产保全）",
          "地方文件用作默认值；" + UNCHECKED)]),
    "contracts.negotiators_min": (
        "集体协商每方代表最少人数", "integer", "1", None, "",
        [("", CCR, "3", "", "集体合同规定 第八条", "")]),
    "contracts.negotiators_max": (
        "集体协商每方代表最多人数", "integer", "1", None, "",
        [("", CCR, "10", "", "集体合同规定 第八条", "")]),
    "contracts.negotiator_vacancy_days": (
        "协商代表空缺补足期限", "days", "1", "60", "",
        [("", CCR, "15", "", "集体合同规定 第三十一条", "")]),
    "contracts.answer_days": (
        "对集体协商要求的书面答复期限", "days", "1", "60", "",
        [("", CCR, "20", "", "集体合同规定 第三十二条", ""),
         ("31", ALWAYS, "15", "", "上海市集体合同条例", UNCHECKED),
         ("33", ALWAYS, "10", "working_days", "浙江省集体合同条例（10个工作日）", UNCHECKED)]),
    "contracts.term_years_max": (
        "集体合同期限上限（年）", "years", "1", "5", "",
        [("", CCR, "3", "", "集体合同规定 第三十八条（一般为1至3年）", "")]),
    "contracts.renewal_notice_months": (
        "期满前可提出续订的期间", "months", "0", None, "浙江按日计（90日），故不设上限。",
        [("", CCR, "3", "", "集体合同规定 第三十八条", ""),
         ("33", ALWAYS, "90", "days", "浙江省集体合同条例（期满前90日内）", UNCHECKED)]),
    "contracts.filing_days": (
        "集体合同报送备案期限", "days", "1", "60", "",
        [("", CCR, "10", "", "集体合同规定 第四十二条", "")]),
    "contracts.objection_days": (
        "劳动行政部门审查期限（逾期视为生效）", "days", "1", "60", "",
        [("", CCR, "15", "", "集体合同规定 第四十五条；劳动合同法 第五十四条", "")]),
    "contracts.draft_to_congress": (
        "草案提交职代会讨论的期限", "working_days", "1", "60", "",
        [("33", ALWAYS, "15", "", "浙江省集体合同条例（15个工作日）", UNCHECKED)]),
    "contracts.term_years_min": (
        "集体合同期限下限（年）", "years", "1", "5", "",
        [("", CCR, "1", "", "集体合同规定 第三十八条（一般为1至3年）", "")]),
    "contracts.coverage_min_staff": (
        "集体合同覆盖目标：建会企业的最少职工人数", "integer", "1", None,
        "建会且职工达到该人数（含）以上、没有生效集体合同的企业，列为未覆盖。",
        [("", ALWAYS, "100", "", "全总推进百人以上建会企业普遍签订集体合同的工作目标", RECALLED)]),
    # --- D. funds ----------------------------------------------------------------------------
    "funds.contribution_share": (
        "工会经费拨缴比例（全部职工工资总额）", "share", "0", "1", "",
        [("", TUF, "1/50", "", "工会法 第四十三条（百分之二）", "")]),
    "funds.contribution_due_day": (
        "经费拨缴截止日（每月）", "integer", "1", "31", "",
        [("", ALWAYS, "15", "", "北京市实施《工会法》办法 第五十五条（每月15日前）", "北京市规定用作默认值。"),
         ("31", ALWAYS, "15", "", "上海市工会条例 第四十一条", UNCHECKED)]),
    "funds.dues_share": (
        "会费比例（本人月工资）", "share", "0", "1", "",
        [("", ALWAYS, "1/200", "", "全总会费收缴规定（本人工资收入的0.5%）", "")]),
    "funds.dues_round_down_fen": (
        "会费不足该额的零头不计（分）", "integer", "0", "10000",
        "计算会费时，本人工资收入不足该额的零头不计（先去零头，再乘会费比例）。",
        [("", ALWAYS, "1000", "", "全总会费收缴规定（不足10元的部分不计）", "")]),
    "funds.base_retention_share": (
        "基层工会留成比例", "share", "0", "1", "其余上解上级工会。",
        [("", ALWAYS, "3/5", "", "工会经费分成惯例（基层留成60%）", RECALLED)]),
    "funds.national_share": (
        "全总分成比例", "share", "0", "1", "",
        [("", ALWAYS, "1/20", "", "工会经费分成惯例（全总5%）", RECALLED)]),
    "funds.preparatory_share": (
        "工会筹备金比例", "share", "0", "1", "",
        [("", ALWAYS, "1/50", "", "重庆市工会条例（未建会单位按2%缴纳筹备金）", "重庆市规定用作默认值。")]),
    "funds.small_firm_refund_share": (
        "小微企业工会经费返还比例", "share", "0", "1", "门槛由各省总工会确定。",
        [("", ALWAYS, "1", "", "全总小微企业工会经费全额返还政策", RECALLED)]),
    "funds.split_upper": (
        "工会经费上解分成表（县、市、省各级占经费的比例）", "text", None, None,
        "每笔经费按此表分到县级、市级、省级工会；全总按“全总分成比例”，其余为基层工会留成。"
        "格式如 county=3/20; city=1/10; province=1/10，五级合计须为1。",
        [("", ALWAYS, "county=3/20; city=1/10; province=1/10", "",
          "工会经费分成惯例（基层60%，上解40%：全总5%，省、市、县按省总规定）",
          "未找到各级分成的公开文本；" + RECALLED),
         ("14", ALWAYS, "county=3/20; city=1/10; province=1/10", "", "山西省工会经费分成（本系统默认值）",
          "未找到山西省分成比例的公开文本，暂按全国默认录入；" + RECALLED),
         ("31", ALWAYS, "county=3/20; city=1/10; province=1/10", "", "上海市工会经费分成（本系统默认值）",
          "未找到上海市分成比例的公开文本，暂按全国默认录入（区总工会作县级）；" + RECALLED),
         ("33", ALWAYS, "county=3/20; city=1/10; province=1/10", "", "浙江省工会经费分成（本系统默认值）",
          "未找到浙江省分成比例的公开文本，暂按全国默认录入；" + RECALLED),
         ("36", ALWAYS, "county=3/20; city=1/10; province=1/10", "", "江西省工会经费分成（本系统默认值）",
          "未找到江西省分成比例的公开文本，暂按全国默认录入；" + RECALLED),
         ("43", ALWAYS, "county=3/20; city=1/10; province=1/10", "", "湖南省工会经费分成（本系统默认值）",
          "未找到湖南省分成比例的公开文本，暂按全国默认录入；" + RECALLED)]),
    "funds.late_fee_daily_share": (
        "经费滞纳金（每日，占欠缴额）", "share", "0", "1", "0 表示本地不收滞纳金（仍可申请支付令，工会法第四十四条）。",
        [("", ALWAYS, "0", "", "工会法 第四十四条（未规定滞纳金：逾期不缴的，可申请支付令）", ""),
         ("11", ALWAYS, "1/200", "", "北京市实施《工会法》办法（逾期每日加收欠缴额5‰滞纳金）", UNCHECKED)]),
    "funds.small_firm_staff_max": (
        "小微企业经费返还：职工人数上限（含）", "integer", "0", None, "0 表示不按人数判断。门槛由各省总工会确定。",
        [("", "2020-01-01", "25", "", "全总小额缴费工会组织经费全额返还政策（职工25人及以下）",
          "起始日期与人数均" + RECALLED)]),
    "funds.small_firm_paid_max_fen": (
        "小微企业经费返还：年拨缴额上限（分，含）", "integer", "0", None, "0 表示不按金额判断。门槛由各省总工会确定。",
        [("", "2020-01-01", "1000000", "", "全总小额缴费工会组织经费全额返还政策（年缴1万元及以下，本系统默认值）",
          "起始日期与金额均" + RECALLED)]),
    "funds.small_firm_match": (
        "小微企业经费返还：两项门槛的关系", "text", None, None, "all：人数与金额都在门槛内；any：任一项在门槛内即可。",
        [("", "2020-01-01", "all", "", "本系统默认值（人数与金额同时满足）", "项目设定；以本省文件为准。")]),
    "funds.festival_cap_fen": (
        "节日慰问每人每年上限（分）", "integer", "0", None, "全国无统一上限，由各省规定。",
        [("14", ALWAYS, "150000", "", "山西省基层工会经费收支管理实施细则（节日慰问每人每年1500元）", UNCHECKED),
         ("36", ALWAYS, "150000", "", "江西省基层工会经费收支管理实施办法", RECALLED),
         ("35", ALWAYS, "130000", "", "福建省基层工会经费收支管理实施办法（2018，节日慰问每人每年1300元）", UNCHECKED),
         ("34", ALWAYS, "150000", "", "安徽省基层工会经费收支管理办法（试行，2018，每人每年1500元）", UNCHECKED),
         ("34", "2023-01-01", "200000", "", "安徽省工会经费收支标准（新版页面，每人每年2000元）",
          "页面未注明日期：生效日期2023-01-01为占位，请按安徽省总工会文件核实。"),
         ("23", "2017-01-01", "100000", "", "黑龙江省基层工会经费收支管理实施细则（2017，每人每年1000元）",
          "生效日期按文件年份的1月1日录入，未核对。"),
         ("43", ALWAYS, "150000", "", "本系统默认值（未录入湖南省实施细则的节日慰问标准，取邻省常见的1500元）",
          "项目设定，非法规条款：请按湖南省总工会的实施细则核实后修改。")]),
    "funds.birthday_cap_fen": (
        "生日慰问上限（分）", "integer", "0", None, "",
        [("", ALWAYS, "30000", "", "各省基层工会经费收支管理实施办法（普遍为300元）", RECALLED)]),
    # Spending caps per member (budgets.caps): provincial rules under 全总《基层工会经费收支管理办法》;
    # no national cap (rules/wave2.md D). Values from the provincial pages collected there.
    "funds.wedding_cap_fen": (
        "结婚慰问上限（分）", "integer", "0", None, "每次。",
        [("34", ALWAYS, "60000", "", "安徽省基层工会经费收支管理办法（试行，2018，结婚或生育600元）", UNCHECKED),
         ("34", "2023-01-01", "200000", "", "安徽省工会经费收支标准（新版页面，结婚2000元）",
          "页面未注明日期：生效日期2023-01-01为占位，请按安徽省总工会文件核实。")]),
    "funds.childbirth_cap_fen": (
        "生育慰问上限（分）", "integer", "0", None, "每次。",
        [("35", ALWAYS, "50000", "", "福建省基层工会经费收支管理实施办法（2018，生育500元）", UNCHECKED),
         ("34", ALWAYS, "60000", "", "安徽省基层工会经费收支管理办法（试行，2018，结婚或生育600元）", UNCHECKED),
         ("34", "2023-01-01", "100000", "", "安徽省工会经费收支标准（新版页面，生育1000元）",
          "页面未注明日期：生效日期2023-01-01为占位，请按安徽省总工会文件核实。")]),
    "funds.hospital_cap_fen": (
        "住院慰问上限（分）", "integer", "0", None, "每次住院。",
        [("35", ALWAYS, "50000", "", "福建省基层工会经费收支管理实施办法（2018，住院未手术500元）", UNCHECKED),
         ("34", ALWAYS, "100000", "", "安徽省基层工会经费收支管理办法（试行，2018，住院1000元）", UNCHECKED)]),
    "funds.hospital_surgery_cap_fen": (
        "住院手术慰问上限（分）", "integer", "0", None, "每次住院（做手术的）。",
        [("35", ALWAYS, "100000", "", "福建省基层工会经费收支管理实施办法（2018，住院手术1000元）", UNCHECKED),
         ("34", ALWAYS, "100000", "", "安徽省基层工会经费收支管理办法（试行，2018，住院1000元）", UNCHECKED),
         ("34", "2023-01-01", "200000", "", "安徽省工会经费收支标准（新版页面，手术2000元）",
          "页面未注明日期：生效日期2023-01-01为占位，请按安徽省总工会文件核实。")]),
    "funds.bereavement_cap_fen": (
        "会员去世慰问上限（分）", "integer", "0", None, "",
        [("35", ALWAYS, "200000", "", "福建省基层工会经费收支管理实施办法（2018，会员去世2000元）", UNCHECKED),
         ("34", ALWAYS, "200000", "", "安徽省基层工会经费收支管理办法（试行，2018，会员去世2000元）", UNCHECKED)]),
    "funds.bereavement_relative_cap_fen": (
        "直系亲属去世慰问上限（分）", "integer", "0", None, "每次。",
        [("35", ALWAYS, "100000", "", "福建省基层工会经费收支管理实施办法（2018，直系亲属去世1000元）", UNCHECKED),
         ("34", ALWAYS, "100000", "", "安徽省基层工会经费收支管理办法（试行，2018，直系亲属去世1000元）", UNCHECKED)]),
    "funds.retirement_cap_fen": (
        "退休慰问上限（分）", "integer", "0", None, "每人一次。",
        [("35", ALWAYS, "50000", "", "福建省基层工会经费收支管理实施办法（2018，退休500元）", UNCHECKED),
         ("34", ALWAYS, "100000", "", "安徽省基层工会经费收支管理办法（试行，2018，退休1000元）", UNCHECKED)]),
    "funds.spring_festival_cap_fen": (
        "春节慰问每人上限（分，按节计）", "integer", "0", None, "有此值的地区按节计算节日慰问上限。",
        [("52", ALWAYS, "50000", "", "贵州省基层工会经费收支管理办法（春节每人不超过500元）", UNCHECKED)]),
    "funds.other_festival_cap_fen": (
        "其他法定节日慰问每人上限（分，按节计）", "integer", "0", None, "有此值的地区按节计算节日慰问上限。",
        [("52", ALWAYS, "20000", "", "贵州省基层工会经费收支管理办法（其他法定节日每节不超过200元）", UNCHECKED)]),
    # --- 疗休养, 志愿服务, 一户一产业工人 (issue 16) ------------------------------------------------
    "recuperation.batch_days_max": (
        "疗休养每批次天数上限", "days", "1", "30", "每批疗休养的天数（含首尾两日）不超过该值。",
        [("", ALWAYS, "7", "", "劳模疗休养惯例（湖北、福建均为每批不超过7天）",
          "湖北、福建的数额用作全国默认值；" + RECALLED),
         ("42", ALWAYS, "7", "", "湖北省劳模疗休养工作（每批次不超过7天）", UNCHECKED),
         ("35", ALWAYS, "7", "", "福建省劳模疗休养工作（每批7天）", UNCHECKED)]),
    "recuperation.repeat_years": (
        "疗休养再次参加的间隔（年）", "years", "0", "10",
        "在该年数内参加过疗休养的，不列为本批候选人（优先安排从未参加过的）。",
        [("", ALWAYS, "3", "", "劳模疗休养惯例（优先安排未参加过的一线劳模）", RECALLED)]),
    "recuperation.reply_days": (
        "疗休养名额答复期限（天）", "days", "1", "30", "名额发出后须在该天数内答复，逾期视为放弃，由候补人员递补。",
        [("", ALWAYS, "3", "", "本系统默认值（名额答复期限）", "项目设定，非法规条款。")]),
    "volunteers.star_hours": (
        "志愿者星级对应的服务时长（小时）", "text", None, None,
        "“星级:小时”，以分号分隔：服务时长累计达到该小时数即评定为相应星级。",
        [("", ALWAYS, "1:100; 2:300; 3:600; 4:1000; 5:1500", "",
          "中央文明办《全国志愿者队伍建设发展规划》及《志愿服务记录办法》星级认定（一星100小时至五星1500小时）",
          RECALLED)]),
    "skills.workshop_min_workers": (
        "乡村车间认定的最少用工人数", "integer", "1", None, "吸纳本地农村劳动力达到该人数的，认定为乡村车间。",
        [("", ALWAYS, "10", "", "各地乡村车间（就业帮扶车间）认定办法（一般吸纳10人以上）", RECALLED)]),
}

# 国务院办公厅 放假安排: (date, kind, name)
HOLIDAYS_2025 = "国办发明电〔2024〕12号"
HOLIDAYS_2026 = "国办发明电〔2025〕7号"  # checked against the notice as published on 2025-11-04 (光明网 copy)


def _span(first, last, name):
    d, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    out = []
    while d <= end:
        out.append((d, "holiday", name))
        d += datetime.timedelta(days=1)
    return out


def _work(day, name):
    return [(datetime.date.fromisoformat(day), "working", f"{name}调休上班")]


CALENDAR = [
    *_span("2025-01-01", "2025-01-01", "元旦"),
    *_span("2025-01-28", "2025-02-04", "春节"), *_work("2025-01-26", "春节"), *_work("2025-02-08", "春节"),
    *_span("2025-04-04", "2025-04-06", "清明节"),
    *_span("2025-05-01", "2025-05-05", "劳动节"), *_work("2025-04-27", "劳动节"),
    *_span("2025-05-31", "2025-06-02", "端午节"),
    *_span("2025-10-01", "2025-10-08", "国庆节、中秋节"), *_work("2025-09-28", "国庆节"),
    *_work("2025-10-11", "国庆节"),
    *_span("2026-01-01", "2026-01-03", "元旦"), *_work("2026-01-04", "元旦"),
    *_span("2026-02-15", "2026-02-23", "春节"), *_work("2026-02-14", "春节"), *_work("2026-02-28", "春节"),
    *_span("2026-04-04", "2026-04-06", "清明节"),
    *_span("2026-05-01", "2026-05-05", "劳动节"), *_work("2026-05-09", "劳动节"),
    *_span("2026-06-19", "2026-06-21", "端午节"),
    *_span("2026-09-25", "2026-09-27", "中秋节"),
    *_span("2026-10-01", "2026-10-07", "国庆节"), *_work("2026-09-20", "国庆节"), *_work("2026-10-10", "国庆节"),
]


def load(Rule, RuleValue, CalendarDay):  # noqa: N803 (model classes, from a migration or the app)
    """Add the shipped rules, values and calendar days that are missing. Returns (rules, values, days) added."""
    from decimal import Decimal

    added = [0, 0, 0]
    for name, (label, kind, lo, hi, description, values) in RULES.items():
        rule, created = Rule.objects.get_or_create(name=name, defaults={
            "label": label, "kind": kind, "description": description,
            "min_value": Decimal(lo) if lo is not None else None,
            "max_value": Decimal(hi) if hi is not None else None})
        added[0] += created
        for jurisdiction, valid_from, value, unit, source, note in values:
            _v, created = RuleValue.objects.get_or_create(
                rule=rule, jurisdiction=jurisdiction, valid_from=datetime.date.fromisoformat(valid_from),
                defaults={"value": value, "unit": unit, "source": source, "note": note})
            added[1] += created
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    rows = [CalendarDay(date=d, kind=k, name=n) for d, k, n in CALENDAR if d not in existing]
    CalendarDay.objects.bulk_create(rows)
    added[2] = len(rows)
    return tuple(added)
