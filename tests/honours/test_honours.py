"""The honours registry: conferring (holder rules, refusals that write nothing), the derived 劳模
tag (which titles and levels count; revoking and death take it away), the highest level per member."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.honours import queries, services
from gonghui.honours.models import Honour
from gonghui.members.models import Member

from .conftest import honour, member

pytestmark = pytest.mark.django_db


def test_confer_writes_honour_audit_and_tag(city):
    m = member(city)
    assert not m.is_model_worker
    h = honour(city, m, certificate_no="湘劳模2025-001", source="2025年湖南省劳模评选")
    assert (h.state, h.registered_with, h.title, h.level) == ("held", city.grassroots, "model_worker", "provincial")
    assert Member.objects.get(pk=m.pk).is_model_worker
    assert AuditEntry.objects.filter(object_type="honours.honour", object_id=str(h.pk), action="create").exists()


@pytest.mark.parametrize(("title", "level", "tagged"), [
    ("model_worker", "national", True), ("model_worker", "city", True), ("advanced_worker", "provincial", True),
    ("model_worker", "county", False), ("model_worker", "industry", False), ("may_day_medal", "national", False),
    ("craftsman", "provincial", False)])
def test_which_honours_make_a_model_worker(city, title, level, tagged):
    m = member(city)
    honour(city, m, title=title, level=level)
    assert Member.objects.get(pk=m.pk).is_model_worker is tagged


def test_revoke_and_death_take_the_tag_away(city):
    m, m2 = member(city), member(city)
    h = honour(city, m)
    services.revoke(h, acting_user=city.users["city"], reason="违法犯罪，依规撤销称号")
    h.refresh_from_db()
    assert (h.state, h.state_reason) == ("revoked", "违法犯罪，依规撤销称号")
    assert not Member.objects.get(pk=m.pk).is_model_worker
    a = honour(city, m2, level="national", year=2020)
    b = honour(city, m2, title="may_day_medal", level="national", year=2018)
    services.mark_deceased(a, acting_user=city.users["city"])
    assert set(Honour.objects.filter(pk__in=[a.pk, b.pk]).values_list("state", flat=True)) == {"deceased"}
    assert not Member.objects.get(pk=m2.pk).is_model_worker


def test_revoke_needs_a_reason_and_a_held_honour(city):
    h = honour(city, member(city))
    with pytest.raises(ValidationError, match="撤销"):
        services.revoke(h, acting_user=city.users["city"], reason=" ")
    services.revoke(h, acting_user=city.users["city"], reason="弄虚作假")
    with pytest.raises(ValidationError):
        services.revoke(h, acting_user=city.users["city"], reason="再次")


def test_highest_levels(city):
    a, b, c, d = member(city), member(city), member(city), member(city)
    honour(city, a, title="craftsman", level="county")
    honour(city, a, title="may_day_medal", level="provincial")
    honour(city, b, title="may_day_model", level="city")
    honour(city, b, title="craftsman", level="industry")
    gone = honour(city, c, level="national")
    services.revoke(gone, acting_user=city.users["city"], reason="撤销")
    assert queries.highest_levels([a.pk, b.pk, c.pk, d.pk]) == {a.pk: "provincial", b.pk: "city"}
    assert queries.highest_levels([a.pk])[a.pk] is Honour.Level.PROVINCIAL


@pytest.mark.parametrize(("kw", "field"), [
    ({"title": "nobel"}, "title"), ({"level": "galactic"}, "level"), ({"year": 1900}, "year"),
    ({"conferring_body": ""}, "conferring_body"), ({"title": "pioneer_team"}, "member")])
def test_bad_input_writes_nothing(city, kw, field):
    m = member(city)
    args = {"title": "model_worker", "level": "city", "year": 2025, "conferring_body": "衡阳市人民政府", **kw}
    with pytest.raises(ValidationError) as err:
        services.confer(acting_user=city.users["city"], member=m, **args)
    assert field in err.value.message_dict
    assert not Honour.objects.exists() and not Member.objects.get(pk=m.pk).is_model_worker


def test_collective_honours(city):
    h = services.confer(acting_user=city.users["city"], title="pioneer_team", level="national", year=2025,
                        conferring_body="中华全国总工会", employer=city.employer, collective_name="总装车间一班")
    assert h.registered_with == city.grassroots and h.holder_kind == "collective"
    assert h.holder_name == "总装车间一班"
    with pytest.raises(ValidationError, match="个人|person"):
        services.confer(acting_user=city.users["city"], title="may_day_medal", level="national", year=2025,
                        conferring_body="中华全国总工会", union=city.grassroots)
    with pytest.raises(ValidationError):
        services.confer(acting_user=city.users["city"], title="pioneer_team", level="city", year=2025,
                        conferring_body="衡阳市总工会", collective_name="无处登记的班组")


def test_same_honour_twice_refused(city):
    m = member(city)
    honour(city, m)
    with pytest.raises(ValidationError):
        honour(city, m)
    assert Honour.objects.count() == 1


def test_confer_outside_scope_refused(city):
    other = member(city, union=city.grassroots2)
    with pytest.raises(PermissionDenied):
        honour(city, other, by="county")
    assert not Honour.objects.exists()
    assert honour(city, other, by="county2").registered_with == city.grassroots2
