"""Star levels of volunteers by their service hours, as the rulebook holds them
("星级:小时; …", cumulative hours; the source is shown with each level)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.rules import rulebook


def star_levels(region=None, on=None):
    """([(stars, hours)] lowest first, Ruling)."""
    ruling = rulebook.value("volunteers.star_hours", on=on, region=region)
    levels = []
    for part in re.split(r"[;；]", ruling.value or ""):
        stars, sep, hours = part.strip().partition(":")
        if not sep:
            continue
        if not stars.strip().isdigit() or not hours.strip().isdigit():
            raise ValidationError(_("The rulebook's star levels (%(rule)s) have a part it cannot read: %(part)s.") % {
                "rule": ruling.label, "part": part})
        levels.append((int(stars), int(hours)))
    return sorted(levels, key=lambda x: x[1]), ruling


def stars_for(hours, levels):
    """The stars earned by `hours` ("达到" includes the threshold: 100 hours is one star)."""
    earned = 0
    for stars, need in levels:
        if hours >= need:
            earned = stars
    return earned
