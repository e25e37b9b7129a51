"""How the rights app reads the rulebook: the deadline of a request by its class (12351: 一般 /
难点 / 特别复杂, in working days), the legal-aid decision period, and the legal-aid income test.
Each answer carries the Ruling it used, so pages, messages and the API name the source."""

from gonghui.rules import days, rulebook

CLASS_RULES = {
    "ordinary": "rights.hotline_ordinary_working_days",
    "difficult": "rights.hotline_difficult_working_days",
    "complex": "rights.hotline_complex_working_days",
}
DECISION_RULE = "rights.legal_aid_decision_working_days"
INCOME_RULE = "rights.legal_aid_income_fen"


def count(started_on, ruling, cal=None):
    """The last day of the ruling's period after `started_on` (民法典 201/203; working days skip
    weekends and the calendar's holidays)."""
    return days.deadline(started_on, int(ruling.value), ruling.unit, cal=cal)


def request_deadline(received_on, klass, region, cal=None):
    """(due_on, Ruling) for a request of `klass` received on `received_on` in `region`."""
    ruling = rulebook.value(CLASS_RULES[klass], on=received_on, region=region)
    return count(received_on, ruling, cal), ruling


def decision_deadline(applied_on, region, cal=None):
    ruling = rulebook.value(DECISION_RULE, on=applied_on, region=region)
    return count(applied_on, ruling, cal), ruling


def income_limit(on, region):
    return rulebook.value(INCOME_RULE, on=on, region=region)


def described(due_on, ruling):
    """A deadline as the API and pages give it: the date, the rule, its value and source."""
    return {"due_on": due_on.isoformat() if due_on else None, "rule": ruling.name, "label": ruling.label,
            "value": ruling.value, "unit": ruling.unit, "source": ruling.source,
            "jurisdiction": ruling.jurisdiction, "note": ruling.note}
