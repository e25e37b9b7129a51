"""What a new user found: only join applications could be decided in bulk. Mutual-aid claims
are now approved or rejected many at a time, each through `services.review` (the payout
computed for each), after a page naming the count; claims the reviewer filed are skipped and
named; a claim outside the reviewer's subtree is "not found" like a missing one."""

from django.contrib.messages import get_messages
from django.test import Client

from gonghui.medicalaid import services
from gonghui.medicalaid.models import Claim

from ..factories import user
from .conftest import enrolled


def said(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _claim(city, by, union=None):
    from datetime import date, timedelta

    from .conftest import YEAR

    admitted = date(YEAR, 12, 1) - timedelta(days=30)
    return services.file_claim(acting_user=by, member=enrolled(city, union), admitted_on=admitted,
                               discharged_on=admitted + timedelta(days=10), hospital="南华大学附属第一医院",
                               diagnosis="肺炎")


def test_the_county_approves_ticked_claims_and_skips_the_one_it_filed(client, city):
    reviewer = user("rights_county", "rights", city.county)
    a, b = _claim(city, city.users["rights"]), _claim(city, city.users["rights"])
    own = _claim(city, reviewer)
    client.force_login(reviewer)
    page = client.post("/medical-aid/claims/bulk/", {"action": "approve", "pick": [a.pk, b.pk, own.pk]})
    html = page.content.decode()
    assert page.status_code == 200 and "已选 2 条" in html and "全部批准（2 条）" in html
    assert "肺炎" not in html  # the confirmation names people and hospitals, never the diagnosis
    done = client.post("/medical-aid/claims/bulk/", {"action": "approve", "pick": [a.pk, b.pk, own.pk],
                                                    "confirmed": "1"})
    message = said(done)
    assert "已批准 2 条" in message and "已跳过您本人提交的 1 条" in message
    states = dict(Claim.objects.values_list("pk", "state"))
    assert states == {a.pk: "approved", b.pk: "approved", own.pk: "submitted"}
    assert all(c.payout_fen > 0 for c in Claim.objects.filter(state="approved"))


def test_rejecting_claims_in_bulk_needs_the_reason(client, city):
    a = _claim(city, city.users["rights"])
    client.force_login(city.users["county"])  # 组织部 has no claim rights: refused outright
    assert client.post("/medical-aid/claims/bulk/", {"action": "reject", "pick": [a.pk]}).status_code == 403
    reviewer = user("rights_county", "rights", city.county)
    client.force_login(reviewer)
    again = client.post("/medical-aid/claims/bulk/", {"action": "reject", "pick": [a.pk], "confirmed": "1"})
    assert again.status_code == 200 and "is-invalid" in again.content.decode()
    done = client.post("/medical-aid/claims/bulk/", {"action": "reject", "pick": [a.pk], "confirmed": "1",
                                                    "reason": "住院天数不足"})
    assert "已拒绝 1 条" in said(done) and Claim.objects.get(pk=a.pk).state == "rejected"


def test_a_claim_outside_the_subtree_is_refused_like_a_missing_one(city):
    foreign = _claim(city, city.users["rights"], union=city.grassroots2)
    reviewer = user("rights_county", "rights", city.county)
    one, two = Client(), Client()
    one.force_login(reviewer)
    two.force_login(reviewer)
    outside = one.post("/medical-aid/claims/bulk/", {"action": "approve", "pick": [foreign.pk], "confirmed": "1"})
    missing = two.post("/medical-aid/claims/bulk/", {"action": "approve", "pick": [foreign.pk + 1000],
                                                    "confirmed": "1"})
    assert said(outside) == said(missing) and "1 行未找到" in said(outside)
    assert Claim.objects.get(pk=foreign.pk).state == "submitted"
