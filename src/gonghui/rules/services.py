"""Writes to the rulebook and the calendar: each audited, each followed (after commit) by the
task that counts the open deadlines again."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit

from . import days
from .deadlines import recompute_after_commit
from .models import CalendarDay, Rule, RuleValue

KIND_WORDS = {"holiday": CalendarDay.Kind.HOLIDAY, "放假": CalendarDay.Kind.HOLIDAY, "休": CalendarDay.Kind.HOLIDAY,
              "working": CalendarDay.Kind.WORKING, "work": CalendarDay.Kind.WORKING, "上班": CalendarDay.Kind.WORKING,
              "班": CalendarDay.Kind.WORKING}


@transaction.atomic
def add_value(rule, *, jurisdiction="", valid_from, value, unit="", source, note="", valid_to=None, acting_user=None):
    """A new dated value of `rule` (a change never overwrites: the old rows stay as history)."""
    if isinstance(rule, str):
        rule = Rule.objects.get(name=rule)
    rv = RuleValue(rule=rule, jurisdiction=(jurisdiction or "").strip(), valid_from=valid_from, valid_to=valid_to,
                   value=str(value).strip(), unit=unit or "", source=(source or "").strip(), note=note or "",
                   created_by=acting_user if acting_user is not None and acting_user.is_authenticated else None)
    rv.full_clean()
    rv.save()
    record_value(rv, acting_user)
    return rv


def record_value(rv, acting_user):
    audit.record("create", actor=acting_user, obj=rv, actor_label="" if acting_user else "gonghui rules",
                 changes={"rule": [None, rv.rule.name], "jurisdiction": [None, rv.jurisdiction],
                          "valid_from": [None, rv.valid_from.isoformat()], "value": [None, rv.value],
                          "unit": [None, rv.unit], "source": [None, rv.source]})
    recompute_after_commit()


LINE = re.compile(r"^\s*(\S+)\s+(\S+)\s*(.*?)\s*$")


def parse_holiday_table(year, text):
    """[(date, kind, name)] from lines "2027-01-01 holiday 元旦"; ValidationError naming every bad
    line (and nothing else) when any line is bad or a day repeats."""
    errors, rows, seen = [], [], {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = LINE.match(line)
        if m is None:
            errors.append(_("Line %(n)d: write a date, holiday or working, and a name, e.g. "
                            "\"%(year)s-01-01 holiday 元旦\".") % {"n": number, "year": year})
            continue
        raw_date, raw_kind, name = m.groups()
        try:
            d = datetime.date.fromisoformat(raw_date)
        except ValueError:
            errors.append(_("Line %(n)d: %(value)r is not a date (YYYY-MM-DD).") % {"n": number, "value": raw_date})
            continue
        if d.year != year:
            errors.append(_("Line %(n)d: %(date)s is not in %(year)s.") % {"n": number, "date": d, "year": year})
            continue
        kind = KIND_WORDS.get(raw_kind.lower())
        if kind is None:
            errors.append(_("Line %(n)d: the kind is holiday or working, not %(value)r.")
                          % {"n": number, "value": raw_kind})
            continue
        if len(name) > 40:
            errors.append(_("Line %(n)d: the name is at most 40 characters.") % {"n": number})
            continue
        if d in seen:
            errors.append(_("Line %(n)d: %(date)s is already on line %(first)d; each day once.")
                          % {"n": number, "date": d, "first": seen[d]})
            continue
        if kind == CalendarDay.Kind.WORKING and d.weekday() < 5:
            errors.append(_("Line %(n)d: %(date)s is a weekday; only a weekend day can be made a working day.")
                          % {"n": number, "date": d})
            continue
        seen[d] = number
        rows.append((d, kind, name))
    if errors:
        raise ValidationError({"lines": errors})
    if not rows:
        raise ValidationError({"lines": [_("The table is empty: enter one line per day.")]})
    return rows


@transaction.atomic
def save_holiday_year(year, text, *, acting_user=None):
    """Replace the calendar of `year` with the table in `text`, whole or not at all."""
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Year: enter a year between 2000 and 2100.")})
    rows = parse_holiday_table(year, text)
    old = list(CalendarDay.objects.filter(date__year=year).order_by("date").values_list("date", "kind", "name"))
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create([CalendarDay(date=d, kind=k, name=n) for d, k, n in rows])
    audit.record("update", actor=acting_user, object_type="rules.calendarday", object_id=str(year),
                 object_repr=_("Holiday table %(year)s") % {"year": year},
                 changes={"days": [[f"{d} {k} {n}" for d, k, n in old], [f"{d} {k} {n}" for d, k, n in rows]]})
    days.forget()
    transaction.on_commit(days.forget)
    recompute_after_commit()
    return len(rows)


def holiday_table_text(year):
    """The year's calendar as the editable lines."""
    return "\n".join(f"{d.isoformat()} {k} {n}".rstrip() for d, k, n in
                     CalendarDay.objects.filter(date__year=year).order_by("date").values_list("date", "kind", "name"))
