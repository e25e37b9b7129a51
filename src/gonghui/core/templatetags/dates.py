"""Short Chinese date forms for pages, from the format module (gonghui/formats/zh_Hans) like
`|date`: `{{ value|day_time }}` → 12月7日 14:05, for lists on a phone where the year is plain."""

import datetime

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter(expects_localtime=True)
def day_time(value):
    """A datetime as month, day and time (MONTH_DAY_FORMAT and TIME_FORMAT); "" for none."""
    if not isinstance(value, datetime.datetime):
        return formats.date_format(value, "MONTH_DAY_FORMAT") if isinstance(value, datetime.date) else ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f'{formats.date_format(value, "MONTH_DAY_FORMAT")} {formats.time_format(value, "TIME_FORMAT")}'
