"""一户一产业工人 pages: a workshop whose worker list has a line without a household is refused on
the form naming the line, and nothing is written; an enrolment is recorded on its form and its
completion needs the certificate number of the level gained."""

import pytest
from django.utils import timezone

from gonghui.skills.models import Enrolment, Worker, Workshop

pytestmark = pytest.mark.django_db


def test_a_workshop_form_with_a_worker_line_missing_its_household_writes_nothing(login, city):
    c = login("county")
    data = {"union": city.county.pk, "name": "新塘村服装乡村车间", "village": "新塘村", "product": "服装加工",
            "opened_on": timezone.localdate().isoformat(), "workers": "张三，张三户（新塘村）\n李四"}
    r = c.post("/skills/workshops/new/", data)
    assert r.status_code == 200 and "第2行：请填写用工人员姓名和所在农户" in r.content.decode()
    assert not Workshop.objects.exists() and not Worker.objects.exists()
    r = c.post("/skills/workshops/new/", data | {"workers": "张三，张三户（新塘村）\n李四,李四户（新塘村）"})
    assert r.status_code == 302
    assert sorted(Workshop.objects.get().workers.values_list("person", flat=True)) == ["张三", "李四"]


def test_an_enrolment_and_its_completion_with_the_certificate(login, city):
    c = login("county")
    r = c.post("/skills/enrolments/new/", {
        "union": city.county.pk, "household": "王建国户（新塘村3组）", "person": "王小明", "trade": "电工",
        "course": "低压电工作业培训", "enrolled_on": timezone.localdate().isoformat()})
    assert r.status_code == 302
    e = Enrolment.objects.get()
    url = f"/skills/enrolments/{e.pk}/"
    r = c.post(url, {"completed_on": timezone.localdate().isoformat(), "level": "5", "certificate_no": ""})
    assert r.status_code == 200 and Enrolment.objects.get().state == "enrolled"
    assert "证书编号" in r.content.decode()
    r = c.post(url, {"completed_on": timezone.localdate().isoformat(), "level": "5", "certificate_no": "S2026000001"})
    assert r.status_code == 302
    e.refresh_from_db()
    assert (e.state, e.level, e.certificate_no) == ("completed", "5", "S2026000001")
