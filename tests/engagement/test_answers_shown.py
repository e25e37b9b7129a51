"""What a new member found: the monthly quiz showed every right answer after the first try, so
the second try scored 100. The right answers (and which questions were wrong) are shown only
after the member's last try, or once the quiz is over; on the result page and in the API."""

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import ApiToken
from gonghui.engagement import services
from gonghui.engagement.models import Quiz

from .conftest import answers, member, quiz


def _api(user):
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})


def _try(q, m, wrong):
    a = services.start_attempt(acting_user=m.user, quiz=q)
    return services.submit_attempt(acting_user=m.user, attempt=a, answers=answers(q, wrong=wrong))


def _result_page(m, attempt):
    from django.urls import reverse

    c = Client()
    c.force_login(m.user)
    r = c.get(reverse("engagement:quiz_result", args=[attempt.pk]))
    assert r.status_code == 200
    return r.content.decode()


def _result_api(m, attempt):
    r = _api(m.user).get(f"/api/v1/quizzes/{attempt.quiz_id}/attempts/{attempt.pk}")
    assert r.status_code == 200, r.content
    return r.json()


def test_while_tries_are_left_a_result_shows_the_score_but_not_the_answers(city):
    q = quiz(city, tries=2)
    m = member(city)
    first = _try(q, m, wrong=2)
    html = _result_page(m, first)
    assert 'data-testid="answers-later"' in html and 'data-testid="answer"' not in html
    assert 'data-testid="score">50<' in html
    body = _result_api(m, first)
    assert body["score"] == 50 and body["answers_shown"] is False
    assert all(line["answer"] is None and line["right"] is None for line in body["lines"])

    # The last try is running: the first try's page still hides them (no copying mid-try).
    last = services.start_attempt(acting_user=m.user, quiz=q)
    assert 'data-testid="answer"' not in _result_page(m, first)
    assert _result_api(m, first)["answers_shown"] is False

    # Handed in through the API: the answer to the last try carries the right answers.
    r = _api(m.user).post(f"/api/v1/quizzes/{q.pk}/attempts/{last.pk}/submit",
                          data=json.dumps({"answers": answers(q, wrong=1)}), content_type="application/json")
    assert r.status_code == 200 and r.json()["answers_shown"] is True
    assert [line["right"] for line in r.json()["lines"]] == [False, True, True, True]
    html = _result_page(m, first)
    assert 'data-testid="answers-later"' not in html and html.count('data-testid="answer"') == 4
    assert _result_api(m, first)["lines"][0]["answer"] is not None


def test_the_submit_answer_hides_the_answers_while_tries_are_left(city):
    q = quiz(city, tries=3)
    m = member(city)
    a = services.start_attempt(acting_user=m.user, quiz=q)
    r = _api(m.user).post(f"/api/v1/quizzes/{q.pk}/attempts/{a.pk}/submit",
                          data=json.dumps({"answers": answers(q, wrong=1)}), content_type="application/json")
    assert r.status_code == 200 and r.json()["score"] == 75
    assert r.json()["answers_shown"] is False
    assert {(line["answer"], line["right"], line["explanation"]) for line in r.json()["lines"]} == {(None, None, None)}


def test_once_the_quiz_is_over_the_answers_are_shown_with_tries_left(city):
    q = quiz(city, tries=3)
    m = member(city)
    first = _try(q, m, wrong=1)
    assert _result_api(m, first)["answers_shown"] is False
    now = timezone.now()
    # Closed, but a try started just before closing could still be handed in: still hidden.
    Quiz.objects.filter(pk=q.pk).update(opens_at=now - timedelta(days=5), closes_at=now - timedelta(seconds=30))
    assert _result_api(m, first)["answers_shown"] is False
    Quiz.objects.filter(pk=q.pk).update(closes_at=now - timedelta(seconds=q.time_limit_seconds + 10))
    body = _result_api(m, first)
    assert body["answers_shown"] is True and [line["right"] for line in body["lines"]] == [False, True, True, True]
    assert _result_page(m, first).count('data-testid="answer"') == 4


def test_a_try_still_running_and_another_members_try_are_not_found(city):
    q = quiz(city, tries=2)
    m, other = member(city), member(city)
    running = services.start_attempt(acting_user=m.user, quiz=q)
    assert _api(m.user).get(f"/api/v1/quizzes/{q.pk}/attempts/{running.pk}").status_code == 404
    theirs = _try(q, other, wrong=0)
    assert _api(m.user).get(f"/api/v1/quizzes/{q.pk}/attempts/{theirs.pk}").status_code == 404
