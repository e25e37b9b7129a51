"""What a new user found: only join applications could be decided in bulk. Assistance
applications are now approved or rejected many at a time, each through the one-row service
(the budget drawn for each), after a page naming the count; applications the reviewer entered
are skipped and named; one outside the reviewer's subtree is "not found" like a missing one."""

from django.contrib.messages import get_messages
from django.test import Client

from gonghui.assistance.models import AssistanceApplication

from ..factories import user
from .conftest import apply, member, student_aid


def said(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_the_rights_department_approves_ticked_applications_and_skips_its_own(client, city):
    p = student_aid(city, migrant_workers=True)
    a = apply(city, p, member(city, 1, is_migrant_worker=True))
    b = apply(city, p, member(city, 2, is_migrant_worker=True))
    own = apply(city, p, member(city, 3, is_migrant_worker=True), by="rights")
    client.force_login(city.users["rights"])
    page = client.post("/assistance/applications/bulk/", {"action": "approve", "pick": [a.pk, b.pk, own.pk]})
    html = page.content.decode()
    assert page.status_code == 200 and "已选 2 条" in html and "全部批准（2 条）" in html and "王学3" in html
    done = client.post("/assistance/applications/bulk/", {"action": "approve", "pick": [a.pk, b.pk, own.pk],
                                                          "confirmed": "1", "reason": "符合条件"})
    message = said(done)
    assert "已批准 2 条" in message and "已跳过您本人提交的 1 条" in message and "王学3" in message
    states = dict(AssistanceApplication.objects.values_list("pk", "state"))
    assert states == {a.pk: "approved", b.pk: "approved", own.pk: "submitted"}
    p.refresh_from_db()


def test_rejecting_in_bulk_needs_the_reason(client, city):
    p = student_aid(city)
    a = apply(city, p, member(city, 1, is_migrant_worker=True))
    client.force_login(city.users["rights"])
    again = client.post("/assistance/applications/bulk/", {"action": "reject", "pick": [a.pk], "confirmed": "1"})
    assert again.status_code == 200 and "is-invalid" in again.content.decode()
    done = client.post("/assistance/applications/bulk/", {"action": "reject", "pick": [a.pk], "confirmed": "1",
                                                          "reason": "材料不全"})
    assert "已拒绝 1 条" in said(done) and AssistanceApplication.objects.get(pk=a.pk).opinion == "材料不全"


def test_an_application_outside_the_subtree_is_refused_like_a_missing_one(city):
    p = student_aid(city)
    foreign = apply(city, p, member(city, 4, union=city.grassroots2, is_migrant_worker=True), by="rights")
    reviewer = user("rights_county", "rights", city.county)
    one, two = Client(), Client()
    one.force_login(reviewer)
    two.force_login(reviewer)
    outside = one.post("/assistance/applications/bulk/", {"action": "approve", "pick": [foreign.pk],
                                                          "confirmed": "1"})
    missing = two.post("/assistance/applications/bulk/", {"action": "approve", "pick": [foreign.pk + 1000],
                                                          "confirmed": "1"})
    assert said(outside) == said(missing) and "1 行未找到" in said(outside)
    assert AssistanceApplication.objects.get(pk=foreign.pk).state == "submitted"
