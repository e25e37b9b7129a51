# ruff: noqa: E501 - the question bank is a table of Chinese text, one question a row
"""Demo quiz and reading (seed 003: "每月一答、线上打卡阅读、职工诵读成为职工喜欢参与的常态化活动").

The city federation's question bank of some forty questions on 工会法, 安全生产, 劳动法,
劳动合同法, 职业病防治 and 女职工权益; this month's quiz and the two before it with members'
attempts (the demo login `member` has one try used and two left); the 职工书屋 books, an
online reading plan running now with members' daily check-ins, and a 职工诵读 plan.
Rows are written in bulk; scores follow from the answers by the same rules as the services."""

from datetime import timedelta

from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.members.models import Member

from . import rules
from .models import Attempt, Book, CheckIn, Question, Quiz, QuizQuestion, ReadingPlan, Topic
from .services import _aware, month_end, month_start

S, M = "single", "multiple"
# (topic, kind, question, options, right options, explanation)
BANK = [
    ("工会法", S, "《中华人民共和国工会法》规定，工会是中国共产党领导的职工自愿结合的什么组织？",
     ["工人阶级的群众组织", "行政机关", "事业单位", "社会中介组织"], [0], "工会法第二条。"),
    ("工会法", S, "企业、事业单位、社会组织中会员二十五人以上的，应当建立什么？",
     ["基层工会委员会", "工会小组", "职工之家", "工会联合会"], [0], "不足二十五人的，可以单独建立基层工会委员会，也可以联合建立，或选组织员一人。"),
    ("工会法", S, "建立工会组织的单位，应按全部职工工资总额的百分之几向工会拨缴经费？",
     ["百分之一", "百分之二", "百分之五", "千分之五"], [1], "工会法第四十三条：按每月全部职工工资总额的百分之二向工会拨缴经费。"),
    ("工会法", M, "工会经费的来源包括哪些？",
     ["会员缴纳的会费", "建立工会组织的单位按工资总额拨缴的经费", "工会所属企业、事业单位上缴的收入", "人民政府和单位的补助"],
     [0, 1, 2, 3], "工会法第四十三条。"),
    ("工会法", S, "基层工会委员会每届任期为多少年？", ["一至二年", "三年或者五年", "六年", "十年"], [1],
     "工会法第十五条。"),
    ("工会法", M, "工会的基本职责是什么？", ["维护职工合法权益", "竭诚服务职工群众", "代替企业管理生产", "决定职工工资"],
     [0, 1], "工会法第六条。"),
    ("工会法", S, "基层工会专职主席、副主席或者委员自任职之日起，其劳动合同期限自动延长，延长期限相当于什么？",
     ["一年", "其任职期间", "三年", "五年"], [1], "工会法第十九条。"),
    ("工会法", S, "新就业形态劳动者可以依法参加和组织什么？", ["工会", "商会", "行业协会", "合作社"], [0],
     "2021年修正的工会法明确新就业形态劳动者参加和组织工会的权利。"),
    ("安全生产", S, "安全生产工作应当坚持的方针是什么？",
     ["安全第一、预防为主、综合治理", "生产优先、兼顾安全", "先发展后治理", "以罚代管"], [0], "安全生产法第三条。"),
    ("安全生产", S, "从业人员发现直接危及人身安全的紧急情况时，有权怎么做？",
     ["停止作业或者在采取可能的应急措施后撤离作业场所", "继续作业直到下班", "等待领导批准", "只能报告不能撤离"], [0],
     "安全生产法第五十五条。"),
    ("安全生产", M, "生产经营单位的从业人员享有哪些权利？",
     ["了解作业场所的危险因素", "对安全生产工作提出建议", "拒绝违章指挥和强令冒险作业", "拒绝参加安全培训"], [0, 1, 2],
     "安全生产法第五十三、五十四条。"),
    ("安全生产", S, "生产经营单位不得因从业人员拒绝违章指挥而怎样？",
     ["降低其工资、福利等待遇或者解除劳动合同", "给予表扬", "安排培训", "调整岗位"], [0], "安全生产法第五十四条。"),
    ("安全生产", S, "我国的安全生产月一般在每年的几月？", ["三月", "六月", "九月", "十二月"], [1], "每年六月为全国安全生产月。"),
    ("安全生产", S, "火灾报警电话是多少？", ["110", "119", "120", "122"], [1], ""),
    ("安全生产", M, "使用灭火器扑救初起火灾，正确的做法有哪些？",
     ["拔掉保险销", "站在上风方向", "对准火焰根部喷射", "对准火焰顶部喷射"], [0, 1, 2], "对准火焰根部才能有效灭火。"),
    ("安全生产", S, "工会对生产经营单位违反安全生产法律法规、侵犯从业人员合法权益的行为，有权怎么做？",
     ["要求纠正", "直接处罚", "查封设备", "吊销执照"], [0], "安全生产法第六十条。"),
    ("劳动法", S, "国家实行劳动者每日工作时间不超过几小时的工时制度？", ["六小时", "八小时", "十小时", "十二小时"], [1],
     "《国务院关于职工工作时间的规定》：每日工作八小时、每周工作四十小时。"),
    ("劳动法", S, "法定休假日安排劳动者工作的，支付不低于工资的百分之多少的工资报酬？",
     ["百分之一百五十", "百分之二百", "百分之三百", "百分之一百"], [2], "劳动法第四十四条。"),
    ("劳动法", S, "休息日安排劳动者工作又不能安排补休的，支付不低于工资的百分之多少？",
     ["百分之一百五十", "百分之二百", "百分之三百", "百分之二百五十"], [1], "劳动法第四十四条。"),
    ("劳动法", S, "禁止用人单位招用未满多少周岁的未成年人？", ["十四周岁", "十六周岁", "十八周岁", "二十周岁"], [1],
     "劳动法第十五条。"),
    ("劳动法", M, "劳动者享有哪些权利？",
     ["平等就业和选择职业的权利", "取得劳动报酬的权利", "休息休假的权利", "获得劳动安全卫生保护的权利"], [0, 1, 2, 3],
     "劳动法第三条。"),
    ("劳动法", S, "劳动争议发生后，当事人申请劳动仲裁的时效期间为多久？", ["六个月", "一年", "两年", "三年"], [1],
     "劳动争议调解仲裁法第二十七条。"),
    ("劳动法", S, "工资应当以什么形式按月支付给劳动者本人？", ["货币", "实物", "购物卡", "有价证券"], [0],
     "劳动法第五十条。"),
    ("劳动合同法", S, "建立劳动关系，应当订立什么形式的劳动合同？", ["口头", "书面", "电子邮件", "短信"], [1],
     "劳动合同法第十条。"),
    ("劳动合同法", S, "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当每月支付几倍工资？",
     ["一倍", "二倍", "三倍", "不需支付"], [1], "劳动合同法第八十二条。"),
    ("劳动合同法", S, "劳动合同期限三个月以上不满一年的，试用期不得超过多久？", ["一个月", "二个月", "三个月", "六个月"], [0],
     "劳动合同法第十九条。"),
    ("劳动合同法", S, "同一用人单位与同一劳动者可以约定几次试用期？", ["一次", "两次", "三次", "不限"], [0],
     "劳动合同法第十九条。"),
    ("劳动合同法", S, "劳动者提前多少日以书面形式通知用人单位，可以解除劳动合同？", ["三日", "十五日", "三十日", "六十日"], [2],
     "劳动合同法第三十七条；试用期内提前三日。"),
    ("劳动合同法", M, "有下列哪些情形，劳动者提出或者同意续订的，应当订立无固定期限劳动合同？",
     ["在该用人单位连续工作满十年", "连续订立二次固定期限劳动合同且无法定情形", "入职满一年", "试用期满"], [0, 1],
     "劳动合同法第十四条。"),
    ("劳动合同法", S, "经济补偿按劳动者在本单位工作的年限，每满一年支付几个月工资？", ["半个月", "一个月", "两个月", "三个月"], [1],
     "劳动合同法第四十七条；六个月以上不满一年的按一年计算。"),
    ("劳动合同法", S, "用人单位招用劳动者，能否扣押劳动者的居民身份证？", ["可以", "不得扣押", "经同意可以", "试用期可以"], [1],
     "劳动合同法第九条。"),
    ("劳动合同法", M, "劳动合同应当具备哪些条款？", ["劳动合同期限", "工作内容和工作地点", "劳动报酬", "社会保险"],
     [0, 1, 2, 3], "劳动合同法第十七条。"),
    ("职业病防治", S, "用人单位应当为劳动者建立什么档案，并按规定期限妥善保存？",
     ["职业健康监护档案", "人事档案", "考勤档案", "奖惩档案"], [0], "职业病防治法第三十六条。"),
    ("职业病防治", S, "对从事接触职业病危害作业的劳动者，用人单位应组织上岗前、在岗期间和什么时候的职业健康检查？",
     ["离岗时", "节假日", "年终", "入职一年后"], [0], "职业病防治法第三十五条。"),
    ("职业病防治", M, "常见的职业病危害因素有哪些？", ["粉尘", "噪声", "高温", "化学毒物"], [0, 1, 2, 3], ""),
    ("女职工权益", S, "女职工生育享受多少天产假（国家规定的基本产假）？", ["九十天", "九十八天", "一百二十天", "一百五十八天"], [1],
     "《女职工劳动保护特别规定》第七条；各省另有延长。"),
    ("女职工权益", S, "对哺乳未满一周岁婴儿的女职工，用人单位不得延长劳动时间或者安排什么？",
     ["夜班劳动", "培训", "休假", "体检"], [0], "《女职工劳动保护特别规定》第九条。"),
    ("女职工权益", S, "用人单位不得因女职工怀孕、生育、哺乳而怎样？",
     ["降低其工资、予以辞退、与其解除劳动或者聘用合同", "安排体检", "调整休息时间", "发放慰问品"], [0],
     "《女职工劳动保护特别规定》第五条。"),
    ("女职工权益", M, "工会开展的“两癌”筛查指的是哪两种癌症？", ["宫颈癌", "乳腺癌", "肺癌", "胃癌"], [0, 1], ""),
    ("工会法", S, "职工因用人单位侵犯其劳动权益而申请劳动争议仲裁或者向人民法院起诉的，工会应当怎么做？",
     ["给予支持和帮助", "保持中立", "代为赔偿", "不予过问"], [0], "工会法第二十二条。"),
]

BOOKS = [("平凡的世界", "路遥", "文学"), ("人生", "路遥", "文学"), ("钢铁是怎样炼成的", "奥斯特洛夫斯基", "文学"),
         ("大国工匠", "中央电视台新闻中心", "人物"), ("红岩", "罗广斌、杨益言", "文学"), ("乡土中国", "费孝通", "社会"),
         ("活着", "余华", "文学"), ("围城", "钱钟书", "文学"), ("创业史", "柳青", "文学"),
         ("劳动合同法一本通", "法律出版社", "法律"), ("安全生产知识读本", "应急管理出版社", "安全"),
         ("唐诗三百首", "蘅塘退士", "诵读"), ("宋词三百首", "上彊村民", "诵读"), ("可爱的中国", "方志敏", "诵读")]

NOTES = ["读完一章，孙少平在工地上的坚持让我很感动。", "今天读了二十页，记下了几个好句子。", "午休时读了半小时，很充实。",
         "书里讲的劳动合同条款，正好用得上。", "和班组同事一起读，讨论得很热烈。", "晚上下班后读书，是一天最安静的时刻。",
         "这一章写得真好，准备推荐给家人。", "读到大国工匠的故事，更加热爱自己的岗位。", "诵读了一首《将进酒》，录了音。",
         "书里的安全常识，明天班前会上分享。", "坚持打卡第几天了，读书成了习惯。", "今天只读了几页，但很有收获。"]

QUIZ_QUESTIONS = 10
ATTEMPTS = 3000  # members answering this month's quiz in the full city
READERS = 1500  # members checking in to the reading plan
BATCH = 5000


def _questions(ctx, actor):
    topics = {}
    for i, name in enumerate(dict.fromkeys(t for t, *_r in BANK), start=1):
        topics[name] = Topic.objects.get_or_create(name=name, defaults={"sort": i})[0]
    now = timezone.now()
    return Question.objects.bulk_create([
        Question(union=ctx.root, topic=topics[t], kind=k, text=text, options=o, answer=a, explanation=x,
                 created_by=actor, created_at=now) for t, k, text, o, a, x in BANK])


def _quiz(ctx, month, questions, actor, title):
    rng = ctx.rng
    chosen = rng.sample(questions, QUIZ_QUESTIONS)
    quiz = Quiz.objects.create(union=ctx.root, month=month, title=title, time_limit_seconds=300, tries_allowed=3,
                               opens_at=_aware(month), closes_at=_aware(month_end(month) + timedelta(days=1)),
                               created_by=actor)
    QuizQuestion.objects.bulk_create([QuizQuestion(quiz=quiz, question=q, position=i)
                                      for i, q in enumerate(chosen, start=1)])
    return quiz, chosen


def _attempts(ctx, quiz, chosen, people, logins):
    """Tries of `people` (pk, union_id) at `quiz`, between its opening and now."""
    rng = ctx.rng
    now = timezone.now()
    end = min(now, quiz.closes_at)
    span = max(60, int((end - quiz.opens_at).total_seconds()) - 400)
    keys = [(q.pk, q.kind, q.answer) for q in chosen]
    out = []
    for pk, union_id in people:
        skill = rng.uniform(0.45, 0.98)
        tries = 1 if pk == logins.get("member") else rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
        for n in range(1, tries + 1):
            started = quiz.opens_at + timedelta(seconds=rng.randrange(span))
            given = {}
            for qid, _kind, answer in keys:
                right = rng.random() < skill
                wrong = [(answer[0] + 1) % 4]
                given[str(qid)] = list(answer) if right else wrong
            result = rules.score(keys, given)
            ms = rng.randint(35_000, 290_000)
            out.append(Attempt(quiz=quiz, member_id=pk, union_id=union_id, try_no=n, started_at=started,
                               deadline=started + timedelta(seconds=quiz.time_limit_seconds),
                               submitted_at=started + timedelta(milliseconds=ms), duration_ms=ms, answers=given,
                               correct=result.correct, total=result.total, score=result.points))
    Attempt.objects.bulk_create(out, batch_size=BATCH)
    return len(out)


def _checkins(ctx, plan, readers, logins, books, p_read=0.75):
    """Daily check-ins from the plan's start to today: each reader starts on some day and reads
    on most days after it, so streaks of every length show."""
    rng, today = ctx.rng, timezone.localdate()
    days = (min(today, plan.ends_on) - plan.starts_on).days + 1
    out = []
    for pk, union_id in readers:
        is_login = pk == logins.get("member")
        first = 0 if is_login else rng.randrange(days)
        keen = rng.uniform(0.5, 0.97) if not is_login else 1.0
        for d in range(first, days):
            on = plan.starts_on + timedelta(days=d)
            if is_login and on == today:
                continue  # the demo login checks in today by hand, and sees the streak grow
            if is_login or rng.random() < keen * p_read / 0.75:
                out.append(CheckIn(plan=plan, member_id=pk, union_id=union_id, on=on, note=rng.choice(NOTES),
                                   book_id=rng.choice(books).pk if books else None))
    CheckIn.objects.bulk_create(out, batch_size=BATCH)
    return len(out)


@demo_step(order=70)
def build(ctx):
    """Monthly quiz and reading check-in: the question bank, three months of quizzes with attempts, reading plans."""
    rng = ctx.rng
    actor = ctx.users.get("publicity") or next(iter(ctx.users.values()))
    questions = _questions(ctx, actor)
    logins = dict(Member.objects.filter(user__username__in=("member", "member2", "member3"))
                  .values_list("user__username", "pk"))
    people = list(Member.objects.in_good_standing().order_by("pk").values_list("pk", "union_id"))
    login_rows = [p for p in people if p[0] in logins.values()]
    this_month = month_start(timezone.localdate())
    attempts = 0
    quizzes = []
    for back in (2, 1, 0):
        month = this_month
        for _ in range(back):
            month = month_start(month - timedelta(days=1))
        quiz, chosen = _quiz(ctx, month, questions, actor, f"{month:%Y年%m月} 每月一答")
        size = ctx.scaled(ATTEMPTS if back == 0 else ATTEMPTS * 2, minimum=20)
        taking = rng.sample(people, min(len(people), size))
        if back == 0:
            taking = [p for p in taking if p[0] != logins.get("member3")]
            taking += [p for p in login_rows if p[0] == logins.get("member") and p not in taking]
        attempts += _attempts(ctx, quiz, chosen, taking, logins)
        quizzes.append(quiz)
    ctx.log(f"{len(questions)} quiz questions, {len(quizzes)} monthly quizzes, {attempts:,} attempts")

    books = Book.objects.bulk_create([Book(title=t, author=a, category=c) for t, a, c in BOOKS])
    today = timezone.localdate()
    reading = ReadingPlan.objects.create(
        union=ctx.root, title="职工书屋·线上打卡阅读", starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=40), note_required=True, created_by=actor,
        description="每天读一点，写下一句心得；连续打卡，看哪个工会读得多。")
    reading.books.set([b for b in books if b.category not in ("诵读",)])
    recital = ReadingPlan.objects.create(
        union=ctx.root, title="职工诵读·经典诵读月", starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=25), note_required=False, created_by=actor,
        description="诵读经典诗文，可写下诵读篇目。")
    recital.books.set([b for b in books if b.category == "诵读"])
    readers = rng.sample(people, min(len(people), ctx.scaled(READERS, minimum=20)))
    readers = [p for p in readers if p[0] not in logins.values()] + [p for p in login_rows
                                                                        if p[0] == logins.get("member")]
    checkins = _checkins(ctx, reading, readers, logins, list(reading.books.all()))
    reciters = rng.sample(people, min(len(people), ctx.scaled(READERS // 3, minimum=10)))
    reciters = [p for p in reciters if p[0] not in logins.values()]
    checkins += _checkins(ctx, recital, reciters, logins, list(recital.books.all()), p_read=0.5)
    ctx.log(f"{len(books)} books, 2 reading plans, {checkins:,} check-ins")
    return {"questions": len(questions), "quizzes": len(quizzes), "attempts": attempts, "books": len(books),
            "plans": 2, "checkins": checkins}
