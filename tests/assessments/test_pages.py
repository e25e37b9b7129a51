"""The assessment pages: a clerk self-assesses with evidence and submits, the county reviews,
sets a task and closes the review; refusals by page are audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.assessments.models import Assessment, Evidence, RectificationTask
from gonghui.core.models import AuditEntry

from .conftest import YEAR, png, submitted

pytestmark = pytest.mark.django_db


def test_clerk_self_assesses_and_county_reviews_by_page(city, login, client):
    c = login("union")
    r = c.post("/assessments/new/", {"union": city.grassroots.pk, "year": YEAR})
    assert r.status_code == 302
    a = Assessment.objects.get()
    items = list(a.items.select_related("criterion"))
    for item in items:
        c.post(f"/assessments/{a.pk}/items/{item.pk}/self/", {"self_score": item.criterion.max_score - 1,
                                                             "statement": "已落实"})
    html = c.post(f"/assessments/{a.pk}/items/{items[0].pk}/self/", {"self_score": "99"}, follow=True).content.decode()
    assert items[0].criterion.name in html and 'data-testid="review-score-input"' not in html
    c.post(f"/assessments/{a.pk}/items/{items[0].pk}/evidence/", {"file": png()})
    assert Evidence.objects.filter(item=items[0]).count() == 1
    e = Evidence.objects.get()
    assert c.get(f"/assessments/{a.pk}/evidence/{e.pk}/")["Content-Type"] == "image/png"
    c.post(f"/assessments/{a.pk}/submit/")
    a.refresh_from_db()
    assert a.state == "submitted" and a.self_total == 94
    # the clerk's attempt to review is refused and audited
    assert c.post(f"/assessments/{a.pk}/items/{items[0].pk}/review/", {"reviewer_score": "1"}).status_code == 403
    assert AuditEntry.objects.filter(action="refused", actor=city.users["union"]).exists()

    k = login("county")
    page = k.get(f"/assessments/{a.pk}/").content.decode()
    assert 'data-testid="review-score-input"' in page and 'data-testid="self-score-input"' not in page
    for item in items:
        k.post(f"/assessments/{a.pk}/items/{item.pk}/review/", {"reviewer_score": item.criterion.max_score - 2})
    deadline = (timezone.localdate() + timedelta(days=14)).isoformat()
    k.post(f"/assessments/{a.pk}/tasks/", {"item": items[2].pk, "requirement": "完善台账", "deadline": deadline})
    k.post(f"/assessments/{a.pk}/finish/", {"outcome": "rectification"})
    a.refresh_from_db()
    assert (a.outcome, a.review_total) == ("rectification", 88)
    task = RectificationTask.objects.get()
    assert task.item == items[2] and task.state == "open"


def test_a_past_deadline_is_refused_with_a_message(city, login):
    a = submitted(city)
    k = login("county")
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    html = k.post(f"/assessments/{a.pk}/tasks/", {"item": a.items.first().pk, "requirement": "x",
                                                  "deadline": past}, follow=True).content.decode()
    assert not RectificationTask.objects.exists() and "alert" in html
    html = k.post(f"/assessments/{a.pk}/tasks/", {"item": a.items.first().pk, "requirement": "x",
                                                  "deadline": "明天"}, follow=True).content.decode()
    assert not RectificationTask.objects.exists()


def test_lists_and_showcase_pages(city, login):
    submitted(city)
    k = login("county")
    assert city.grassroots.name in k.get("/assessments/").content.decode()
    assert city.grassroots.name not in login("county2").get("/assessments/").content.decode()
    r = login("city").post("/assessments/showcases/new/", {"union": city.grassroots.pk, "year": YEAR,
                                                             "level": "provincial", "citation": "全省示范点"})
    assert r.status_code == 302
    c = login("city")
    c.post("/assessments/showcases/publish/", {"year": YEAR})
    assert city.grassroots.name in login("union").get("/assessments/showcases/published/").content.decode()
