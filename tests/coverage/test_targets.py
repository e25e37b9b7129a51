"""Organising targets: refresh lists employers with 25+ staff and no union once, held by the
regional union responsible for their area; status, owner and notes with history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.coverage import services
from gonghui.coverage.models import OrganisingTarget, TargetNote
from gonghui.orgs.models import Union

from .conftest import coverage_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def cc(city):
    return coverage_city(city)


def test_refresh_is_idempotent(cc):
    assert services.refresh_targets(acting_user=cc.users["city"], union=cc.root) == (1, 0)
    t = OrganisingTarget.objects.get()
    # 衡阳县未建会建材 (80 staff): the township union of its area holds it; the 10-staff firm is no target
    assert t.employer == cc.employer_free and t.union == cc.township and t.status == "to_visit"
    assert services.refresh_targets(acting_user=cc.users["city"], union=cc.root) == (0, 0)
    assert services.refresh_targets(acting_user=cc.users["county"], union=cc.county) == (0, 0)
    assert OrganisingTarget.objects.count() == 1
    # once the employer founds a union, the next refresh marks the target founded, once
    Union.objects.add_child(cc.township, dict(name="衡阳县未建会建材有限公司工会", kind="grassroots",
                                              region=cc.township.region, employer=cc.employer_free))
    assert services.refresh_targets(acting_user=cc.users["county"], union=cc.county) == (0, 1)
    assert services.refresh_targets(acting_user=cc.users["county"], union=cc.county) == (0, 0)
    t.refresh_from_db()
    assert t.status == "founded" and t.notes.count() == 1


def test_refresh_stays_in_scope(cc):
    assert services.refresh_targets(acting_user=cc.users["county2"], union=cc.county2) == (0, 0)
    with pytest.raises(PermissionDenied):
        services.refresh_targets(acting_user=cc.users["county2"], union=cc.county)
    with pytest.raises(PermissionDenied):
        services.refresh_targets(acting_user=cc.users["union"], union=cc.grassroots)
    assert not OrganisingTarget.objects.exists()


def test_update_keeps_notes_and_history(cc):
    services.refresh_targets(acting_user=cc.users["county"], union=cc.county)
    t = OrganisingTarget.objects.get()
    services.update_target(t, acting_user=cc.users["county"], status="visited", owner=cc.users["county"],
                           note="已上门宣讲，企业负责人同意筹建")
    services.update_target(t, acting_user=cc.users["county"], note="约定下周召开筹备会")
    t.refresh_from_db()
    assert t.status == "visited" and t.owner == cc.users["county"]
    notes = [n.text for n in TargetNote.objects.filter(target=t)]
    assert notes == ["约定下周召开筹备会", "已上门宣讲，企业负责人同意筹建"]
    assert AuditEntry.objects.filter(object_type="coverage.organisingtarget", object_id=str(t.pk)).count() == 2
    # an owner without rights there, an empty change, a stranger: refused, nothing written
    with pytest.raises(ValidationError) as e:
        services.update_target(t, acting_user=cc.users["county"], owner=cc.users["county2"])
    assert "owner" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.update_target(t, acting_user=cc.users["county"], status="visited")
    with pytest.raises(PermissionDenied):
        services.update_target(t, acting_user=cc.users["union"], status="declined")
    t.refresh_from_db()
    assert t.status == "visited" and t.owner == cc.users["county"] and t.notes.count() == 2


def test_target_pages(cc, login):
    services.refresh_targets(acting_user=cc.users["county"], union=cc.county)
    t = OrganisingTarget.objects.get()
    client = login("county")
    assert client.get("/coverage/targets/").status_code == 200
    r = client.post(f"/coverage/targets/{t.pk}/", {"status": "preparing", "owner": cc.users["county"].pk,
                                                    "note": "成立筹备组"})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.status == "preparing"
    assert login("county2").get(f"/coverage/targets/{t.pk}/").status_code == 404
    r = login("county").post("/coverage/targets/refresh/")
    assert r.status_code == 302 and OrganisingTarget.objects.count() == 1


def test_api_targets(cc, api):
    assert api("county").post("/api/v1/organising-targets/refresh", {"union_id": cc.county.pk},
                              content_type="application/json").json() == {"created": 1, "founded": 0}
    items = api("county").get("/api/v1/organising-targets").json()["items"]
    assert [i["employer_name"] for i in items] == ["衡阳县未建会建材有限公司"]
    assert api("county2").get("/api/v1/organising-targets").json()["items"] == []
    tid = items[0]["id"]
    r = api("county").patch(f"/api/v1/organising-targets/{tid}", {"status": "visited", "note": "已走访"},
                            content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "visited"
    r = api("county").patch(f"/api/v1/organising-targets/{tid}", {"status": "bogus"},
                            content_type="application/json")
    assert r.status_code == 422
