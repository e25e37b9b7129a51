"""Monthly quiz and reading check-in: scoring, tries, best score and ties, the server's timer,
streaks, participation rates, and the Chinese refusals."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.models import AuditEntry
from gonghui.engagement import queries, rules, services
from gonghui.engagement.models import Attempt, CheckIn

from .conftest import answers, bank, member, plan, quiz

# --- scoring (pure) ----------------------------------------------------------------------------

def test_single_choice_is_right_only_with_exactly_the_right_option():
    assert rules.is_right("single", [1], [1])
    assert rules.is_right("single", [1], "B")
    assert not rules.is_right("single", [1], [0])
    assert not rules.is_right("single", [1], [1, 2])
    assert not rules.is_right("single", [1], [])


def test_multiple_choice_needs_the_whole_set_and_nothing_more():
    assert rules.is_right("multiple", [0, 1, 2], [2, 0, 1])
    assert rules.is_right("multiple", [0, 1, 2], ["A", "B", "C"])
    assert not rules.is_right("multiple", [0, 1, 2], [0, 1])  # one missing
    assert not rules.is_right("multiple", [0, 1, 2], [0, 1, 2, 3])  # one extra
    assert not rules.is_right("multiple", [0, 1, 2], None)


def test_score_counts_right_answers_out_of_100():
    qs = [(1, "single", [0]), (2, "multiple", [1, 2]), (3, "single", [3])]
    result = rules.score(qs, {"1": [0], 2: [1, 2], "3": [2], "99": [0]})
    assert (result.correct, result.total, result.points) == (2, 3, 66)
    assert rules.score(qs, {}).points == 0


# --- streaks (pure) ----------------------------------------------------------------------------

TODAY = date(2026, 11, 22)


def test_streak_examples():
    d = TODAY
    assert rules.streak([], d) == rules.Streak(0, 0, 0)
    assert rules.streak([d], d) == rules.Streak(1, 1, 1)
    # not checked in yet today: yesterday's run is still alive
    assert rules.streak([d - timedelta(1), d - timedelta(2)], d).current == 2
    # two days ago: the run is broken
    assert rules.streak([d - timedelta(2), d - timedelta(3)], d) == rules.Streak(0, 2, 2)
    # a gap in the middle; duplicates and future dates ignored
    days = [d - timedelta(9), d - timedelta(8), d - timedelta(7), d - timedelta(1), d, d, d + timedelta(1)]
    assert rules.streak(days, d) == rules.Streak(2, 3, 5)


def _brute(days, today):
    days = {x for x in days if x <= today}
    longest = 0
    for start in days:
        n = 0
        while start + timedelta(n) in days:
            n += 1
        longest = max(longest, n)
    end = today if today in days else today - timedelta(1)
    current = 0
    while end - timedelta(current) in days:
        current += 1
    return rules.Streak(current, longest, len(days))


@given(st.lists(st.integers(min_value=-60, max_value=3), max_size=40))
def test_streak_agrees_with_counting_day_by_day(offsets):
    days = [TODAY + timedelta(days=o) for o in offsets]
    assert rules.streak(days, TODAY) == _brute(days, TODAY)


# --- quizzes -----------------------------------------------------------------------------------

def test_a_quiz_is_set_from_the_bank_and_audited(city):
    q = quiz(city)
    assert q.lines.count() == 4 and q.month == timezone.localdate().replace(day=1)
    assert q.is_open()
    assert AuditEntry.objects.filter(action="create", object_id=str(q.pk), object_type="engagement.quiz").exists()
    with pytest.raises(ValidationError) as e:
        quiz(city, questions=list(q.questions.all()))
    assert "已有" in str(e.value.message_dict["month"])


def test_a_quiz_drawn_from_the_bank_takes_the_asked_number(city):
    bank(city)
    q = services.create_quiz(acting_user=city.users["publicity"], union=city.county, month=date(2026, 1, 1),
                             count=3, topics=["工会法", "安全生产"])
    assert q.lines.count() == 3
    assert {line.question.topic.name for line in q.lines.all()} <= {"工会法", "安全生产"}
    with pytest.raises(ValidationError) as e:
        services.create_quiz(acting_user=city.users["publicity"], union=city.county, month=date(2026, 2, 1),
                             count=9)
    assert "题库" in str(e.value)


def test_staff_without_the_right_cannot_set_a_quiz(city):
    from django.core.exceptions import PermissionDenied

    questions = bank(city)
    with pytest.raises(PermissionDenied):
        services.create_quiz(acting_user=city.users["union"], union=city.grassroots, month=date(2026, 1, 1),
                             question_ids=[questions[0].pk])


def test_scoring_single_and_multiple_choice_through_an_attempt(city):
    q = quiz(city)
    m = member(city)
    a = services.start_attempt(acting_user=m.user, quiz=q)
    assert a.try_no == 1 and a.deadline == a.started_at + timedelta(seconds=120)
    done = services.submit_attempt(acting_user=m.user, attempt=a, answers=answers(q, wrong=1))
    assert (done.correct, done.total, done.score) == (3, 4, 75)
    assert done.duration_ms is not None
    assert AuditEntry.objects.filter(action="engagement_submit_attempt", object_id=str(a.pk)).exists()


def test_a_multiple_choice_question_with_a_missing_option_scores_nothing(city):
    questions = bank(city)
    multiple = next(x for x in questions if x.kind == "multiple")
    q = quiz(city, questions=[multiple])
    m = member(city)
    a = services.start_attempt(acting_user=m.user, quiz=q)
    done = services.submit_attempt(acting_user=m.user, attempt=a, answers={str(multiple.pk): ["A", "B"]})
    assert done.score == 0


def test_tries_are_counted_and_refused_when_used(city):
    q = quiz(city, tries=2)
    m = member(city)
    for n in (1, 2):
        a = services.start_attempt(acting_user=m.user, quiz=q)
        assert a.try_no == n
        services.submit_attempt(acting_user=m.user, attempt=a, answers=answers(q))
    with pytest.raises(ValidationError) as e:
        services.start_attempt(acting_user=m.user, quiz=q)
    assert "2 次机会已用完" in str(e.value)
    assert Attempt.objects.filter(quiz=q, member=m).count() == 2
    assert queries.tries_left(q, m) == 0


def test_starting_again_during_a_running_try_resumes_it(city):
    q = quiz(city)
    m = member(city)
    a = services.start_attempt(acting_user=m.user, quiz=q)
    assert services.start_attempt(acting_user=m.user, quiz=q).pk == a.pk


def test_the_database_holds_one_attempt_per_try(city):
    q = quiz(city)
    m = member(city)
    a = services.start_attempt(acting_user=m.user, quiz=q)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(quiz=q, member=m, union=m.union, try_no=a.try_no, started_at=a.started_at,
                               deadline=a.deadline)


def test_an_answer_after_the_time_limit_is_refused_and_not_scored(city):
    q = quiz(city, limit=60)
    m = member(city)
    a = services.start_attempt(acting_user=m.user, quiz=q)
    late = a.started_at + timedelta(seconds=60 + services.GRACE_SECONDS + 1)
    with pytest.raises(ValidationError) as e:
        services.submit_attempt(acting_user=m.user, attempt=a, answers=answers(q), now=late)
    assert "时间已到" in str(e.value)
    a.refresh_from_db()
    assert a.score is None and a.submitted_at is None
    # within the grace it still counts
    b = Attempt.objects.get(pk=a.pk)
    ok = services.submit_attempt(acting_user=m.user, attempt=b, answers=answers(q),
                                 now=a.started_at + timedelta(seconds=60 + services.GRACE_SECONDS - 1))
    assert ok.score == 100 and ok.duration_ms == 60_000


def test_a_late_try_stays_used_and_a_new_one_starts(city):
    q = quiz(city, tries=2, limit=60)
    m = member(city)
    a = services.start_attempt(acting_user=m.user, quiz=q, now=timezone.now() - timedelta(minutes=5))
    b = services.start_attempt(acting_user=m.user, quiz=q)
    assert (a.try_no, b.try_no) == (1, 2)


def test_a_submitted_try_cannot_be_submitted_again_nor_by_someone_else(city):
    q = quiz(city)
    m, other = member(city), member(city)
    a = services.start_attempt(acting_user=m.user, quiz=q)
    with pytest.raises(ValidationError):
        services.submit_attempt(acting_user=other.user, attempt=a, answers=answers(q))
    services.submit_attempt(acting_user=m.user, attempt=a, answers=answers(q, wrong=4))
    with pytest.raises(ValidationError) as e:
        services.submit_attempt(acting_user=m.user, attempt=a, answers=answers(q))
    assert "已经交卷" in str(e.value)


def test_a_quiz_not_open_and_a_member_outside_are_refused(city):
    q = quiz(city, union=city.county)
    outsider = member(city, union=city.grassroots2)
    with pytest.raises(ValidationError) as e:
        services.start_attempt(acting_user=outsider.user, quiz=q)
    assert city.county.name in str(e.value)
    m = member(city)
    with pytest.raises(ValidationError) as e:
        services.start_attempt(acting_user=m.user, quiz=q, now=q.closes_at + timedelta(seconds=1))
    assert "未开放" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.start_attempt(acting_user=city.users["publicity"], quiz=q)
    assert "会员" in str(e.value)


def _take(q, m, wrong, seconds):
    a = services.start_attempt(acting_user=m.user, quiz=q)
    return services.submit_attempt(acting_user=m.user, attempt=a, answers=answers(q, wrong=wrong),
                                   now=a.started_at + timedelta(seconds=seconds))


def test_best_score_counts_and_ties_go_to_the_shorter_time(city):
    q = quiz(city, tries=3)
    fast, slow, improver = member(city, name="快手"), member(city, name="慢手"), member(city, name="进步")
    _take(q, fast, wrong=1, seconds=30)
    _take(q, slow, wrong=1, seconds=90)
    _take(q, improver, wrong=3, seconds=10)
    _take(q, improver, wrong=0, seconds=100)
    _take(q, improver, wrong=2, seconds=5)
    board = queries.member_board(q)
    assert [(a.member.name, a.score) for a in board] == [("进步", 100), ("快手", 75), ("慢手", 75)]
    assert queries.my_best(q, improver).duration_ms == 100_000
    assert queries.rank_of(q, slow) == 3
    assert queries.rank_of(q, member(city)) is None


def test_union_board_gives_participation_rates(city):
    q = quiz(city)
    a1, _a2 = member(city), member(city)  # 衡阳县: 1 of 2 take part
    b1, b2 = member(city, union=city.grassroots2), member(city, union=city.grassroots2)  # 衡南县: 2 of 2
    member(city, union=city.industry)  # 物流行业: 0 of 1
    _take(q, a1, wrong=0, seconds=20)
    _take(q, b1, wrong=1, seconds=20)
    _take(q, b2, wrong=3, seconds=20)
    _take(q, b2, wrong=2, seconds=20)  # the best of two tries counts once
    board = {r.union.name: r for r in queries.quiz_union_board(q)}
    assert (board["衡阳县总工会"].participants, board["衡阳县总工会"].members) == (1, 2)
    assert board["衡阳县总工会"].rate == 0.5 and board["衡阳县总工会"].average_score == 100
    hn = board["衡南县总工会"]
    assert (hn.participants, hn.members, hn.percent) == (2, 2, 100)
    assert board["衡南县总工会"].average_score == 62.5  # (75 + 50) / 2
    assert board["衡阳市物流行业工会"].rate == 0
    assert [r.union.name for r in queries.quiz_union_board(q)][0] == "衡南县总工会"
    # one level further down
    inner = queries.quiz_union_board(q, under=city.county)
    assert [(r.union.name, r.participants, r.members) for r in inner] == [(city.township.name, 1, 2)]


# --- reading -----------------------------------------------------------------------------------

def test_check_in_once_a_day_with_a_note_and_audited(city):
    p = plan(city)
    m = member(city)
    book = p.books.get()
    done = services.check_in(acting_user=m.user, plan=p, note="读了第一章，很受触动", book=book)
    assert done.on == timezone.localdate() and done.union == m.union
    assert AuditEntry.objects.filter(action="engagement_check_in", object_id=str(done.pk)).exists()
    with pytest.raises(ValidationError) as e:
        services.check_in(acting_user=m.user, plan=p, note="再来一次")
    assert "今天已经打过卡" in str(e.value)
    assert CheckIn.objects.count() == 1


def test_check_in_refusals(city):
    p = plan(city, days_before=0, days_after=3)
    m = member(city)
    with pytest.raises(ValidationError) as e:
        services.check_in(acting_user=m.user, plan=p, note="   ")
    assert "读书心得" in str(e.value.message_dict["note"][0])
    with pytest.raises(ValidationError) as e:
        services.check_in(acting_user=m.user, plan=p, note="好书", today=p.ends_on + timedelta(days=1))
    assert "不能打卡" in str(e.value)
    other = services.create_book(acting_user=city.users["publicity"], title="《人生》")
    with pytest.raises(ValidationError):
        services.check_in(acting_user=m.user, plan=p, note="好书", book=other)
    assert not CheckIn.objects.exists()
    free = plan(city, note_required=False)
    assert services.check_in(acting_user=m.user, plan=free).note == ""


def test_the_database_holds_one_check_in_a_day(city):
    p = plan(city)
    m = member(city)
    services.check_in(acting_user=m.user, plan=p, note="第一天")
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(plan=p, member=m, union=m.union, on=timezone.localdate())


def test_streak_and_reading_rankings(city):
    p = plan(city, days_before=10)
    today = timezone.localdate()
    a, b = member(city), member(city)
    c = member(city, union=city.grassroots2)
    for days_ago in (0, 1, 2, 5):
        services.check_in(acting_user=a.user, plan=p, note="读书", today=today - timedelta(days=days_ago))
    services.check_in(acting_user=c.user, plan=p, note="读书", today=today - timedelta(days=1))
    streak = queries.streak_of(a, p)
    assert (streak.current, streak.longest, streak.days) == (3, 3, 4)
    assert queries.streak_of(c, p).current == 1 and queries.streak_of(b, p).current == 0
    board = {r.union.name: r for r in queries.plan_union_board(p)}
    hy = board["衡阳县总工会"]
    assert (hy.members, hy.participants, hy.total, hy.rate, hy.per_member) == (2, 1, 4, 0.5, 2.0)
    hn = board["衡南县总工会"]
    assert (hn.members, hn.participants, hn.total, hn.rate, hn.per_member) == (1, 1, 1, 1.0, 1.0)
    assert queries.plan_union_board(p)[0].union.name == "衡南县总工会"
    assert queries.plan_member_board(p)[0]["member_id"] == a.pk


def test_bad_questions_are_refused_in_chinese(city):
    kw = dict(acting_user=city.users["publicity"], union=city.root, topic_name="工会法", text="题目")
    with pytest.raises(ValidationError) as e:
        services.create_question(kind="single", options=["甲"], answer=[0], **kw)
    assert "2 到 8" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.create_question(kind="single", options=["甲", "乙"], answer=[0, 1], **kw)
    assert "只有一个" in str(e.value)
    with pytest.raises(ValidationError):
        services.create_question(kind="multiple", options=["甲", "乙"], answer=[5], **kw)
