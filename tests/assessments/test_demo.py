"""The assessments demo step: unions in every standing, overdue tasks, seed 003's showcases
scaled, survey answers, and the clerk's union left as a draft to fill in."""


from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assessments import queries
from gonghui.assessments.models import Assessment, RectificationTask, Showcase, SurveyResponse
from gonghui.orgs.models import Union


def test_the_demo_assesses_unions_in_every_standing(demo):
    year = timezone.localdate().year
    outcomes = set(Assessment.objects.values_list("outcome", flat=True))
    states = set(Assessment.objects.values_list("state", flat=True))
    assert {"passed", "rectification"} <= outcomes and {"draft", "reviewed"} <= states
    city = User.objects.get(username="city")
    figures = queries.progress(city, year)
    assert figures["not_started"] > 0 and figures["passed"] > 0 and figures["rectification"] > 0
    assert figures["overdue_tasks"] == RectificationTask.objects.filter(queries.overdue_q()).count() > 0
    for a in Assessment.objects.filter(outcome="rectification"):
        assert a.tasks.exists()
    for a in Assessment.objects.filter(state="reviewed").prefetch_related("items"):
        assert a.review_total == sum(i.reviewer_score for i in a.items.all())
    clerk_union = User.objects.get(username="union").grants.get().union
    draft = Assessment.objects.get(union=clerk_union, year=year)
    assert draft.state == "draft" and not draft.items.exclude(self_score=None).exists()
    assert Showcase.objects.filter(level="provincial").count() == 1  # 22 at size 0.02, at least one
    assert Showcase.objects.filter(level="city").count() == 1
    assert not Showcase.objects.filter(published_at=None).exists()
    assert SurveyResponse.objects.exists()
    assert Union.objects.filter(kind="grassroots").count() > Assessment.objects.count()
