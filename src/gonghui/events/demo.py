"""Demo events and 你点菜,我买单: events of the city and each county with sign-ups, full
ones with a waitlist, past ones with their check-ins; a dozen course topics with members'
votes; twelve courses made from the top topics whose past sessions served about 1,200
person-times at full size (seed 003: 10 余项课程, 1,200 余人次).

The demo login `member` is signed up for an upcoming event (it shows the QR) and has voted
and booked. Counters (seats taken, votes, seats booked) are written equal to the rows."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from gonghui.core.demo import demo_step
from gonghui.members.models import Member

from .models import Booking, Course, CourseSession, CourseTopic, Event, Registration, TopicVote

# Places are written after the organiser's division: 衡阳市体育中心, 衡阳县图书馆, 珠晖区职工之家.
EVENTS = [("职工健步走", "体育中心"), ("读书分享会", "职工书屋"), ("职工诵读比赛", "工人文化宫剧场"),
          ("劳模进企业宣讲", "工人文化宫报告厅"), ("青年职工联谊会", "职工之家"), ("安全生产知识讲座", "职工服务中心"),
          ("户外劳动者义诊", "户外劳动者爱心驿站"), ("职工篮球赛", "体育中心篮球馆"), ("亲子阅读活动", "图书馆"),
          ("心理健康讲座", "职工服务中心"), ("书法摄影展", "工人文化宫展厅"), ("红色研学", "博物馆")]
# When events and classes start: mornings, afternoons, evenings after work.
EVENT_TIMES = (time(9, 0), time(9, 30), time(14, 30), time(15, 0), time(19, 30))
CLASS_TIMES = (time(9, 30), time(14, 30), time(19, 0), time(19, 30))
TOPICS = ["Excel 数据处理", "短视频拍摄与剪辑", "职场礼仪", "心理健康与减压", "家庭理财入门", "育儿知识",
          "中医养生", "摄影入门", "普通话与演讲", "急救知识（心肺复苏）", "书法入门", "劳动法律常识",
          "电工技能提升", "无人机操作"]
TEACHERS = ["王老师", "李老师", "张老师", "刘老师", "陈老师", "杨老师", "赵老师", "周老师"]
PLACES = ["工人文化宫201教室", "职工服务中心培训室", "职工学校多媒体教室", "市总工会会议室"]
COURSES = 12
PERSON_TIMES = 1250  # seed 003: 1,200 余人次


@demo_step(order=65)
def build(ctx):
    """Events with sign-ups and waitlists; course topics, votes, courses, sessions and bookings."""
    now = timezone.now()
    actor = ctx.users.get("publicity") or next(iter(ctx.users.values()))
    members = list(Member.objects.order_by("pk").values_list("pk", "union_path"))
    login = Member.objects.filter(user__username="member").values_list("pk", flat=True).first()
    organisers = [ctx.root, *[ctx.counties[k] for k in sorted(ctx.counties)]]

    events, regs = _events(ctx, organisers, members, login, actor, now)
    topics, votes = _topics(ctx, members, login, actor, now)
    courses, sessions, bookings, served = _courses(ctx, topics, members, login, actor, now)
    ctx.log(f"{events} events with {regs:,} sign-ups; {len(topics)} topics with {votes:,} votes; "
            f"{courses} courses, {sessions} sessions, {served:,} person-times served")
    return {"events": events, "registrations": regs, "topics": len(topics), "votes": votes, "courses": courses,
            "sessions": sessions, "bookings": bookings, "person_times": served}


def _on(now, days, times, rng):
    """A start `days` from today at one of `times`, Beijing time."""
    day = timezone.localdate(now) + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, rng.choice(times)))


def _under(members, union):
    return [pk for pk, path in members if path.startswith(union.path)]


def _events(ctx, organisers, members, login, actor, now):
    rng = ctx.rng
    made, rows = [], []
    n_events = ctx.scaled(36, minimum=len(organisers) * 2)
    for i in range(n_events):
        union = organisers[i % len(organisers)]
        title, place = EVENTS[i % len(EVENTS)]
        past = i % 3 == 0
        start = _on(now, rng.randint(-60, -2) if past else rng.randint(3, 25), EVENT_TIMES, rng)
        capacity = rng.choice((20, 30, 50, 80, 100, 200))
        # sign-up opens thirty days ahead, so every upcoming event is taking sign-ups already
        made.append(Event(union=union, title=title, place=f"{union.region.name}{place}", capacity=capacity,
                          starts_at=start, ends_at=start + timedelta(hours=rng.choice((2, 3))),
                          signup_opens_at=start - timedelta(days=30), signup_closes_at=start - timedelta(days=1),
                          description=f"{union.name}主办，面向本级及下属工会会员。", created_by=actor,
                          created_at=start - timedelta(days=31)))
    Event.objects.bulk_create(made)
    login_path = dict(members).get(login, "")
    login_done = False
    for i, event in enumerate(made):
        pool = _under(members, event.union)
        # every fourth event draws more than its seats: a full house and a waitlist
        wanted = event.capacity + rng.randint(3, 15) if i % 4 == 1 else rng.randint(event.capacity // 3,
                                                                                     event.capacity)
        chosen = rng.sample(pool, min(len(pool), wanted))
        if (not login_done and login and event.starts_at > now and login_path.startswith(event.union.path)
                and i % 4 != 1):
            chosen = [login, *[p for p in chosen if p != login]][:max(1, len(chosen))]
            login_done = True
        past = event.starts_at < now
        seated, queue = 0, 0
        for k, pk in enumerate(chosen):
            at = min(now, event.signup_opens_at + timedelta(minutes=5 * k + rng.randint(0, 4)))
            if seated < event.capacity:
                seated += 1
                attended = past and rng.random() < 0.85
                rows.append(Registration(event=event, member_id=pk, state="attended" if attended else "registered",
                                         registered_at=at, attended_at=event.starts_at if attended else None,
                                         checked_in_by=actor if attended else None))
            else:
                queue += 1
                rows.append(Registration(event=event, member_id=pk, state="waitlisted", queue_no=queue,
                                         registered_at=at))
        event.seats_taken, event.queue_next = seated, queue + 1
    Event.objects.bulk_update(made, ["seats_taken", "queue_next"])
    Registration.objects.bulk_create(rows, batch_size=5000)
    return len(made), len(rows)


def _topics(ctx, members, login, actor, now):
    rng = ctx.rng
    pks = [pk for pk, _path in members]
    topics = [CourseTopic(union=ctx.root, title=t, created_by=actor,
                          proposed_by_id=rng.choice(pks) if pks and rng.random() < 0.6 else None,
                          created_at=now - timedelta(days=rng.randint(30, 200))) for t in TOPICS]
    CourseTopic.objects.bulk_create(topics)
    rows = []
    for t in topics:
        voters = rng.sample(pks, min(len(pks), ctx.scaled(rng.randint(40, 400), minimum=3)))
        if login and t is topics[0] and login not in voters:
            voters.append(login)
        rows += [TopicVote(topic=t, member_id=pk, voted_at=t.created_at + timedelta(days=rng.randint(0, 20)))
                 for pk in voters]
        t.votes = len(voters)
    CourseTopic.objects.bulk_update(topics, ["votes"])
    TopicVote.objects.bulk_create(rows, batch_size=5000)
    return topics, len(rows)


def _courses(ctx, topics, members, login, actor, now):
    """Courses from the top topics; the first sessions have run (attendance recorded), the last
    of each course is open for booking."""
    rng = ctx.rng
    pks = [pk for pk, _path in members]
    top = sorted(topics, key=lambda t: -t.votes)[:COURSES]
    courses = [Course(union=ctx.root, topic=t, title=t.title, teacher=rng.choice(TEACHERS), created_by=actor,
                      created_at=now - timedelta(days=120)) for t in top]
    Course.objects.bulk_create(courses)
    for t in top:
        t.state = CourseTopic.State.ADOPTED
    CourseTopic.objects.bulk_update(top, ["state"])
    past_per_course = 3
    target = ctx.scaled(PERSON_TIMES, minimum=40)
    per_session = max(1, -(-target // (COURSES * past_per_course)))
    sessions = []
    for c in courses:
        for k in range(past_per_course + 1):
            days = -100 + 30 * k if k < past_per_course else rng.randint(5, 30)
            start = _on(now, days, CLASS_TIMES, rng)
            sessions.append(CourseSession(course=c, starts_at=start, ends_at=start + timedelta(hours=2),
                                          place=rng.choice(PLACES), seats=max(per_session + 5, 30)))
    CourseSession.objects.bulk_create(sessions)
    rows, served = [], 0
    for s in sessions:
        past = s.starts_at < now
        want = min(per_session, target - served) if past else rng.randint(0, s.seats // 2)
        chosen = rng.sample(pks, min(len(pks), max(0, want)))
        if not past and login and s is sessions[past_per_course] and login not in chosen:
            chosen.append(login)
        for pk in chosen:
            rows.append(Booking(session=s, member_id=pk, state="attended" if past else "booked",
                                booked_at=min(s.starts_at - timedelta(days=rng.randint(1, 10)),
                                              now - timedelta(minutes=rng.randint(5, 600))),
                                attended_at=s.starts_at if past else None))
        served += len(chosen) if past else 0
        s.booked = len(chosen)
    CourseSession.objects.bulk_update(sessions, ["booked"])
    Booking.objects.bulk_create(rows, batch_size=5000)
    return len(courses), len(sessions), len(rows), served
