"""What the database keeps in clear about a member must leave at least 100,000 ID numbers to
someone who reads it (a dump, a backup, a replica) and knows the union's region.

Every column that is not sealed is read back with raw values from the member's row and from the
rows that hang on the member: events, the join application, the member account, the hardship
file and its household, and the audit trail of them. (Mutual aid, screening and assistance rows
hold no identity columns: they point at the member.) Each value that equals a part of the person's
ID number (the birth date, year or month, the last characters, the sex) is what the reader
learns; tests/members/candidates.py counts the ID numbers that still fit."""

import json
from datetime import date

from django.db import connection

from gonghui.accounts.models import User
from gonghui.core.fields import SealedField
from gonghui.core.models import AuditEntry
from gonghui.hardship.models import HardshipFile, HouseholdMember
from gonghui.members import services
from gonghui.members.demo import resident_id
from gonghui.members.models import JoinApplication, Member, MemberEvent

from ..hardship.conftest import opened
from .candidates import REGION, Known, candidates, self_check

MIN_PER_MEMBER = 100_000
BORN = date(1985, 6, 15)
PHONE = "13912345678"


def _clear_rows(model, **where):
    """Raw values of every column of `model` that is not sealed, for the rows matching `where`."""
    columns = [f for f in model._meta.concrete_fields if not isinstance(f, SealedField)]
    pks = list(model._base_manager.filter(**where).values_list("pk", flat=True))
    if not pks:
        return []
    names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
    marks = ", ".join(["%s"] * len(pks))
    with connection.cursor() as c:
        c.execute(f"SELECT {names} FROM {model._meta.db_table} WHERE {model._meta.pk.column} IN ({marks})",  # noqa: S608
                  pks)
        return [{f"{model._meta.db_table}.{f.column}": v for f, v in zip(columns, row, strict=True)}
                for row in c.fetchall()]


def _leaves(value):
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            return [value]
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


def learned(rows, id_number, phone):
    """What the clear values tell about the ID number (a Known), and any phone tail found."""
    born = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    sex = "M" if int(id_number[16]) % 2 else "F"
    known, phone_seen = Known(), []
    for row in rows:
        for column, raw in row.items():
            for value in _leaves(raw):
                where = f"{column} = {value!r}"
                if isinstance(value, date) and value == born:
                    known.born, known.sources["born"] = born, where
                elif isinstance(value, int) and not isinstance(value, bool) and value == born.year:
                    known.year, known.sources["year"] = born.year, where
                elif isinstance(value, str) and value:
                    text = value.upper()
                    if born.isoformat() in text or f"{born:%Y%m%d}" in text:
                        known.born, known.sources["born"] = born, where
                    elif f"{born:%Y-%m}" in text or f"{born:%Y%m}" == text:
                        known.month, known.sources["month"] = (born.year, born.month), where
                    elif text == str(born.year):
                        known.year, known.sources["year"] = born.year, where
                    if text == sex:
                        known.sex, known.sources["sex"] = sex, where
                    if 2 <= len(text) <= 17 and id_number.endswith(text) and len(text) > len(known.tail):
                        known.tail, known.sources["tail"] = text, where
                    if 4 <= len(text) <= 10 and phone.endswith(text):
                        phone_seen.append(where)
    return known, phone_seen


def test_the_counting_helper():
    self_check()
    assert candidates(Known(year=1985, sex="F")) == 182_500  # 365 days x 500 sequence numbers
    assert candidates(Known(born=BORN, tail=resident_id(REGION, BORN, 2)[-4:])) == 1


def test_what_the_database_keeps_in_clear_leaves_enough_id_numbers(city):
    """A demo-like member (enrolled with an ID of the union's region and a phone), their join
    application, hardship file with household, events and audit trail."""
    number = resident_id(REGION, BORN, 2)
    member = services.add_member(acting_user=city.users["city"], union=city.grassroots, name="欧阳秀英",
                                 id_number=number, phone=PHONE)
    JoinApplication.objects.create(union=city.grassroots, name="欧阳秀英", id_number=number, phone=PHONE,
                                   member=member)
    account = User.objects.create(username=f"m{member.number}", kind=User.Kind.MEMBER, full_name=member.name,
                                  phone=PHONE)  # the member account, as accepting a join makes it
    Member.objects.filter(pk=member.pk).update(user=account)
    file = opened(city, member, household=[{"name": "欧阳秀英", "relation": "self", "id_number": number,
                                            "annual_income_fen": 3_000_000}])
    rows = [*_clear_rows(Member, pk=member.pk), *_clear_rows(MemberEvent, member=member),
            *_clear_rows(JoinApplication, member=member), *_clear_rows(HardshipFile, pk=file.pk),
            *_clear_rows(HouseholdMember, file=file), *_clear_rows(User, pk=account.pk),
            *_clear_rows(AuditEntry, object_id__in=[str(member.pk), str(file.pk)])]
    assert len(rows) >= 6
    known, phone_seen = learned(rows, number, PHONE)
    n = candidates(known)
    print(f"candidate ID numbers per member from the clear columns: {n:,} ({known.sources})")
    assert n >= MIN_PER_MEMBER, known.sources
    assert not phone_seen, phone_seen  # nor the last four (or more) of the phone
