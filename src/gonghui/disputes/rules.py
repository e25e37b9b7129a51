"""The dispute deadlines as the rulebook holds them for the employer's jurisdiction, counted as
Chinese law counts (gonghui.rules.days: the day after the event, a last day on a holiday moves to
the next working day). Every answer carries the Ruling it used, so pages, API answers and refusals
name the rule and its source.

劳动争议调解仲裁法 (LDMA): art. 14 mediation 15 days; art. 27 the one-year time bar (interruptions
restart it; wages owed while employed have none until the employment ends); art. 29 acceptance
within 5 days; art. 43 the award within 45 days, one extension of at most 15; art. 47 the final
award (一裁终局) for money claims up to twelve months of the local minimum wage; arts. 48-50 the 15
or 30 days to go to court.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gonghui.core.money import yuan
from gonghui.rules import days, rulebook


def rule_text(ruling, n=None):
    """"15日（劳动争议调解仲裁法 第十四条）": the value used and where it comes from."""
    shown = ruling.display if n is None else f"{n} {_('days')}"
    return _("%(value)s (%(source)s)") % {"value": shown, "source": ruling.source}


@dataclass(frozen=True)
class Due:
    """A deadline counted from `start` by `ruling` (None: no deadline applies, `note` says why)."""

    start: object
    on: object
    ruling: object
    note: str = ""

    @property
    def text(self):
        if self.ruling is None:
            return self.note
        return rule_text(self.ruling) + (f"；{self.note}" if self.note else "")

    def as_dict(self):
        return {"starts_after": self.start.isoformat() if self.start else None,
                "due_on": self.on.isoformat() if self.on else None, "rule": self.text,
                "rule_name": self.ruling.name if self.ruling else "",
                "source": self.ruling.source if self.ruling else ""}


def _count(name, start, region, unit_default=None):
    ruling = rulebook.value(name, on=start, region=region)
    return Due(start, days.deadline(start, int(ruling.value), ruling.unit or unit_default or "days"), ruling)


def mediation(received_on, region):
    """Art. 14: no agreement within 15 days of receiving the application → arbitration may be sought."""
    return _count("rights.mediation_days", received_on, region)


def extension_allowed(region, on):
    """Zhejiang allows the parties to agree to mediate longer; the statute does not."""
    return rulebook.value("rights.mediation_extension_allowed", on=on, region=region)


def time_bar(dispute, interruptions=(), on=None):
    """Art. 27: one year from when the party knew or should have known; an interruption (a claim,
    a request for help, an application for mediation, the employer agreeing to pay) makes it run
    again from that day. Unpaid wages while the worker is still employed have no time bar; once
    the employment ends the year runs from the end."""
    region = dispute.employer.region_id
    start, note = dispute.knew_on, _("from the day the worker knew of the infringement")
    if dispute.claim == "wages":
        if dispute.employed:
            ruling = rulebook.value("rights.arbitration_limit_years", on=on or dispute.knew_on, region=region)
            return Due(None, None, None, _("Unpaid wages while still employed: no time bar (%(source)s); the "
                                           "year runs from the end of the employment.") % {"source": ruling.source})
        if dispute.employment_ended_on:
            start, note = dispute.employment_ended_on, _("unpaid wages: from the end of the employment")
    # Applying to a mediation body is asking a body for relief, which interrupts the year too
    # (art. 27 para. 2: 向有关部门请求权利救济): the day the application was received counts.
    # An interruption restarts a year still running; one after the year ran out revives nothing.
    due = _count("rights.arbitration_limit_years", start, region)
    days = [i.on for i in interruptions] + ([dispute.received_on] if dispute.received_on else [])
    for day in sorted(set(days)):
        if due.start < day <= due.on:
            due = _count("rights.arbitration_limit_years", day, region)
            note = (_("running again from the mediation application of %(day)s") if day == dispute.received_on
                    else _("running again from the interruption of %(day)s")) % {"day": day}
    return Due(due.start, due.on, due.ruling, note)


def accept(applied_on, region):
    """Art. 29: the commission decides within 5 days whether to accept."""
    return _count("rights.arbitration_accept_days", applied_on, region)


def award(accepted_on, region, simple=False):
    """Art. 43: 45 days from acceptance (Zhejiang's simple procedure: 30 days)."""
    if simple:
        ruling = rulebook.find("rights.arbitration_simple_award_days", on=accepted_on, region=region)
        if ruling is not None:
            return Due(accepted_on, days.deadline(accepted_on, int(ruling.value), ruling.unit), ruling)
    return _count("rights.arbitration_award_days", accepted_on, region)


def award_extension(due_on, region, on):
    """Art. 43: the chair may extend once, by at most 15 days counted after the first period."""
    ruling = rulebook.value("rights.arbitration_extension_days", on=on, region=region)
    return Due(due_on, days.deadline(due_on, int(ruling.value), ruling.unit), ruling)


@dataclass(frozen=True)
class Finality:
    final: bool
    text: str
    rulings: tuple


def finality(claim, amount_fen, region, on):
    """Art. 47: final (一裁终局) for money claims (wages, injury costs, compensation, damages) of
    at most ("不超过", the number included) twelve months of the local monthly minimum wage, and for
    disputes over working-time, rest and social-insurance standards."""
    from .models import MONEY_CLAIMS, STANDARD_CLAIMS

    months = rulebook.value("rights.final_award_wage_months", on=on, region=region)
    if claim in STANDARD_CLAIMS:
        return Finality(True, _("Final: a dispute over working-time, rest or social-insurance standards (%(source)s, "
                                "item 2).") % {"source": months.source}, (months,))
    if claim not in MONEY_CLAIMS:
        return Finality(False, _("Not final: the claim is not one of those art. 47 makes final (%(source)s).")
                        % {"source": months.source}, (months,))
    wage = rulebook.find("rights.minimum_wage_fen", on=on, region=region)
    if wage is None:
        return Finality(False, _("Not decided as final: the rulebook holds no minimum wage for this place; enter "
                                 "it (rights.minimum_wage_fen) to apply %(source)s.") % {"source": months.source},
                        (months,))
    limit = int(wage.value) * int(months.value)
    final = amount_fen <= limit  # "不超过": the limit itself is included (民法典 art. 1259)
    word = _("Final") if final else _("Not final")
    return Finality(final, _("%(word)s: claim %(amount)s yuan against %(months)s × %(wage)s yuan = %(limit)s yuan "
                             "(%(source)s; minimum wage: %(wsource)s).") % {
        "word": word, "amount": yuan(amount_fen), "months": months.value, "wage": yuan(int(wage.value)),
        "limit": yuan(limit), "source": months.source, "wsource": wage.source}, (months, wage))


def court(awarded_on, final, region):
    """Arts. 48-50: after a final award the worker may sue within 15 days and the employer may ask
    the intermediate court to set it aside within 30; after any other award either side may sue
    within 15 days, or the award takes effect."""
    if final:
        worker = _count("rights.worker_sue_days", awarded_on, region)
        employer = _count("rights.employer_set_aside_days", awarded_on, region)
        return worker, employer
    both = _count("rights.award_sue_days", awarded_on, region)
    return both, both


def referral_report(referred_on, region):
    return _count("rights.referral_report_days", referred_on, region)
