"""The disputes API: answers carry every deadline with its rule and source; refusals are 422
in Chinese naming the rule, with nothing changed; the warning answers carry the breakdown."""



import json

import pytest
from django.utils import timezone

from gonghui.disputes.models import Dispute, Watch

from .conftest import dispute, rights_user, to_accepted

pytestmark = pytest.mark.django_db


def _text(r):
    return json.dumps(r.json(), ensure_ascii=False)


def _post(c, url, body):
    return c.post(url, data=body, content_type="application/json")


def test_a_dispute_received_through_the_api_carries_its_deadlines(city, api):
    r = _post(api("rights"), "/api/v1/disputes", {
        "union_id": city.grassroots.pk, "employer_id": city.employer.pk, "worker_name": "赵六", "claim": "wages",
        "amount_fen": 600_000, "event_on": "2026-09-01", "knew_on": "2026-09-01", "employed": False,
        "employment_ended_on": "2026-09-01", "received_on": "2026-09-16"})
    assert r.status_code == 201, r.content
    body = r.json()
    med = next(x for x in body["deadlines"] if x["name"] == "mediation")
    assert med["due_on"] == "2026-10-08" and "劳动争议调解仲裁法 第十四条" in med["rule"]
    bar = next(x for x in body["deadlines"] if x["name"] == "time_bar")
    assert bar["due_on"] == "2027-09-16" and "第二十七条" in bar["rule"]  # from the mediation application
    assert body["may_apply_for_arbitration"] is True


def test_an_award_past_the_period_is_refused_in_chinese_and_nothing_changes(city, api):
    d = to_accepted(city, dispute(city))
    r = _post(api("rights"), f"/api/v1/disputes/{d.pk}/steps", {"step": "award", "on": "2026-09-18",
                                                                 "outcome": "支持"})
    assert r.status_code == 422
    text = _text(r)
    assert "未经批准延期" in text and "第四十三条" in text
    assert Dispute.objects.get(pk=d.pk).state == "accepted"
    late = _post(api("rights"), f"/api/v1/disputes/{d.pk}/steps", {"step": "extend_award", "reason": "复杂"})
    assert late.status_code == 422 and "届满前批准" in _text(late)  # the period ended on 2026-09-17


def test_a_second_extension_is_refused_through_the_api(city, api):
    d = to_accepted(city, dispute(city), accepted=timezone.localdate())
    c = api("rights")
    first = _post(c, f"/api/v1/disputes/{d.pk}/steps", {"step": "extend_award", "reason": "案情复杂"})
    assert first.status_code == 200 and first.json()["award_extended"] is True
    due = first.json()["award_due_on"]
    second = _post(c, f"/api/v1/disputes/{d.pk}/steps", {"step": "extend_award", "reason": "再次延期"})
    assert second.status_code == 422 and "只能延长一次" in _text(second)
    assert Dispute.objects.get(pk=d.pk).award_due_on.isoformat() == due


def test_a_future_dispute_date_is_refused_in_chinese(city, api):
    r = _post(api("rights"), "/api/v1/disputes", {
        "union_id": city.grassroots.pk, "employer_id": city.employer.pk, "worker_name": "赵六", "claim": "wages",
        "event_on": "2099-01-01", "knew_on": "2099-01-01", "received_on": "2099-01-01"})
    assert r.status_code == 422 and "争议发生日期" in _text(r)
    assert not Dispute.objects.exists()


def test_counties_see_their_own_disputes_through_the_api(city, api):
    mine = dispute(city)
    dispute(city, employer_=city.employer2, union=city.grassroots2)
    rights_user(city, "county")
    from django.test import Client

    from gonghui.accounts.models import ApiToken

    c = Client(headers={"Authorization": f"Bearer {ApiToken.issue(city.users['rights_county'])}"})
    ids = [row["id"] for row in c.get("/api/v1/disputes").json()["items"]]
    assert ids == [mine.pk]


def test_the_warning_answer_shows_the_breakdown_and_the_rules(city, api):
    c = api("rights")
    for code in ("boss_unreachable", "wage_arrears"):
        r = _post(c, "/api/v1/warnings/signals", {"union_id": city.grassroots.pk, "employer_id": city.employer.pk,
                                                  "code": code, "on": timezone.localdate().isoformat(),
                                                  "amount_fen": 600_000 if code == "wage_arrears" else 0})
        assert r.status_code == 201, r.content
    w = Watch.objects.get(employer=city.employer)
    w.registered_capital_fen = 1_000_000
    w.save()
    body = c.get(f"/api/v1/warnings/{w.pk}").json()
    assert body["score"] == body["score_now"] == 80 and body["level"] == body["level_now"] == "red"
    assert {r["code"]: r["subtotal"] for r in body["breakdown"]} == {"boss_unreachable": 50, "wage_arrears": 30}
    assert [r["name"] for r in body["rules"]][0] == "warning.weights"
    assert body["ask_for_preservation"] is True and "50%" in body["preservation_rule"]
    listed = c.get("/api/v1/warnings?level=red").json()["items"]
    assert [x["employer_id"] for x in listed] == [city.employer.pk]


def test_the_list_rows_carry_their_deadlines_with_the_rule(city, api):
    to_accepted(city, dispute(city))
    row = api("rights").get("/api/v1/disputes").json()["items"][0]
    by = {x["name"]: x for x in row["deadlines"]}
    assert by["award"]["due_on"] == "2026-09-17" and "第四十三条" in by["award"]["rule"] and by["award"]["open"]
    assert by["accept"]["due_on"] and "第二十九条" in by["accept"]["rule"] and not by["accept"]["open"]
    assert "第二十七条" in by["time_bar"]["rule"]
