"""Signals for the early-warning helper (app `disputes`): what workers' requests say about each
employer in a period. Kept here so the warning score reads the requests through one function."""

from django.db.models import Count, Q

from .models import Request


def employer_signals(employer_ids, since, until) -> dict[int, dict[str, int]]:
    """Per employer, the requests received from `since` to `until` (both included) and how many
    of them are about unpaid wages (欠薪): {employer_id: {"requests": n, "wage_arrears": m}}.
    Every id asked for is in the answer (zeros when there were none)."""
    ids = list(dict.fromkeys(int(i) for i in employer_ids))
    out = {i: {"requests": 0, "wage_arrears": 0} for i in ids}
    if not ids:
        return out
    rows = (Request.objects.filter(employer_id__in=ids, received_on__gte=since, received_on__lte=until)
            .order_by().values("employer_id")
            .annotate(requests=Count("pk"), wage_arrears=Count("pk", filter=Q(topic=Request.Topic.WAGES))))
    for r in rows:
        out[r["employer_id"]] = {"requests": r["requests"], "wage_arrears": r["wage_arrears"]}
    return out
