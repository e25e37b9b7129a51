"""一户一产业工人 rows for tests/test_model_scopes.py: each county's enrolment and workshop."""

from gonghui.skills.models import Enrolment, Worker, Workshop

from .conftest import enrolment, workshop


def _workshop(c, county):
    return Workshop.objects.filter(union=county).first() or workshop(c, county, by="city")


SKILLS_SCOPES = {
    Enrolment: (lambda c: enrolment(c, c.county, by="city"), lambda c: enrolment(c, c.county2, by="city"),
                "organisation"),
    Workshop: (lambda c: _workshop(c, c.county), lambda c: _workshop(c, c.county2), "organisation"),
    Worker: (lambda c: Worker.objects.filter(workshop=_workshop(c, c.county)).first(),
             lambda c: Worker.objects.filter(workshop=_workshop(c, c.county2)).first(), "organisation"),
}
