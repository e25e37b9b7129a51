"""The demo step of the monthly quiz and reading check-in, on a small demo city."""


from django.utils import timezone

from gonghui.engagement import queries, rules
from gonghui.engagement.models import Attempt, CheckIn, Question, Quiz, ReadingPlan
from gonghui.members.models import Member


def test_the_demo_has_a_bank_quizzes_and_reading(demo):
    assert Question.objects.count() >= 40
    assert set(Question.objects.values_list("topic__name", flat=True)) >= {"工会法", "安全生产", "劳动合同法"}
    for q in Question.objects.all():
        assert rules.is_right(q.kind, q.answer, q.answer) and all(0 <= i < len(q.options) for i in q.answer)
    this_month = timezone.localdate().replace(day=1)
    quiz = Quiz.objects.get(month=this_month)
    assert quiz.is_open() and quiz.lines.count() == 10
    # the stored scores are those the rules give the stored answers
    keys = [(line.question.pk, line.question.kind, line.question.answer) for line in quiz.lines.all()]
    for a in Attempt.objects.filter(quiz=quiz)[:50]:
        assert rules.score(keys, a.answers).points == a.score
    assert queries.member_board(quiz) and any(r.participants for r in queries.quiz_union_board(quiz))
    member = Member.objects.get(user__username="member")
    assert queries.tries_left(quiz, member) == 2 and queries.my_best(quiz, member) is not None
    plan = ReadingPlan.objects.get(title="职工书屋·线上打卡阅读")
    assert plan.books.exists() and CheckIn.objects.filter(plan=plan).count() > 20
    assert queries.streak_of(member, plan).current >= 20  # every day up to yesterday
    assert not queries.checked_in_today(member, plan)
    assert any(r.participants for r in queries.plan_union_board(plan))
