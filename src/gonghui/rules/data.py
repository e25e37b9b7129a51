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
        [("", LDMA, "45", "", "劳动争议调解仲裁法 第四十三条", ""),
         ("33", ALWAYS, "30", "", "浙江省劳动人事争议调解仲裁条例（简易程序30日）",
          "仅适用于简易程序；" + UNCHECKED)]),
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
    "rights.hotline_ordinary_working_days": (
        "12351 一般诉求办结期限", "working_days", "1", "90", "",
        [("", ALWAYS, "5", "", "12351职工服务热线工作规范", RECALLED)]),
    "rights.hotline_difficult_working_days": (
        "12351 难点诉求办结期限", "working_days", "1", "90", "",
        [("", ALWAYS, "15", "", "12351职工服务热线工作规范", RECALLED)]),
    "rights.hotline_complex_working_days": (
        "12351 特别复杂诉求办结期限", "working_days", "1", "180", "",
        [("", ALWAYS, "30", "", "12351职工服务热线工作规范", RECALLED)]),
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
        "会费不足该额的零头不计（分）", "integer", "0", "10000", "",
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
    "funds.festival_cap_fen": (
        "节日慰问每人每年上限（分）", "integer", "0", None, "全国无统一上限，由各省规定。",
        [("14", ALWAYS, "150000", "", "山西省基层工会经费收支管理实施细则（节日慰问每人每年1500元）", UNCHECKED),
         ("36", ALWAYS, "150000", "", "江西省基层工会经费收支管理实施办法", RECALLED)]),
    "funds.birthday_cap_fen": (
        "生日慰问上限（分）", "integer", "0", None, "",
        [("", ALWAYS, "30000", "", "各省基层工会经费收支管理实施办法（普遍为300元）", RECALLED)]),
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
