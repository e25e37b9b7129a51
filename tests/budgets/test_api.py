"""The budgets API: the spending entry answers with the cap check; the check alone writes nothing."""

from datetime import date

import pytest

from gonghui.accounts.models import ApiToken
from gonghui.budgets.models import Spending

from .conftest import approved_budget, member

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _client(city, persona):
    from django.test import Client

    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(city.users[persona])}"})


def test_spending_answers_with_the_allowance_and_refuses_over_the_cap(city):
    approved_budget(city)
    m = member(city)
    api = _client(city, "union")
    body = {"union_id": city.grassroots.pk, "category": "activities", "spent_on": TODAY.isoformat(),
            "amount_fen": 100_000, "purpose": "春节慰问品", "member_id": m.pk, "benefit": "festival",
            "festival": "spring"}
    r = api.post("/api/v1/spending", body, content_type="application/json")
    assert r.status_code == 201, r.content
    a = r.json()["allowance"]
    assert (a["cap_fen"], a["used_fen"], a["left_fen"]) == (150_000, 0, 150_000) and "本系统默认值" in a["source"]
    r = api.post("/api/v1/spending/check", {"member_id": m.pk, "benefit": "festival", "festival": "national",
                                            "amount_fen": 60_000, "on_date": TODAY.isoformat()},
                 content_type="application/json")
    assert r.status_code == 200 and r.json()["allowed"] is False and r.json()["allowance"]["left_fen"] == 50_000
    r = api.post("/api/v1/spending", body | {"festival": "national", "amount_fen": 60_000},
                 content_type="application/json")
    assert r.status_code == 422 and "amount" in r.json()["errors"]
    assert Spending.objects.count() == 1
    r = api.get("/api/v1/spending", {"benefit": "festival"})
    assert r.json()["count"] == 1
