"""劳动关系预警 (early warning): a risk score per employer from signals, weighted by the rulebook.

The signal-source registry
--------------------------
A *signal source* is a module with one function::

    employer_signals(employer_ids, since, until) -> dict[employer_id, dict[signal_code, int]]

counting, per employer, how often each signal occurred between `since` and `until` (dates,
both included). Sources are registered here by name and module path; the scorer adds up the
counts of all of them. Registered now:

- ``disputes`` → ``gonghui.disputes.signals``: disputes received (``disputes``), mass disputes
  of ten or more workers with one claim (``mass_dispute``);
- ``entries`` → ``gonghui.disputes.entries``: signals entered by hand (``wage_arrears``,
  ``social_insurance_arrears``, ``layoff``, ``boss_unreachable``, and any other code).

- ``rights`` → ``gonghui.rights.signals``: workers' requests about the employer (``requests``)
  and those about unpaid wages (``wage_arrears``, added to the entered ones);
- ``contracts`` → ``gonghui.contracts.signals``: a collective contract that lapsed without a
  renewal (``contract_lapsed``).

Another app adds its own with one ``register_source`` line. A source whose module cannot be
imported is an error, not a silent zero.

Scoring
-------
``warning.weights`` (rulebook, text "code:points; ...") gives each signal's points per
occurrence; the score is the sum of count × points. The level is red / orange / yellow when the
score reaches (以上: the number included) ``warning.red_score`` / ``orange_score`` /
``yellow_score``. Only signals in the last ``warning.window_days`` count. Every assessment keeps
its breakdown (signal, count, points, subtotal) and the rules used, so the page shows why.
"""

import datetime
import re
from dataclasses import dataclass, field
from importlib import import_module

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.rules import rulebook
from gonghui.rules.days import more_than

SOURCES = {}

# Known signal codes and their labels (a code not listed shows as itself).
SIGNALS = {
    "wage_arrears": gettext_lazy("wage arrears reported (欠薪)"),
    "disputes": gettext_lazy("labour disputes received"),
    "mass_dispute": gettext_lazy("mass dispute (10 or more workers, one claim)"),
    "social_insurance_arrears": gettext_lazy("social insurance in arrears"),
    "layoff": gettext_lazy("layoffs"),
    "boss_unreachable": gettext_lazy("the boss unreachable"),
    "contract_lapsed": gettext_lazy("collective contract lapsed"),
    "requests": gettext_lazy("workers' requests (12351)"),
}
# Signals staff enter by hand (the others come from the system's own data).
MANUAL = ("wage_arrears", "social_insurance_arrears", "layoff", "boss_unreachable")
LEVELS = ("red", "orange", "yellow")
RANK = {"none": 0, "yellow": 1, "orange": 2, "red": 3}


def register_source(name, module):
    """Add a signal source (a module path with ``employer_signals``); registering twice is harmless."""
    SOURCES[name] = module


register_source("disputes", "gonghui.disputes.signals")
register_source("entries", "gonghui.disputes.entries")
register_source("rights", "gonghui.rights.signals")  # workers' requests; 欠薪 requests count as wage_arrears
register_source("contracts", "gonghui.contracts.signals")  # a collective contract lapsed without renewal


def collect(employer_ids, since, until):
    """{employer_id: {code: count}} summed over every registered source."""
    ids = list(employer_ids)
    out = {}
    for module in SOURCES.values():
        for eid, row in import_module(module).employer_signals(ids, since, until).items():
            mine = out.setdefault(eid, {})
            for code, n in row.items():
                mine[code] = mine.get(code, 0) + int(n)
    return out


_PAIR = re.compile(r"^([a-z_][a-z0-9_]*):(\d+)$")


def weights(region=None, on=None):
    """({code: points}, Ruling) from the rulebook's text "code:points; ..."."""
    ruling = rulebook.value("warning.weights", on=on, region=region)
    out = {}
    for part in re.split(r"[;；]", ruling.value or ""):
        part = part.replace(" ", "")
        if not part:
            continue
        m = _PAIR.match(part)
        if m is None:
            raise ValidationError(_("The rulebook's warning weights (%(rule)s) have an entry it cannot read: "
                                    "%(part)s.") % {"rule": ruling.label, "part": part})
        out[m.group(1)] = int(m.group(2))
    return out, ruling


@dataclass
class Assessment:
    score: int
    level: str
    rows: list = field(default_factory=list)
    rules: list = field(default_factory=list)


def level_for(score, region=None, on=None):
    """(level, [Rulings]): the highest level whose line the score reaches (以上, included)."""
    used = []
    for level in LEVELS:
        ruling = rulebook.value(f"warning.{level}_score", on=on, region=region)
        used.append(ruling)
        if score >= int(ruling.value):
            return level, used
    return "none", used


def score(signals, region=None, on=None):
    """The Assessment of one employer's signals {code: count}."""
    table, ruling = weights(region, on)
    rows, total = [], 0
    for code in sorted(signals, key=lambda c: (-table.get(c, 0) * signals[c], c)):
        n = int(signals[code])
        if not n:
            continue
        points = table.get(code, 0)
        rows.append({"code": code, "label": str(SIGNALS.get(code, code)), "count": n, "points": points,
                     "subtotal": n * points})
        total += n * points
    level, lines = level_for(total, region, on)
    return Assessment(total, level, rows, [ruling, *lines])


def window(on=None, region=None):
    on = on or timezone.localdate()
    ruling = rulebook.value("warning.window_days", on=on, region=region)
    return on - datetime.timedelta(days=int(ruling.value)), on, ruling


def preservation(arrears_fen, capital_fen, region=None, on=None):
    """True (with the Ruling) when arrears exceed ("超过", strictly) the rulebook's share of the
    registered capital: ask the court for 财产保全."""
    ruling = rulebook.value("warning.preservation_share", on=on, region=region)
    if not capital_fen or not arrears_fen:
        return False, ruling
    return more_than(arrears_fen, capital_fen, ruling.value), ruling


def responsible_union(employer):
    """The union that watches an employer: its own union, else the nearest union of its area."""
    from gonghui.orgs.models import Union

    own = Union.objects.filter(employer=employer, status="active").order_by("path").first()
    if own is not None:
        return own
    codes = []
    region = employer.region
    while region is not None:
        codes.append(region.code)
        region = region.parent
    areas = list(Union.objects.filter(region_id__in=codes, kind__in=["federation", "township"]))
    return max(areas, key=lambda u: (len(u.path), u.pk)) if areas else None


def county_of(union):
    """The county federation above (or at) `union`: who gets the notice when a level rises."""
    chain = [u for u in union.ancestors_and_self() if u.kind == "federation"]
    return chain[-1] if chain else union


@transaction.atomic
def assess(employers, *, on=None, acting_user=None):
    """Score `employers` as of `on` and store each Watch row's level and breakdown. An employer
    whose level rose is put on the watch list and its county federation is told. Returns the
    Watch rows whose level rose."""
    from gonghui.notices.services import StaffOf, notify

    from . import entries
    from .models import Watch

    on = on or timezone.localdate()
    employers = list(employers)
    if not employers:
        return []
    since, until, _w = window(on)
    signals = collect([e.pk for e in employers], since, until)
    arrears = entries.arrears_fen([e.pk for e in employers], since, until)
    existing = {w.employer_id: w for w in Watch.objects.filter(employer__in=employers)}
    raised = []
    for e in employers:
        a = score(signals.get(e.pk, {}), e.region_id, on)
        w = existing.get(e.pk)
        if w is None:
            if a.level == "none":
                continue
            union = responsible_union(e)
            if union is None:
                continue
            w = Watch(employer=e, union=union)
        before = w.level
        w.score, w.level, w.breakdown, w.assessed_on = a.score, a.level, a.rows, on
        w.arrears_fen = arrears.get(e.pk, 0)
        if RANK[a.level] > RANK[before]:
            w.raised_on = on
            if not w.watched:
                w.watched, w.since = True, on
            raised.append(w)
        w.save()
    for w in raised:
        county = county_of(w.union)
        notify(StaffOf(county), kind="warning_raised",
               title=_("%(employer)s: labour-relations warning raised to %(level)s (score %(score)s)") % {
                   "employer": w.employer.name, "level": w.get_level_display(), "score": w.score},
               url=reverse("disputes:watch_detail", args=[w.pk]), obj=w,
               key=f"warning-{w.pk}-{w.level}-{on.isoformat()}", acting_user=acting_user)
    return raised


def assess_all(on=None):
    """Every employer with a signal in the window, and every one already watched (its level may fall)."""
    from gonghui.orgs.models import Employer

    from .models import Dispute, SignalEntry, Watch

    since, until, _w = window(on)
    ids = set(SignalEntry.objects.filter(on__gte=since, on__lte=until).values_list("employer_id", flat=True))
    ids |= set(Dispute.objects.filter(received_on__gte=since, received_on__lte=until)
               .values_list("employer_id", flat=True))
    ids |= set(Watch.objects.values_list("employer_id", flat=True))
    for module in SOURCES.values():  # other apps' signals may name employers we have not seen
        if module.startswith("gonghui.disputes."):
            continue
        ids |= set(import_module(module).employer_signals(Employer.objects.values_list("pk", flat=True),
                                                          since, until))
    out = []
    ids = sorted(ids)
    for i in range(0, len(ids), 500):
        out += assess(Employer.objects.filter(pk__in=ids[i:i + 500]).select_related("region"), on=on)
    return out
