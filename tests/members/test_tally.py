"""The per-union member tally kept by database triggers: right after every kind of write
(one enrolment, a bulk COPY, a transfer, a deletion), folded by compaction, and used for the
unfiltered roster total."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from gonghui.members import bulk, services, transfers
from gonghui.members.identity import clean_document
from gonghui.members.models import Member, MemberTally
from gonghui.members.queries import member_total

from .test_matrix import _rid


def tallied():
    return {u: n for u, n in MemberTally.objects.values_list("union_id").annotate(n=Sum("delta")) if n}


def counted():
    return dict(Member.objects.values_list("union_id").annotate(n=Count("id")))


def enrol(city, n, union):
    values = [bulk.member_values(union_id=union.pk, name=f"批量{i}", joined_on=date(2024, 1, 1),
                                 doc=clean_document("resident_id", _rid(f"43042119800101{i:03d}")))
              for i in range(n)]
    with transaction.atomic():  # enrol's callers hold the transaction (members and events point at each other)
        return bulk.enrol(values, unions={union.pk: union})


@pytest.mark.django_db(transaction=True)
def test_every_write_keeps_the_tally_equal_to_a_count(city):
    one = services.add_member(acting_user=city.users["city"], union=city.grassroots, name="甲",
                              id_number=_rid("43042119900101123"))
    assert tallied() == counted() == {city.grassroots.pk: 1}
    ids = enrol(city, 30, city.grassroots_b)  # COPY on PostgreSQL: one statement, one delta row
    assert tallied() == counted() == {city.grassroots.pk: 1, city.grassroots_b.pk: 30}
    if connection.vendor == "postgresql":
        assert MemberTally.objects.filter(union=city.grassroots_b).count() == 1
    transfers.request_transfer_out(one, acting_user=city.users["city"], to_union=city.grassroots2)  # accepted at once
    assert tallied() == counted() == {city.grassroots2.pk: 1, city.grassroots_b.pk: 30}
    services.record_event(Member.objects.get(pk=ids[0]), acting_user=city.users["city"], kind="employer_closed")
    assert tallied() == counted()
    Member.objects.filter(pk__in=ids[1:5]).delete()
    assert tallied() == counted()
    before = MemberTally.objects.count()
    bulk.compact_tally()
    assert tallied() == counted() and MemberTally.objects.count() == len(counted()) <= before


@pytest.mark.django_db(transaction=True)
def test_totals_follow_the_users_scope(city):
    enrol(city, 12, city.grassroots)
    services.add_member(acting_user=city.users["city"], union=city.grassroots2, name="乙",
                        id_number=_rid("43042219850615002"))
    assert member_total(city.users["city"]) == 13
    assert member_total(city.users["county"]) == 12
    assert member_total(city.users["county2"]) == 1
    assert member_total(city.users["city"], under=city.county2) == 1
    assert member_total(city.users["nobody"]) == 0


def test_the_unfiltered_roster_total_comes_from_the_tally(city, login):
    enrol(city, 3, city.grassroots)
    MemberTally.objects.create(union=city.grassroots, delta=5)  # a wrong tally shows where the total comes from
    c = login("county")
    assert 'data-testid="count">共 8 条' in c.get("/members/").content.decode()
    searched = c.get("/members/?q=批量", follow=True).content.decode()
    assert 'data-testid="count">共 3 条' in searched  # any filter: counted


def test_the_roster_counts_its_members_once_with_a_filter_and_never_without(city, login):
    """The count of a city's ten million rows is a third of a second: the unfiltered page reads
    the tally alone, and a filtered page counts once (django-tables2 paged the table a second
    time with a counting paginator when given the request)."""
    enrol(city, 3, city.grassroots)
    c = login("county")

    def member_counts(url):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries
                if "COUNT(" in q["sql"].upper() and Member._meta.db_table in q["sql"]]

    assert member_counts("/members/") == []
    assert len(member_counts("/members/?sex=M")) == 1


@pytest.mark.django_db(transaction=True)
def test_members_follow_their_union_when_it_moves(city):
    """A member keeps a copy of the union's path (scopes read it without a join); moving the
    township to another county moves its members' copies with it, so the scopes follow."""
    from gonghui.orgs.services import move_union

    m = services.add_member(acting_user=city.users["city"], union=city.grassroots, name="甲",
                            id_number=_rid("43042119900101123"))
    assert m.union_path == city.grassroots.path
    assert Member.objects.restrict(city.users["county"]).filter(pk=m.pk).exists()
    move_union(city.township, acting_user=city.users["city"], new_parent=city.county2, reason="区划调整")
    city.grassroots.refresh_from_db()
    m.refresh_from_db()
    assert m.union_path == city.grassroots.path and m.union_path.startswith(city.county2.path)
    assert not Member.objects.restrict(city.users["county"]).filter(pk=m.pk).exists()
    assert Member.objects.restrict(city.users["county2"]).filter(pk=m.pk).exists()
    transfers.request_transfer_out(m, acting_user=city.users["city"], to_union=city.industry)
    m.refresh_from_db()
    assert m.union_path == city.industry.path


@pytest.mark.django_db(transaction=True)
def test_a_bulk_write_of_someone_already_enrolled_is_an_integrity_error(city):
    """The unique ID hash is the import's last guard: on PostgreSQL the binary COPY's unique
    violation must reach the import task as Django's IntegrityError (its "the registry changed,
    check again" path), as SQLite's executemany does, not as a bare driver error."""
    from django.db import IntegrityError

    enrol(city, 1, city.grassroots)
    with pytest.raises(IntegrityError):
        enrol(city, 1, city.grassroots)
    assert Member.objects.filter(name="批量0").count() == 1
