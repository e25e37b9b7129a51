"""Signals entered by hand (SignalEntry): the source for what the system cannot see by itself
(欠薪 reported, social insurance in arrears, layoffs, the boss unreachable ...). Same shape as
every signal source (see ``gonghui.disputes.warning``)."""

from django.db.models import Sum


def employer_signals(employer_ids, since, until):
    from .models import SignalEntry

    out = {}
    rows = (SignalEntry.objects.filter(employer_id__in=list(employer_ids), on__gte=since, on__lte=until)
            .order_by().values_list("employer_id", "code").annotate(n=Sum("count")))
    for eid, code, n in rows:
        out.setdefault(eid, {})[code] = int(n or 0)
    return out


def arrears_fen(employer_ids, since, until):
    """Wage arrears reported in the period, in fen per employer (for the 财产保全 hint)."""
    from .models import SignalEntry

    rows = (SignalEntry.objects.filter(employer_id__in=list(employer_ids), code="wage_arrears", on__gte=since,
                                       on__lte=until).order_by().values_list("employer_id").annotate(s=Sum("amount_fen")))
    return {eid: int(s or 0) for eid, s in rows}
