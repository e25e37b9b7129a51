"""Union tree and employer rules: each bad input is refused in Chinese and changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gonghui.core import audit
from gonghui.core.models import AuditEntry, Code
from gonghui.orgs import services
from gonghui.orgs.models import Employer, Region, Union

from ..factories import make_uscc


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def counts():
    return Union.objects.count(), Employer.objects.count(), AuditEntry.objects.exclude(action="refused").count()


def message(exc):
    return " ".join(exc.value.messages)


def test_create_union_under_parent_is_audited(city):
    before = AuditEntry.objects.count()
    u = services.create_union(acting_user=city.users["county"], parent=city.township, name="新建工会",
                              kind="grassroots", region=city.township.region)
    assert u.path.startswith(city.township.path) and u.depth == city.township.depth + 1
    e = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == before + 1
    assert (e.action, e.actor_label, e.object_id, e.union_path) == ("create", "county", str(u.pk), u.path)
    assert e.changes["name"] == [None, "新建工会"]


def test_county_cannot_create_under_other_county(city):
    n = counts()
    with pytest.raises(PermissionDenied):
        services.create_union(acting_user=city.users["county"], parent=city.township2, name="越权工会",
                              kind="grassroots", region=city.township2.region)
    assert counts() == n


def test_move_under_own_descendant_is_refused(city):
    n = counts()
    with pytest.raises(ValidationError) as e:
        services.move_union(city.county, acting_user=city.users["city"], new_parent=city.grassroots, reason="调整")
    assert "下级" in message(e)
    assert counts() == n
    city.county.refresh_from_db()
    assert city.county.depth == 2


def test_move_rewrites_subtree_and_keeps_reason(city):
    services.move_union(city.township, acting_user=city.users["city"], new_parent=city.county2, reason="区划调整")
    city.grassroots.refresh_from_db()
    assert city.grassroots.path.startswith(city.county2.path)
    assert not Union.objects.restrict(city.users["county"]).filter(pk=city.grassroots.pk).exists()
    assert Union.objects.restrict(city.users["county2"]).filter(pk=city.grassroots.pk).exists()
    e = AuditEntry.objects.filter(action="move").get()
    assert e.reason == "区划调整" and e.changes["parent"] == ["衡阳县总工会", "衡南县总工会"]
    assert Union.objects.find_problems() == ([], [], [], [], [])


def test_move_needs_right_on_both_ends(city):
    with pytest.raises(PermissionDenied):
        services.move_union(city.grassroots_b, acting_user=city.users["county"], new_parent=city.township2,
                            reason="x")
    city.grassroots_b.refresh_from_db()
    assert city.grassroots_b.path.startswith(city.township.path)


def test_merge_moves_children_and_marks_merged(city):
    services.merge_union(city.township, acting_user=city.users["city"], into=city.township2, reason="机构改革并转")
    city.township.refresh_from_db()
    assert city.township.status == "merged" and city.township.merged_into == city.township2
    assert Union.objects.filter(path__startswith=city.township2.path, depth=4).count() == 3
    assert Union.objects.find_problems() == ([], [], [], [], [])


def test_revoke_needs_reason_and_no_active_children(city):
    with pytest.raises(ValidationError) as e:
        services.revoke_union(city.township, acting_user=city.users["county"], reason="纸上工会")
    assert "下级工会" in message(e)
    with pytest.raises(ValidationError) as e:
        services.revoke_union(city.grassroots_b, acting_user=city.users["county"], reason=" ")
    assert "原因" in message(e)
    services.revoke_union(city.grassroots_b, acting_user=city.users["county"], reason="纸上工会，经核查撤销")
    city.grassroots_b.refresh_from_db()
    assert city.grassroots_b.status == "revoked"


def test_delete_with_children_or_grants_is_refused(city):
    n = counts()
    with pytest.raises(ValidationError) as e:
        services.delete_union(city.township, acting_user=city.users["city"], reason="误建")
    assert "撤销" in message(e)
    with pytest.raises(ValidationError) as e:  # the chair's grant hangs on this union
        services.delete_union(city.grassroots, acting_user=city.users["city"], reason="误建")
    assert "授权" in message(e) or "撤销" in message(e)
    assert counts() == n


def test_delete_leaf_keeps_snapshot_in_audit(city):
    pk = city.grassroots_b.pk
    services.delete_union(city.grassroots_b, acting_user=city.users["city"], reason="重复录入")
    assert not Union.objects.filter(pk=pk).exists()
    e = AuditEntry.objects.get(action="delete", object_id=str(pk))
    assert e.changes["name"][0] == "衡阳县湘江物流有限公司工会" and e.reason == "重复录入"
    city.township.refresh_from_db()
    assert city.township.numchild == 1


@pytest.mark.parametrize("code, fragment", [
    ("91430421MA4L0000X", "18"),              # too short
    (make_uscc(77)[:-1] + ("0" if make_uscc(77)[-1] != "0" else "1"), "校验"),  # wrong check character
    ("91430421MA4L0000I" + "1", "不允许"),       # I is not in the alphabet
])
def test_bad_uscc_is_refused(city, code, fragment):
    n = counts()
    with pytest.raises(ValidationError) as e:
        services.create_employer(acting_user=city.users["county"], name="某公司", uscc=code,
                                 region=city.township.region)
    assert fragment in message(e)
    assert counts() == n


def test_duplicate_uscc_is_refused(city):
    with pytest.raises(ValidationError) as e:
        services.create_employer(acting_user=city.users["county"], name="重复公司", uscc=city.employer.uscc,
                                 region=city.township.region)
    assert "已" in message(e)


def test_bad_region_is_refused(city):
    with pytest.raises(ValidationError) as e:
        services.create_union(acting_user=city.users["city"], parent=city.root, name="x", kind="industry",
                              region="999999")
    assert "行政区划" in message(e)


def test_employer_outside_area_is_refused(city):
    n = counts()
    with pytest.raises(PermissionDenied):
        services.create_employer(acting_user=city.users["county"], name="外县公司", uscc=make_uscc(88, "430422"),
                                 region=city.township2.region, industry=Code.objects.get(table="industry", code="C"))
    assert counts() == n


def test_auditor_changes_nothing(city):
    n = counts()
    for call in (
        lambda: services.update_union(city.county, acting_user=city.users["auditor"], name="改名"),
        lambda: services.revoke_union(city.grassroots, acting_user=city.users["auditor"], reason="x"),
        lambda: services.create_union(acting_user=city.users["auditor"], parent=city.root, name="x",
                                      kind="industry", region=city.root.region),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert counts() == n


def test_region_create_checks_code_and_parent(city):
    with pytest.raises(ValidationError):
        services.save_region(acting_user=city.users["operator"], code="12345", name="x")
    with pytest.raises(ValidationError):
        services.save_region(acting_user=city.users["operator"], code="430421999", name="x",
                             parent=Region.objects.get(code="430422"))
    r = services.save_region(acting_user=city.users["operator"], code="430421999", name="新设街道",
                             parent=Region.objects.get(code="430421"))
    assert r.level == 4
    with pytest.raises(PermissionDenied):
        services.save_region(acting_user=city.users["city"], code="430421998", name="x",
                             parent=Region.objects.get(code="430421"))


def test_audit_chain_verifies_and_detects_tampering(city):
    for i in range(3):
        audit.record("test", actor=city.users["city"], obj=city.county, changes={"i": [None, i]})
    checked, broken, _ = audit.verify()
    assert broken is None and checked >= 3
    target = AuditEntry.objects.order_by("id")[1]
    from django.db import connection

    if connection.vendor == "postgresql":
        with pytest.raises(Exception, match="append-only"), connection.cursor() as c:
            c.execute("UPDATE core_auditentry SET reason='x' WHERE id=%s", [target.pk])
        return
    with connection.cursor() as c:  # SQLite has no trigger: prove the chain notices
        c.execute("UPDATE core_auditentry SET reason='tampered' WHERE id=%s", [target.pk])
    assert audit.verify()[1] == target.pk


def test_purge_keeps_the_chain_verifiable(city, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    settings.AUDIT_RETENTION_DAYS = 365
    first = audit.record("test", actor=city.users["city"], obj=city.county)
    audit.record("test", actor=city.users["city"], obj=city.county)
    with connection.cursor() as c:  # age the first entries; the chain hashes the time, so re-seal them
        old = timezone.now() - timedelta(days=400)
        if connection.vendor == "postgresql":  # a tamperer with the owner's rights; the app has no such path
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")
            c.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
        for e in AuditEntry.objects.filter(id__lte=first.id).order_by("id"):
            e.at = old
            prev = AuditEntry.objects.filter(id__lt=e.id).order_by("-id").values_list("hash", flat=True).first()
            e.prev_hash = prev or audit.GENESIS
            c.execute("UPDATE core_auditentry SET at=%s, prev_hash=%s, hash=%s WHERE id=%s",
                      [e.at, e.prev_hash, audit.entry_hash(e), e.id])
        for e in AuditEntry.objects.filter(id__gt=first.id).order_by("id"):
            prev = AuditEntry.objects.filter(id__lt=e.id).order_by("-id").values_list("hash", flat=True).first()
            e.prev_hash = prev
            c.execute("UPDATE core_auditentry SET prev_hash=%s, hash=%s WHERE id=%s",
                      [e.prev_hash, audit.entry_hash(e), e.id])
        if connection.vendor == "postgresql":
            c.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")
    assert audit.verify()[1] is None
    call_command("audit_purge")
    assert not AuditEntry.objects.filter(id__lte=first.id).exists()
    assert AuditEntry.objects.filter(action="purge").exists()
    assert audit.verify()[1] is None
