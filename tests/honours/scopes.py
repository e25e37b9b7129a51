"""The honours models' cases for tests/test_model_scopes.py: a row in 衡阳县, one in 衡南县."""

from datetime import timedelta

from django.utils import timezone

from gonghui.honours import services
from gonghui.honours.models import Honour, ModelWorkerVisit, Nomination, RoundQuota, SelectionRound
from gonghui.orgs.models import Union

from .conftest import honour, member


def _round(c, county):
    return services.create_round(acting_user=c.users["city"], union=county, name=f"{county.name}劳模评选",
                                 year=timezone.localdate().year, title="model_worker", level="county",
                                 conferring_body="县人民政府", nominate_until=timezone.localdate() + timedelta(days=9),
                                 quotas=[(Union.objects.filter(path__startswith=county.path, depth=county.depth + 1)
                                          .order_by("path").first(), 3)])


def _nomination(c, county, grassroots):
    return services.nominate(_round(c, county), acting_user=c.users["city"], nominated_by=grassroots,
                             member=member(c, grassroots), deeds="事迹")


def _visit(c, grassroots):
    m = member(c, grassroots)
    honour(c, m, level="national", year=2015)
    return services.record_visit(acting_user=c.users["city"], member=m, union=grassroots,
                                 visited_on=timezone.localdate(), amount_fen=100_000)


HONOURS_SCOPES = {
    Honour: (lambda c: honour(c, member(c, c.grassroots)), lambda c: honour(c, member(c, c.grassroots2)),
             "organisation"),
    SelectionRound: (lambda c: _round(c, c.county), lambda c: _round(c, c.county2), "organisation"),
    RoundQuota: (lambda c: _round(c, c.county).quotas.get(), lambda c: _round(c, c.county2).quotas.get(),
                 "organisation"),
    Nomination: (lambda c: _nomination(c, c.county, c.grassroots), lambda c: _nomination(c, c.county2, c.grassroots2),
                 "organisation"),
    ModelWorkerVisit: (lambda c: _visit(c, c.grassroots), lambda c: _visit(c, c.grassroots2), "organisation"),
}
