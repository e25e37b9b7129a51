"""How 疗休养 reads the rulebook and the honours registry: the days cap of a batch, the years
before a member may go again, the reply period of an offer, and the honour levels that give
priority. Each answer carries its Ruling, so pages and refusals name the rule and its source."""

from gonghui.rules import rulebook


def days_cap(region, on=None):
    """The most days a batch may last (“不超过”: the cap itself is allowed, 民法典 art. 1259)."""
    return rulebook.value("recuperation.batch_days_max", on=on, region=region)


def repeat_years(region, on=None):
    return rulebook.value("recuperation.repeat_years", on=on, region=region)


def reply_days(region, on=None):
    return rulebook.value("recuperation.reply_days", on=on, region=region)


def levels():
    """The honour levels, highest first (national, provincial, city, county, industry)."""
    from gonghui.honours.models import Honour

    return list(Honour.Level.choices)


def level_rank(level):
    """0 for the highest level; members holding no honour rank after every level."""
    codes = [code for code, _label in levels()]
    return codes.index(level) if level in codes else len(codes)


def level_label(level):
    return dict(levels()).get(level, "")


def highest_levels(member_ids):
    """{member id: highest level of honour held} from the honours registry (only held honours)."""
    from gonghui.honours.queries import highest_levels as registry

    return registry(list(member_ids))
