"""疗休养 rows for tests/test_model_scopes.py: a base, a batch and an offer of each county."""

from gonghui.recuperation import services
from gonghui.recuperation.models import Base, Batch, Offer

from .conftest import batch, member


def _base(c, county):
    return Base.objects.filter(union=county).first() or services.create_base(
        acting_user=c.users["city"], union=county, name=f"{county.name}疗休养基地", city="衡阳")


def _batch(c, county):
    return Batch.objects.filter(union=county).first() or batch(c, b=_base(c, county), union=county)


def _offer(c, county):
    b = _batch(c, county)
    union = c.grassroots if county == c.county else c.grassroots2
    services.add_candidates(b, acting_user=c.users["city"], members=[member(c, union, level="county")])
    return Offer.objects.filter(batch=b).first()


RECUPERATION_SCOPES = {
    Base: (lambda c: _base(c, c.county), lambda c: _base(c, c.county2), "organisation"),
    Batch: (lambda c: _batch(c, c.county), lambda c: _batch(c, c.county2), "organisation"),
    Offer: (lambda c: _offer(c, c.county), lambda c: _offer(c, c.county2), "organisation"),
}
