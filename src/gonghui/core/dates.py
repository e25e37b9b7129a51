"""Dates as people read them and as machines read them, in one place.

Pages show the Chinese form from the format module (`gonghui.formats.zh_Hans`): templates use
`|date` or `|date:"DATETIME_FORMAT"`, list columns their defaults, and Python messages `show`.
Exports and the API write ISO 8601 with `iso`, in Beijing time. A date that records the past
is checked with `not_in_future`."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

# 中华全国总工会 (the All-China Federation of Trade Unions) was founded on 1 May 1925 at the Second
# National Labour Congress in Guangzhou: no union, plan or assessment this system keeps predates it.
ACFTU_FOUNDED = datetime.date(1925, 5, 1)


def show(value, with_time=None):
    """A date or datetime in the page's form: 2026年12月7日, or 2026年12月7日 14:05."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        if with_time is False:
            return formats.date_format(value.date(), "DATE_FORMAT")
        return formats.date_format(value, "DATETIME_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def iso(value):
    """ISO 8601 for exports and the API: 2026-12-07, or 2026-12-07 14:05:00 in Beijing time."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def not_in_future(value, *, field, label, today=None):
    """Refuse a date that records what has already happened (joined, visited, paid, discharged,
    screened, opened ...) when it lies after today; return it unchanged otherwise.

    The one check the services (so the forms and the API) and the roster import share: the
    message names the field and both dates, and the error is keyed by `field`, so a form shows
    it on that field and an import reports it on its row's column. Datetimes are compared by
    their day in Beijing time."""
    if value is None:
        return value
    day = value
    if isinstance(value, datetime.datetime):
        day = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    today = today or timezone.localdate()
    if day > today:
        message = _("%(label)s %(value)s is after today (%(today)s): it records what has already happened, "
                    "so it cannot lie in the future.") % {"label": label, "value": show(day), "today": show(today)}
        raise ValidationError({field: ValidationError(message, code="date_in_future")})
    return value
