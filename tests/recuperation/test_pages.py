"""The 疗休养 pages: lists with filters and export, the batch page naming its rules and sources
with figures that link to their rows, the forms refusing bad input in Chinese with nothing
written, and the member's phone pages (accept, and a late answer refused)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.recuperation import services
from gonghui.recuperation.models import Batch, Offer

from ..factories import read_xlsx
from .conftest import base, batch, member, with_candidates

pytestmark = pytest.mark.django_db


def test_a_batch_longer_than_the_cap_is_refused_on_the_form_and_nothing_is_written(login, city):
    b = base(city)
    c = login("county")
    r = c.post("/recuperation/new/", {"union": city.county.pk, "name": "八天批次", "base": b.pk,
                                       "starts_on": "2099-05-01", "ends_on": "2099-05-08", "capacity": 2,
                                       "cost_per_person_fen": "2800", "budget_fen": "5600", "honour_required": "on"})
    assert r.status_code == 200
    page = r.content.decode()
    assert "本批次为8天" in page and "疗休养每批次天数上限" in page
    assert not Batch.objects.exists()
    r = c.post("/recuperation/new/", {"union": city.county.pk, "name": "七天批次", "base": b.pk,
                                       "starts_on": "2099-05-01", "ends_on": "2099-05-07", "capacity": 2,
                                       "cost_per_person_fen": "2800", "budget_fen": "5600", "honour_required": "on"})
    assert r.status_code == 302 and Batch.objects.get().days == 7


def test_the_batch_page_names_its_rules_and_its_figures_link_to_the_rows(login, city):
    bt, ms = with_candidates(city, ["national", "city", "county"], capacity=2)
    services.allocate(bt, acting_user=city.users["city"])
    c = login("city")
    page = c.get(f"/recuperation/{bt.pk}/").content.decode()
    assert bt.seed_hash in page and Batch.objects.get(pk=bt.pk).seed in page  # published after allocation
    assert "劳模疗休养惯例" in page  # the source of the cap and of the years
    assert f"/recuperation/offers/?batch={bt.pk}&amp;state=waiting" in page
    listed = c.get(f"/recuperation/offers/?batch={bt.pk}&state=waiting").content.decode()
    table = listed.split('data-testid="offer-table"')[1]
    assert ms[2].name in table and ms[0].name not in table


def test_an_unknown_or_ineligible_number_on_the_candidates_form_adds_nobody(login, city):
    bt = batch(city)
    good, plain = member(city, level="city"), member(city)
    r = login("city").post(f"/recuperation/{bt.pk}/candidates/", {"numbers": f"{good.number}\n{plain.number}"})
    assert r.status_code == 200
    assert plain.number in r.content.decode() and "荣誉库中没有其荣誉记录" in r.content.decode()
    assert not Offer.objects.exists()
    r = login("city").post(f"/recuperation/{bt.pk}/candidates/", {"numbers": f"{good.number}\nNO-SUCH"})
    assert "NO-SUCH" in r.content.decode() and not Offer.objects.exists()


def test_the_lists_filter_and_export(login, city):
    b = base(city, partner=True)
    batch(city, b=b, name="成都批次")
    batch(city, name="南岳批次")
    c = login("city")
    page = c.get("/recuperation/bases/?is_partner=true").content.decode()
    assert "成都市职工疗休养基地" in page and "南岳职工疗休养基地" not in page.split('data-testid="base-table"')[1]
    page = c.get(f"/recuperation/?base={b.pk}").content.decode()
    table = page.split('data-testid="batch-table"')[1]
    assert "成都批次" in table and "南岳批次" not in table
    rows = next(iter(read_xlsx(c.get("/recuperation/?export=xlsx")).values()))
    assert any("成都批次" in str(row) for row in rows)


def test_the_member_accepts_on_the_phone_and_a_late_answer_is_refused(client, city):
    bt, ms = with_candidates(city, ["national", "city"], capacity=2)
    services.allocate(bt, acting_user=city.users["city"])
    first, second = (Offer.objects.get(batch=bt, member=m) for m in ms)
    client.force_login(ms[0].user)
    assert bt.name in client.get("/recuperation/my/").content.decode()
    r = client.post(f"/recuperation/my/{first.pk}/", {"answer": "accept"})
    assert r.status_code == 302 and Offer.objects.get(pk=first.pk).state == "accepted"
    Offer.objects.filter(pk=second.pk).update(respond_by=timezone.now() - timedelta(minutes=1))
    client.force_login(ms[1].user)
    r = client.post(f"/recuperation/my/{second.pk}/", {"answer": "accept"})
    assert r.status_code == 200 and "答复期限已于" in r.content.decode()
    assert Offer.objects.get(pk=second.pk).state == "offered"
    assert client.get(f"/recuperation/my/{first.pk}/").status_code == 404  # not theirs
