"""The rulebook values an election uses, read for the union's region on the election's day."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.orgs import choices
from gonghui.rules import rulebook
from gonghui.rules.models import Rule, band_for


def value(name, union, on):
    return rulebook.value(name, on=on, region=union.region_id)


def term_lengths(union, on):
    """(allowed lengths in years, default, Ruling): a grassroots committee serves three or five
    years (工会法 art.16: the rule's two bounds), a federation or industry union five."""
    name = "union.federation_term_years" if union.kind in (*choices.UnionKind.regional(), "industry") \
        else "union.term_years"
    ruling = value(name, union, on)
    rule = Rule.objects.get(name=name)
    allowed = sorted({int(rule.min_value), int(rule.max_value)})
    return allowed, int(ruling.value), ruling


def committee_band(union, members, on):
    """The committee's size band for `members` (2016 条例 art.7 as held in the rulebook)."""
    ruling = value("election.committee_size", union, on)
    band = band_for(ruling.value, members)
    if band is None:
        raise ValidationError(_("The rulebook's committee sizes (%(rule)s) have no band for %(n)d members.")
                              % {"rule": ruling.label, "n": members})
    return band, ruling


def ruling_dict(r):
    return {"name": r.name, "label": r.label, "value": r.display, "source": r.source}
