"""六有六规范: which set applies, scores within range, evidence checks, review by the union above
only, rectification tasks and their overdue flag, the members' survey, progress counts."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.assessments import queries, services
from gonghui.assessments.criteria import ensure_criteria
from gonghui.assessments.models import (
    CriteriaSet,
    Criterion,
    Evidence,
    RectificationTask,
    Showcase,
    SurveyResponse,
)
from gonghui.core.models import AuditEntry

from ..factories import user
from ..medicalaid.conftest import member
from .conftest import PNG, YEAR, png, reviewed, started, submitted

pytestmark = pytest.mark.django_db


# --- criteria and which set applies ----------------------------------------------------------------

def test_the_loader_is_idempotent_and_a_new_year_starts_from_the_last(city):
    assert ensure_criteria(2030) == 12
    assert ensure_criteria(2030) == 0
    Criterion.objects.filter(year=2030, code="H3").update(max_score=30, guidance="改过的")
    assert ensure_criteria(2031) == 12
    h3 = Criterion.objects.get(year=2031, code="H3")
    assert (h3.max_score, h3.guidance) == (30, "改过的")
    names = list(Criterion.objects.filter(year=2031, criteria_set="haves").values_list("name", flat=True))
    assert names[0] == "依法选举的工会主席" and names[-1] == "会员满意的工作绩效"


@pytest.mark.parametrize("founded, expected", [
    (date(2024, 1, 1), CriteriaSet.HAVES),   # two years old
    (date(2021, 6, 2), CriteriaSet.HAVES),   # a day under five years
    (date(2021, 6, 1), CriteriaSet.NORMS),   # five years to the day
    (date(2010, 3, 3), CriteriaSet.NORMS),
    (None, CriteriaSet.NORMS),               # no founding date on record: an established union
])
def test_which_set_applies_follows_the_founding_date(city, founded, expected):
    city.grassroots.founded_on = founded
    assert services.criteria_set_for(city.grassroots, date(2026, 6, 1)) == expected


def test_a_young_union_is_assessed_against_the_six_haves(city):
    type(city.grassroots).objects.filter(pk=city.grassroots.pk).update(founded_on=timezone.localdate()
                                                                       - timedelta(days=400))
    city.grassroots.refresh_from_db()
    a = started(city)
    assert a.criteria_set == "haves"
    assert [i.criterion.code for i in a.items.select_related("criterion")] == ["H1", "H2", "H3", "H4", "H5", "H6"]
    old = started(city, city.grassroots_b)
    assert old.criteria_set == "norms" and old.items.count() == 6


def test_one_assessment_per_union_and_year_and_only_grassroots(city):
    started(city)
    with pytest.raises(ValidationError):
        services.start(acting_user=city.users["union"], union=city.grassroots, year=YEAR)
    with pytest.raises(ValidationError):
        services.start(acting_user=city.users["county"], union=city.township, year=YEAR)
    with pytest.raises(PermissionDenied):  # the clerk of one union starts no other union's
        services.start(acting_user=city.users["union"], union=city.grassroots_b, year=YEAR)


# --- self-assessment and evidence ------------------------------------------------------------------

@pytest.mark.parametrize("score", [-1, 16, "7.5", "", None, "十"])
def test_a_score_outside_the_items_range_is_refused(city, score):
    a = started(city)
    item = a.items.select_related("criterion").get(criterion__code="N1")  # at most 15
    with pytest.raises(ValidationError) as e:
        services.self_assess(a, item, acting_user=city.users["union"], score=score)
    assert "队伍建设规范化" in e.value.messages[0] and "0" in e.value.messages[0] and "15" in e.value.messages[0]
    item.refresh_from_db()
    assert item.self_score is None


def test_self_scores_add_up_and_submit_needs_every_item(city):
    a = started(city)
    first = a.items.select_related("criterion").first()
    services.self_assess(a, first, acting_user=city.users["union"], score=10, statement="按期换届")
    a.refresh_from_db()
    assert a.self_total == 10
    entry = AuditEntry.objects.filter(object_type="assessments.assessment", object_id=str(a.pk)).first()
    assert any(k.startswith("N1 队伍建设规范化") and v == [None, 10] for k, v in entry.changes.items())
    with pytest.raises(ValidationError, match="组织机构规范化"):
        services.submit(a, acting_user=city.users["union"])
    a = submitted(city)
    assert a.state == "submitted" and a.self_total == 14 + 14 + 19 + 14 + 14 + 19
    with pytest.raises(ValidationError):  # no change after submitting
        services.self_assess(a, first, acting_user=city.users["union"], score=1)


def test_evidence_must_be_an_image_or_pdf_within_the_size_limit(city, settings):
    a = started(city)
    item = a.items.first()
    clerk = city.users["union"]
    with pytest.raises(ValidationError) as e:
        services.add_evidence(a, item, acting_user=clerk,
                              uploads=[png(), SimpleUploadedFile("制度.docx", b"PK\x03\x04word")])
    assert "制度.docx" in e.value.messages[0]
    settings.ATTACHMENT_MAX_MB = 1
    with pytest.raises(ValidationError) as e:
        services.add_evidence(a, item, acting_user=clerk,
                              uploads=[SimpleUploadedFile("大图.png", PNG + b"\0" * (1024 * 1024))])
    assert "1 MB" in e.value.messages[0]
    assert Evidence.objects.count() == 0  # the good file of the refused batch was not kept either
    services.add_evidence(a, item, acting_user=clerk, uploads=[png(), SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4")])
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]


def test_evidence_refusal_shows_a_chinese_message_on_the_page(city, login):
    a = started(city)
    item = a.items.first()
    c = login("union")
    r = c.post(f"/assessments/{a.pk}/items/{item.pk}/evidence/",
               {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00")}, follow=True)
    html = r.content.decode()
    assert "x.exe" in html and "PDF" in html
    assert not Evidence.objects.exists()


# --- review by the union above ---------------------------------------------------------------------

def test_only_the_union_above_reviews(city):
    a = submitted(city)
    item = a.items.first()
    # the union's own staff, even with every assessment right on their union, do not review it
    own = user("own-chair", "organisation", city.grassroots)
    for u in (city.users["union"], own, city.users["county2"], city.users["auditor"]):
        with pytest.raises(PermissionDenied):
            services.review_item(a, item, acting_user=u, score=5)
        with pytest.raises(PermissionDenied):
            services.add_task(a, item, acting_user=u, requirement="x", deadline=timezone.localdate())
    # a grant on the township above (the parent) is enough; the county's and the city's too
    above = user("township-org", "organisation", city.township)
    services.review_item(a, item, acting_user=above, score=5)
    services.review_item(a, item, acting_user=city.users["county"], score=6)
    item.refresh_from_db()
    assert item.reviewer_score == 6 and item.reviewed_by == city.users["county"]


def test_a_review_score_outside_the_range_is_refused(city):
    a = submitted(city)
    item = a.items.select_related("criterion").get(criterion__code="N3")  # at most 20
    with pytest.raises(ValidationError, match="履行职能规范化"):
        services.review_item(a, item, acting_user=city.users["county"], score=21)
    item.refresh_from_db()
    assert item.reviewer_score is None


def test_the_review_closes_with_an_outcome_and_the_rules_of_tasks(city):
    a = submitted(city)
    county = city.users["county"]
    with pytest.raises(ValidationError, match="N1|队伍"):  # every item scored first
        services.finish_review(a, acting_user=county, outcome="passed")
    for item in a.items.select_related("criterion"):
        services.review_item(a, item, acting_user=county, score=item.criterion.max_score)
    with pytest.raises(ValidationError):  # rectification needs a task
        services.finish_review(a, acting_user=county, outcome="rectification")
    with pytest.raises(ValidationError):
        services.add_task(a, a.items.first(), acting_user=county, requirement="补记录",
                          deadline=timezone.localdate() - timedelta(days=1))
    task = services.add_task(a, a.items.first(), acting_user=county, requirement="补记录",
                             deadline=timezone.localdate() + timedelta(days=10))
    with pytest.raises(ValidationError):  # passed with an open task
        services.finish_review(a, acting_user=county, outcome="passed")
    services.finish_review(a, acting_user=county, outcome="rectification", comment="限期整改")
    a.refresh_from_db()
    assert (a.state, a.outcome, a.review_total) == ("reviewed", "rectification", 100)
    # the union reports the work done, the county verifies it: the assessment has then passed
    with pytest.raises(PermissionDenied):
        services.verify_task(task, acting_user=city.users["union"])
    services.report_task_done(task, acting_user=city.users["union"], note="已补齐")
    services.verify_task(task, acting_user=county)
    a.refresh_from_db()
    assert a.outcome == "passed"
    assert AuditEntry.objects.filter(object_type="assessments.assessment", object_id=str(a.pk)).count() >= 10


def test_overdue_tasks_are_flagged(city, login):
    a = reviewed(city, outcome="rectification")
    task = a.tasks.get()
    assert not task.overdue
    RectificationTask.objects.filter(pk=task.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    task.refresh_from_db()
    assert task.overdue
    assert list(RectificationTask.objects.filter(queries.overdue_q())) == [task]
    c = login("county")
    assert 'data-testid="overdue"' in c.get("/assessments/tasks/").content.decode()
    assert 'data-testid="overdue"' in c.get(f"/assessments/{a.pk}/").content.decode()
    assert 'data-testid="overdue"' in c.get("/assessments/").content.decode()  # the assessment's row too
    only = c.get("/assessments/tasks/?overdue=true").content.decode()
    assert "补齐会员代表大会记录" in only
    RectificationTask.objects.filter(pk=task.pk).update(state="done")
    task.refresh_from_db()
    assert not task.overdue and not RectificationTask.objects.filter(queries.overdue_q()).exists()
    assert "补齐会员代表大会记录" not in c.get("/assessments/tasks/?overdue=true").content.decode()
    assert 'data-testid="overdue"' not in c.get("/assessments/").content.decode()


# --- the members' survey ---------------------------------------------------------------------------

def _members(city, n, union=None):
    return [member(city, union) for _ in range(n)]


def test_the_survey_average_feeds_the_satisfaction_item(city, login):
    a = submitted(city)
    for m, stars in zip(_members(city, 2), ([5, 5, 4, 4, 5], [3, 4, 4, 3, 3]), strict=True):
        services.answer_survey(member=m, year=YEAR, answers=stars, comment="")
    summary = queries.survey_summary(city.grassroots, YEAR)
    assert summary["responses"] == 2 and summary["average"] == 4.0
    assert summary["per_question"] == [4.0, 4.5, 4.0, 3.5, 4.0]
    n6 = a.items.select_related("criterion").get(criterion__code="N6")
    assert queries.suggested_score(summary, n6.criterion) == 16  # 4.0 of 5 stars × 20 points
    html = login("county").get(f"/assessments/{a.pk}/").content.decode()
    assert 'data-testid="survey"' in html and "4.0" in html
    assert html.count('data-testid="survey"') == 1  # beside the satisfaction item only


def test_a_member_answers_once_a_year(city):
    m = _members(city, 1)[0]
    with pytest.raises(ValidationError, match="3"):
        services.answer_survey(member=m, year=YEAR, answers=[5, 5, 6, 5, 5])
    services.answer_survey(member=m, year=YEAR, answers=[5, 5, 5, 5, 5])
    with pytest.raises(ValidationError):
        services.answer_survey(member=m, year=YEAR, answers=[1, 1, 1, 1, 1])
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds it too
        SurveyResponse.objects.create(union=m.union, member=m, year=YEAR, q1=1, q2=1, q3=1, q4=1, q5=1)
    assert SurveyResponse.objects.get().q1 == 5


def test_a_member_answers_on_the_h5_page(city, client):
    m = _members(city, 1)[0]
    account = user("survey-member", kind="member")
    type(m).objects.filter(pk=m.pk).update(user=account)
    client.force_login(account)
    page = client.get("/assessments/survey/")
    html = page.content.decode()
    assert 'data-testid="survey-form"' in html and "h5.css" in html and len(page.content) < 200_000
    r = client.post("/assessments/survey/", {"q1": 5, "q2": 4, "q3": 4, "q4": 5, "q5": 5, "comment": "好"},
                    follow=True)
    assert 'data-testid="survey-done"' in r.content.decode()
    r = client.post("/assessments/survey/", {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 1})
    assert SurveyResponse.objects.get(member=m).q1 == 5
    assert 'data-testid="my-survey"' in client.get("/").content.decode()


# --- progress and showcases ------------------------------------------------------------------------

def test_progress_counts_per_subtree_and_each_figure_links_to_its_rows(city, login):
    reviewed(city, outcome="passed")                                 # 衡阳县: g1 passed
    reviewed(city, city.grassroots2, outcome="rectification")       # 衡南县: g2 in rectification
    whole = queries.progress(city.users["city"], YEAR)
    assert whole == {"unions": 3, "assessed": 2, "in_progress": 0, "passed": 1, "rectification": 1,
                          "failed": 0, "not_started": 1, "overdue_tasks": 0}
    county = queries.progress(city.users["county"], YEAR)
    assert (county["unions"], county["passed"], county["rectification"], county["not_started"]) == (2, 1, 0, 1)
    c = login("city")
    html = c.get(f"/assessments/progress/?under={city.root.pk}&year={YEAR}").content.decode()
    assert city.county.name in html and city.county2.name in html
    passed = c.get(f"/assessments/?under={city.root.pk}&year={YEAR}&status=passed").content.decode()
    assert city.grassroots.name in passed and city.grassroots2.name not in passed
    rect = c.get(f"/assessments/?under={city.root.pk}&year={YEAR}&status=rectification").content.decode()
    assert city.grassroots2.name in rect and city.grassroots.name not in rect
    waiting = c.get(f"/assessments/not-started/?under={city.root.pk}&year={YEAR}").content.decode()
    assert city.grassroots_b.name in waiting and city.grassroots.name not in waiting
    every = c.get(f"/assessments/not-started/?under={city.root.pk}&year={YEAR}&all=1").content.decode()
    assert all(u.name in every for u in (city.grassroots, city.grassroots_b, city.grassroots2))
    assert city.township.name not in every
    from ..factories import read_xlsx

    sheet = next(iter(read_xlsx(c.get(f"/assessments/progress/?under={city.root.pk}&year={YEAR}&export=xlsx"))
                      .values()))
    assert sheet[1][0] == city.root.name and sheet[1][1:9] == [3, 1, 0, 2, 1, 1, 0, 0]


def test_the_union_above_designates_and_publishes_showcases(city, login):
    with pytest.raises(PermissionDenied):  # the clerk holds no showcase right
        services.designate_showcase(acting_user=city.users["union"], union=city.grassroots, year=YEAR, level="city")
    own = user("own-org", "organisation", city.grassroots)
    for u in (own, city.users["county"]):  # neither the union itself nor its county: the city federation
        with pytest.raises(PermissionDenied):
            services.designate_showcase(acting_user=u, union=city.grassroots, year=YEAR, level="city")
    with pytest.raises(PermissionDenied):
        services.publish_showcases(acting_user=city.users["county"], year=YEAR)
    s = services.designate_showcase(acting_user=city.users["city"], union=city.grassroots, year=YEAR,
                                    level="provincial", citation="全省六有六规范示范点")
    with pytest.raises(ValidationError):
        services.designate_showcase(acting_user=city.users["city"], union=city.grassroots, year=YEAR,
                                    level="provincial")
    c = login("union")
    assert city.grassroots.name not in c.get("/assessments/showcases/published/").content.decode()
    assert services.publish_showcases(acting_user=city.users["city"], year=YEAR) == 1
    s.refresh_from_db()
    assert s.published_at is not None and Showcase.objects.count() == 1
    assert city.grassroots.name in c.get("/assessments/showcases/published/").content.decode()


def test_the_task_list_exports_the_overdue_flag(city, login):
    from ..factories import read_xlsx

    a = reviewed(city, outcome="rectification")
    RectificationTask.objects.filter(assessment=a).update(deadline=timezone.localdate() - timedelta(days=2))
    sheet = next(iter(read_xlsx(login("county").get("/assessments/tasks/?export=xlsx")).values()))
    assert len(sheet) == 2 and sheet[1][1] == city.grassroots.name and sheet[1][-1] == "已逾期"
