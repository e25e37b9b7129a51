"""The 一户一产业工人 demo step: enrolments in every county from seed 002's figure (scaled), with
certificates only after completion, and rural workshops with workers, some below the number."""



from gonghui.skills import queries
from gonghui.skills.models import Enrolment, Workshop


def test_the_demo_has_enrolments_certificates_and_workshops(demo):
    assert Enrolment.objects.count() >= 24
    assert Enrolment.objects.exclude(level="").exists()
    assert not Enrolment.objects.exclude(level="").exclude(state="completed").exists()
    assert Enrolment.objects.values("union").distinct().count() >= 2
    from gonghui.accounts.models import User

    out, levels, _minimum = queries.figures(User.objects.get(username="city"))
    by = {code: v for code, v, _url in out}
    assert by["households"] <= by["enrolments"] and by["workshops"] == Workshop.objects.count()
    assert 0 < by["recognised"] < by["workshops"]
