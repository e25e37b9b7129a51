"""The assessments API end to end: start, self-assess, submit, review, set a task, close the
review, the showcase list; bad scores refused with a Chinese-ready message and nothing changed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.assessments import services
from gonghui.assessments.models import Assessment

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_api_flow_from_start_to_rectification(city, api):
    clerk, county = api("union"), api("county")
    r = clerk.post("/api/v1/assessments", {"union_id": city.grassroots.pk, "year": YEAR},
                   content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    aid = body["id"]
    assert body["criteria_set"] == "norms" and len(body["items"]) == 6 and body["state"] == "draft"
    for item in body["items"]:
        r = clerk.post(f"/api/v1/assessments/{aid}/items/{item['id']}/self",
                       {"self_score": item["max_score"], "statement": "已落实"}, content_type="application/json")
        assert r.status_code == 200
    over = body["items"][0]
    r = clerk.post(f"/api/v1/assessments/{aid}/items/{over['id']}/self", {"self_score": over["max_score"] + 1},
                   content_type="application/json")
    assert r.status_code == 422 and over["name"] in r.json()["detail"]
    assert clerk.post(f"/api/v1/assessments/{aid}/submit").status_code == 200
    # the clerk cannot review their own union's assessment
    assert clerk.post(f"/api/v1/assessments/{aid}/items/{over['id']}/review", {"score": 1},
                      content_type="application/json").status_code == 403
    for item in body["items"]:
        r = county.post(f"/api/v1/assessments/{aid}/items/{item['id']}/review", {"score": item["max_score"] - 3},
                        content_type="application/json")
        assert r.status_code == 200
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    r = county.post(f"/api/v1/assessments/{aid}/tasks", {"item_id": over["id"], "requirement": "补选举材料",
                                                          "deadline": deadline}, content_type="application/json")
    assert r.status_code == 201 and r.json()["state"] == "open" and r.json()["overdue"] is False
    r = county.post(f"/api/v1/assessments/{aid}/finish", {"outcome": "rectification", "comment": "限期整改"},
                    content_type="application/json")
    assert r.status_code == 200
    detail = county.get(f"/api/v1/assessments/{aid}").json()
    assert detail["outcome"] == "rectification" and detail["review_total"] == 100 - 18
    assert len(detail["tasks"]) == 1
    listed = county.get(f"/api/v1/assessments?year={YEAR}&status=rectification").json()
    assert [row["id"] for row in listed["items"]] == [aid]
    assert county.get(f"/api/v1/assessments?year={YEAR}&status=passed").json()["items"] == []
    assert api("county2").get(f"/api/v1/assessments/{aid}").status_code == 404


def test_api_showcases_lists_only_the_published(city, api):
    s = services.designate_showcase(acting_user=city.users["city"], union=city.grassroots, year=YEAR, level="city")
    assert api("union").get("/api/v1/assessments/showcases").json()["items"] == []
    services.publish_showcases(acting_user=city.users["city"], year=YEAR)
    rows = api("union").get(f"/api/v1/assessments/showcases?year={YEAR}").json()["items"]
    assert [(r["union_id"], r["level"]) for r in rows] == [(s.union_id, "city")]


def test_api_survey_average_beside_the_satisfaction_item(city, api):
    from ..medicalaid.conftest import member

    a = services.start(acting_user=city.users["union"], union=city.grassroots, year=YEAR)
    services.answer_survey(member=member(city), year=YEAR, answers=[4, 4, 4, 4, 4])
    services.answer_survey(member=member(city), year=YEAR, answers=[5, 5, 5, 5, 5])
    items = {i["code"]: i for i in api("county").get(f"/api/v1/assessments/{a.pk}").json()["items"]}
    assert items["N6"]["survey_average"] == 4.5 and items["N6"]["survey_responses"] == 2
    assert items["N1"]["survey_average"] is None
    assert Assessment.objects.count() == 1


def test_api_evidence_upload_checks_type_and_size(city, api, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.assessments.models import Evidence

    from .conftest import PNG, started

    a = started(city)
    item = a.items.first()
    url = f"/api/v1/assessments/{a.pk}/items/{item.pk}/evidence"
    clerk = api("union")
    r = clerk.post(url, {"file": [SimpleUploadedFile("章程.docx", b"PK\x03\x04")]})
    assert r.status_code == 422 and "章程.docx" in r.json()["detail"]
    settings.ATTACHMENT_MAX_MB = 1
    r = clerk.post(url, {"file": [SimpleUploadedFile("大.png", PNG + b"\0" * (1024 * 1024))]})
    assert r.status_code == 422 and "1 MB" in r.json()["detail"]
    assert not Evidence.objects.exists()
    r = clerk.post(url, {"file": [SimpleUploadedFile("照片.png", PNG), SimpleUploadedFile("记录.pdf", b"%PDF-1.7")]})
    assert r.status_code == 201 and [e["content_type"] for e in r.json()] == ["image/png", "application/pdf"]
    assert api("county2").post(url, {"file": [SimpleUploadedFile("照片.png", PNG)]}).status_code == 404
    assert api("auditor").post(url, {"file": [SimpleUploadedFile("照片.png", PNG)]}).status_code == 403
    assert Evidence.objects.count() == 2
