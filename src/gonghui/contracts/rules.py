"""How collective contracts read the rulebook: each period is counted by
`gonghui.rules.days` (民法典 arts. 201–203; working days by the holiday calendar) from the value
in force for the union's jurisdiction, and comes back with the Ruling that gave it, so the
date is always shown beside its rule and source.
"""

import datetime

from django.utils.translation import gettext as _

from gonghui.rules import days, rulebook

# The dates a contract carries, the rule that counts each and what it is counted from.
DATES = [
    # (field, rule, counted from, label)
    ("reply_due_on", "contracts.answer_days", "requested_on", "Written answer to the bargaining request due"),
    ("draft_due_on", "contracts.draft_to_congress", "draft_agreed_on", "Draft to the workers' congress by"),
    ("filing_due_on", "contracts.filing_days", "signed_on", "To file with the labour department by"),
    ("review_ends_on", "contracts.objection_days", "filed_on", "Labour department's review ends"),
    ("renewal_from", "contracts.renewal_notice_months", "term_end", "Renewal may be asked from"),
]


def period(rule, start, region):
    """(last day, Ruling) of the period `rule` counted from `start` in `region`."""
    ruling = rulebook.value(rule, on=start, region=region)
    return days.deadline(start, int(ruling.value), ruling.unit), ruling


def period_if_any(rule, start, region):
    """Like ``period`` for a rule only some jurisdictions hold (浙江: draft within 15 working days)."""
    ruling = rulebook.find(rule, on=start, region=region)
    if ruling is None:
        return None, None
    return days.deadline(start, int(ruling.value), ruling.unit), ruling


def renewal_window(term_end, region):
    """(first day, Ruling) of the window before expiry in which either side may ask to renew
    (集体合同规定 art.38: within 3 months before expiry; 浙江: 90 days). Counted back from the
    last day of the term: three months before 12-31 is 09-30 (民法典 art.202, the same day)."""
    ruling = rulebook.value("contracts.renewal_notice_months", on=term_end, region=region)
    n = int(ruling.value)
    if ruling.unit == "days":
        return term_end - datetime.timedelta(days=n), ruling
    if ruling.unit == "working_days":
        return days.add_working_days(term_end, -n), ruling
    return days.add_months(term_end, -n), ruling


def used(ruling, start, due):
    """What `rules_used` keeps of one computed date."""
    return {"rule": ruling.name, "label": ruling.label, "n": int(ruling.value), "unit": ruling.unit,
            "source": ruling.source, "jurisdiction": ruling.jurisdiction, "start": start.isoformat(),
            "due": due.isoformat()}


def unit_text(n, unit):
    return {"days": _("%(n)s days"), "working_days": _("%(n)s working days"), "months": _("%(n)s months"),
            "years": _("%(n)s years")}.get(unit, "%(n)s") % {"n": n}


def rule_text(entry):
    """“20 days (集体合同规定 第三十二条)” for a `rules_used` entry."""
    return f"{unit_text(entry['n'], entry['unit'])}（{entry['source']}）"


def deadlines_of(contract):
    """The contract's computed dates with their rules, for pages and the API: a list of dicts
    (key, label, due_on, met_on, rule name, rule text, source)."""
    out = []
    met = {"reply_due_on": contract.replied_on, "draft_due_on": contract.motion and contract.motion.session.held_on,
           "filing_due_on": contract.filed_on, "review_ends_on": contract.objection_on or contract.effective_on,
           "renewal_from": None}
    for field, _rule, _start, label in DATES:
        due = getattr(contract, field)
        entry = (contract.rules_used or {}).get(field)
        if due is None or entry is None:
            continue
        out.append({"key": field, "label": _(label), "due_on": due, "met_on": met.get(field),
                    "rule": entry["rule"], "rule_label": entry["label"], "rule_text": rule_text(entry),
                    "source": entry["source"], "n": entry["n"], "unit": entry["unit"]})
    return out


def term_limits(term_start, region):
    """(shortest last day, longest last day, min Ruling, max Ruling) for a term starting on
    `term_start` (集体合同规定 art.38: generally one to three years)."""
    lo = rulebook.value("contracts.term_years_min", on=term_start, region=region)
    hi = rulebook.value("contracts.term_years_max", on=term_start, region=region)
    one = datetime.timedelta(days=1)
    return (days.add_months(term_start, 12 * int(lo.value)) - one,
            days.add_months(term_start, 12 * int(hi.value)) - one, lo, hi)


def negotiator_limits(region, on=None):
    lo = rulebook.value("contracts.negotiators_min", on=on, region=region)
    hi = rulebook.value("contracts.negotiators_max", on=on, region=region)
    return int(lo.value), int(hi.value), lo, hi


def coverage_min_staff(region=None, on=None):
    return rulebook.value("contracts.coverage_min_staff", on=on, region=region)
