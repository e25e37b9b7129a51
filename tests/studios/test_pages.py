"""Studio pages: funding above the grade's amount is named on the form and nothing is granted;
the mentorship is completed on its page; the lists export."""

from gonghui.studios.models import Funding, Mentorship

from ..factories import read_xlsx
from .test_matrix import _mentorship, _studio


def test_funding_above_the_amount_is_refused_on_the_page(city, login):
    s = _studio(city)
    r = login("city").post(f"/studios/{s.pk}/funding/", {"year": 2026, "amount": "50000.01", "purpose": "设备"})
    assert r.status_code == 200
    assert "超过市级工作室的资助额 50,000.00 元" in r.content.decode()
    assert not Funding.objects.exists()
    r = login("city").post(f"/studios/{s.pk}/funding/", {"year": 2026, "amount": "50000", "purpose": "设备"})
    assert r.status_code == 302 and Funding.objects.get().amount_fen == 5_000_000


def test_the_clerk_completes_a_mentorship_on_its_page(city, login):
    ms = _mentorship(city)
    r = login("union").post(f"/studios/mentorships/{ms.pk}/", {"result_grade": "2"})
    assert r.status_code == 302
    assert Mentorship.objects.get(pk=ms.pk).result_grade == "2"


def test_the_studio_list_exports(city, login):
    s = _studio(city)
    rows = next(iter(read_xlsx(login("county").get("/studios/?export=xlsx")).values()))
    assert any(s.name == str(r[0]) for r in rows)
    assert login("county2").get("/studios/?export=xlsx").status_code == 200
    rows = next(iter(read_xlsx(login("county2").get("/studios/?export=xlsx")).values()))
    assert not any(s.name == str(r[0]) for r in rows)
