"""This app's warning signals per employer (the shape every signal source exposes, see
``gonghui.disputes.warning``): disputes received in the period, and mass disputes (劳动争议调解仲裁法
第七条: ten or more workers with a common claim; the number is the rulebook's
``rights.collective_dispute_min`` for the employer's jurisdiction)."""

from django.db.models import Count, F
from django.db.models.functions import Coalesce

from gonghui.orgs.models import Employer
from gonghui.rules import rulebook


def employer_signals(employer_ids, since, until):
    """{employer_id: {"disputes": n, "mass_dispute": n}} for disputes begun between `since` and `until`."""
    from .models import Dispute

    ids = list(employer_ids)
    qs = (Dispute.objects.filter(employer_id__in=ids).annotate(begun=Coalesce(F("received_on"), F("applied_on")))
          .filter(begun__gte=since, begun__lte=until))
    out = {}
    for eid, n in qs.order_by().values_list("employer_id").annotate(n=Count("pk")):
        out.setdefault(eid, {})["disputes"] = n
    regions = dict(Employer.objects.filter(pk__in={d for d, in qs.filter(workers__gte=2).values_list("employer_id")})
                   .values_list("pk", "region_id"))
    minimum = {}
    for eid, workers in qs.filter(workers__gte=2).values_list("employer_id", "workers"):
        region = regions[eid]
        if region not in minimum:
            minimum[region] = int(rulebook.value("rights.collective_dispute_min", on=until, region=region).value)
        if workers >= minimum[region]:  # "十人以上": ten included
            row = out.setdefault(eid, {})
            row["mass_dispute"] = row.get("mass_dispute", 0) + 1
    return out


