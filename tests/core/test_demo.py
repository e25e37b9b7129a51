"""`gonghui demo`: a small demo city built in the test database, checked for what the pages
and the access rules rely on."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory
from stdnum.cn import uscc

from gonghui.accounts.demo import PASSWORD
from gonghui.accounts.models import Grant, User
from gonghui.core import audit
from gonghui.core.demo import discover
from gonghui.core.models import AuditEntry
from gonghui.orgs.choices import UnionKind, UnionStatus
from gonghui.orgs.models import Employer, Region, Union

SIZE = 0.02


def build(**options):
    out = io.StringIO()
    options.setdefault("size", SIZE)
    options.setdefault("members", 300)  # enough to see every kind of union get members
    call_command("demo", stdout=out, **options)
    return out.getvalue()


def test_every_kind_and_the_clean_up_are_present(demo):
    assert set(Union.objects.values_list("kind", flat=True)) == set(UnionKind.values)
    revoked = Union.objects.filter(status=UnionStatus.REVOKED)
    assert revoked.exists() and all(u.status_reason for u in revoked)
    merged = Union.objects.filter(status=UnionStatus.MERGED).select_related("merged_into")
    assert merged.exists()
    assert all(m.merged_into.is_active and m.merged_into.kind == UnionKind.GRASSROOTS for m in merged)


def test_the_tree_is_what_treebeard_would_have_built(demo):
    assert Union.objects.find_problems() == ([], [], [], [], [])
    (root,) = Union.objects.filter(depth=1)
    assert (root.name, root.kind, root.region_id) == ("衡阳市总工会", UnionKind.FEDERATION, "430400")
    # The services add to the bulk-built tree as they would to one built node by node.
    n = root.numchild
    child = Union.objects.add_child(root, dict(name="新增", kind=UnionKind.INDUSTRY, region_id="430400"))
    assert child.path == root.path + Union._int2str(n + 1).rjust(4, "0")
    assert Union.objects.find_problems() == ([], [], [], [], [])


def test_counties_are_the_county_level_divisions_of_the_city(demo):
    counties = Union.objects.filter(depth=2, kind=UnionKind.FEDERATION).select_related("region")
    assert counties.count() == 12
    for c in counties:
        assert c.region.parent_id == "430400" and c.region.level == 3
        assert c.name == f"{c.region.name}总工会"
    townships = Union.objects.filter(kind=UnionKind.TOWNSHIP).select_related("region")
    assert townships.exists()
    for t in townships:
        parent = Union.objects.get_parent(t)
        assert t.region.parent_id == parent.region_id and t.name == f"{t.region.name}工会"


def test_each_grassroots_union_has_its_own_employer_in_its_township(demo):
    unions = Union.objects.filter(kind=UnionKind.GRASSROOTS).select_related("employer")
    assert unions.count() >= 12
    for u in unions:
        township = Union.objects.get_parent(u)
        assert township.kind == UnionKind.TOWNSHIP
        assert u.region_id == township.region_id == u.employer.region_id
    assert len({u.employer_id for u in unions}) == unions.count()


def test_usccs_are_valid_unique_and_registered_in_their_county(demo):
    rows = list(Employer.objects.values_list("uscc", "region__parent_id"))
    assert all(uscc.is_valid(code) for code, _ in rows)
    assert len({code for code, _ in rows}) == len(rows)
    assert all(code[2:8] == county for code, county in rows)


def test_some_employers_have_no_union_and_some_of_them_are_worth_organising(demo):
    employers = Employer.objects.with_union_flag()
    free = employers.filter(has_union=False)
    assert free.filter(headcount__gte=25).exists()
    rate = 1 - free.count() / employers.count()
    assert 0.5 < rate < 0.8


EXPECTED_GRANTS = {
    "city": ("organisation", "衡阳市总工会"),
    "county": ("organisation", "衡阳县总工会"),
    "county2": ("organisation", "衡南县总工会"),
    "auditor": ("auditor", "衡阳市总工会"),
    "operator": ("operator", "衡阳市总工会"),
}


def test_demo_logins_have_their_grants_and_sign_in(demo):
    request = RequestFactory().post("/accounts/login/")
    for username in (*EXPECTED_GRANTS, "union"):
        user = User.objects.get(username=username)
        assert user.kind == User.Kind.STAFF and user.full_name
        assert authenticate(request, username=username, password=PASSWORD) == user
        (grant,) = Grant.objects.filter(user=user).select_related("role", "union")
        assert grant.covers_subtree
        if username in EXPECTED_GRANTS:
            assert (grant.role.code, grant.union.name) == EXPECTED_GRANTS[username]
    chair = Grant.objects.select_related("role", "union").get(user__username="union")
    assert chair.role.code == "union_staff" and chair.union.kind == UnionKind.GRASSROOTS
    assert chair.union.is_active and chair.union.path.startswith(Union.objects.get(name="衡阳县总工会").path)
    assert chair.user.full_name == chair.union.chair_name
    operator = User.objects.get(username="operator")
    assert operator.is_staff and operator.is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(username="operator").exists()


def test_county_login_sees_only_its_county(demo):
    county = User.objects.get(username="county")
    seen = Union.objects.restrict(county)
    home = Union.objects.get(name="衡阳县总工会")
    assert seen.count() == Union.objects.filter(path__startswith=home.path).count() > 1
    assert not seen.filter(name="衡南县总工会").exists()


def test_logins_table_names_every_login_and_the_port(demo, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    out = io.StringIO()
    call_command("demo", logins=True, stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123" in text and PASSWORD in text
    for username in (*EXPECTED_GRANTS, "union"):
        assert f"\n{username} " in text
    for username in ("member", "member2", "member3"):  # members sign in with their phone
        assert f"\n{User.objects.get(username=username).phone.reveal()} " in text


def test_each_step_leaves_one_audit_entry_and_the_chain_holds(demo):
    entries = AuditEntry.objects.filter(action="demo")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(s.name for s in discover())
    assert all(e.changes["generated"] for e in entries)
    assert audit.verify()[1] is None


def test_if_empty_never_builds_a_second_city(db):
    build(if_empty=True)
    unions = Union.objects.count()
    assert "already exists" in build(if_empty=True)
    with pytest.raises(CommandError):
        build()
    assert Union.objects.filter(depth=1).count() == 1 and Union.objects.count() == unions


class _Built(Exception):
    def __init__(self, city):
        self.city = city


def _city(seed):
    """Build with `seed`, read back the names and codes, and roll the build back."""
    try:
        with transaction.atomic():
            build(seed=seed)
            raise _Built((list(Union.objects.order_by("path").values_list("path", "name", "status")),
                          list(Employer.objects.order_by("uscc").values_list("uscc", "name", "headcount")),
                          list(User.objects.order_by("username").values_list("username", "full_name"))))
    except _Built as built:
        return built.city


def test_the_same_seed_builds_the_same_city(db):
    first = _city(2026)
    assert first[0] and not Union.objects.exists()
    assert _city(2026) == first
    assert _city(7)[0] != first[0]


def test_size_is_checked(db):
    with pytest.raises(CommandError):
        build(size=0)
    assert Region.objects.filter(code="430400").exists() and not Union.objects.exists()


def test_members_are_enrolled_sealed_with_their_join_and_logins(db):
    from gonghui.core.crypto import lookup_hash
    from gonghui.members.models import Member, Status

    build()
    members = Member.objects.select_related("last_event", "union")
    assert 250 <= members.count() <= 350
    assert all(m.status == Status.ACTIVE for m in members)
    sample = members.first()
    assert sample.id_index == lookup_hash("id", sample.id_number.reveal())
    assert {u.username for u in User.objects.filter(kind="member")} == {"member", "member2", "member3"}
    assert Member.objects.filter(user__username="member3", union__path__startswith=User.objects.get(
        username="county2").grants.get().union.path).exists()
    from gonghui.members.models import JoinApplication, MemberTally

    # the tally the triggers keep matches the roster, folded to one row per union
    assert sum(MemberTally.objects.values_list("delta", flat=True)) == members.count()
    assert MemberTally.objects.count() == members.values("union").distinct().count()
    # join applications wait in both counties, none from someone already on a roster
    county = User.objects.get(username="county")
    pending = JoinApplication.objects.filter(state="pending")
    assert pending.count() >= 8 and pending.restrict(county).exists()
    assert not Member.objects.filter(id_index__in=pending.values("id_index")).exists()
