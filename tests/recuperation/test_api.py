"""The 疗休养 API: a batch above the cap refused with the rule (422, nothing written), the
allocation with its seed published, a member answering their own offer and not another's."""

import pytest

from gonghui.recuperation.models import Batch, Offer

from .conftest import base, with_candidates

pytestmark = pytest.mark.django_db


def test_a_batch_above_the_cap_is_refused_by_the_api(api, city):
    b = base(city)
    body = {"union_id": city.root.pk, "base_id": b.pk, "name": "八天批次", "starts_on": "2099-05-01",
            "ends_on": "2099-05-08", "capacity": 2, "cost_per_person_fen": 280000, "budget_fen": 560000}
    r = api("city").post("/api/v1/recuperation/batches", body, content_type="application/json")
    assert r.status_code == 422 and "疗休养每批次天数上限" in r.json()["detail"]
    assert not Batch.objects.exists()
    r = api("city").post("/api/v1/recuperation/batches", body | {"ends_on": "2099-05-07"},
                         content_type="application/json")
    assert r.status_code == 201 and r.json()["days"] == 7 and r.json()["seed"] == ""


def test_allocation_and_the_members_answer_through_the_api(api, city):
    from django.test import Client

    from gonghui.accounts.models import ApiToken

    bt, ms = with_candidates(city, ["national", "provincial", "city"], capacity=2)
    r = api("city").post(f"/api/v1/recuperation/batches/{bt.pk}/allocate")
    assert r.status_code == 200 and Batch.hash_seed(r.json()["seed"]) == bt.seed_hash
    phone = Client(headers={"Authorization": f"Bearer {ApiToken.issue(ms[0].user)}"})
    mine = phone.get("/api/v1/recuperation/offers").json()["items"]
    assert [o["member_id"] for o in mine] == [ms[0].pk]
    theirs = Offer.objects.get(batch=bt, member=ms[1])
    assert phone.post(f"/api/v1/recuperation/offers/{theirs.pk}/answer", {"accept": False},
                      content_type="application/json").status_code == 404
    r = phone.post(f"/api/v1/recuperation/offers/{mine[0]['id']}/answer", {"accept": False, "reason": "家中有事"},
                   content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "declined"
    assert Offer.objects.get(batch=bt, member=ms[2]).state == "offered"  # replaced from the waiting list
    figures = api("city").get(f"/api/v1/recuperation/batches/{bt.pk}/figures").json()["figures"]
    assert figures["declined"] == 1 and figures["offered"] == 2
