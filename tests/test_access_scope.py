"""The one access mechanism, from both sides: what each persona reaches, and what it does not."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gonghui.core.access import get_object
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Employer, Union


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_city_sees_whole_tree(city):
    assert Union.objects.restrict(city.users["city"]).count() == Union.objects.count() == 9


def test_county_sees_only_its_subtree(city):
    seen = names(Union.objects.restrict(city.users["county"]))
    assert seen == {"衡阳县总工会", city.township.name, city.grassroots.name, city.grassroots_b.name}
    assert city.county2.name not in seen and city.root.name not in seen


def test_union_chair_sees_only_their_union(city):
    assert names(Union.objects.restrict(city.users["union"])) == {city.grassroots.name}


def test_nobody_sees_nothing(city):
    assert not Union.objects.restrict(city.users["nobody"]).exists()
    assert not Employer.objects.restrict(city.users["nobody"]).exists()


def test_employers_follow_the_area_of_regional_unions(city):
    county = names(Employer.objects.restrict(city.users["county"]))
    assert county == {city.employer.name, "衡阳县湘江物流有限公司", city.employer_free.name}
    assert names(Employer.objects.restrict(city.users["county2"])) == {city.employer2.name}
    assert names(Employer.objects.restrict(city.users["union"])) == {city.employer.name}


def test_auditor_reads_but_cannot_change(city):
    auditor = city.users["auditor"]
    assert Union.objects.restrict(auditor).count() == 9
    assert not Union.objects.restrict(auditor, "change").exists()
    with pytest.raises(PermissionDenied):
        get_object(auditor, Union, "change", pk=city.county.pk)


def test_foreign_id_is_not_found_like_a_missing_one(city):
    county = city.users["county"]
    with pytest.raises(Http404) as foreign:
        get_object(county, Union, pk=city.county2.pk)
    with pytest.raises(Http404) as missing:
        get_object(county, Union, pk=999_999)
    assert str(foreign.value) == str(missing.value)
    assert hasattr(foreign.value, "refusal") and not hasattr(missing.value, "refusal")


def test_revoked_grant_union_gives_nothing(city):
    Union.objects.filter(pk=city.county.pk).update(status="revoked")
    assert not Union.objects.restrict(city.users["county"]).exists()


def test_audit_entries_are_append_only(city):
    from gonghui.core import audit

    e = audit.record("test", actor=city.users["city"], obj=city.county)
    with pytest.raises(PermissionError):
        e.save()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=e.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gonghui.core.access import PATH_ALPHABET, _next_path  # noqa: E402

paths = st.text(alphabet=PATH_ALPHABET, min_size=1, max_size=12)


@given(paths, paths)
def test_subtree_range_is_exactly_the_prefix(p, q):
    """The key range used for subtrees selects precisely the paths that start with the prefix."""
    assert (p <= q < _next_path(p)) == q.startswith(p)
