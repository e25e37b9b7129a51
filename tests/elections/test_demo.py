"""The elections demo step: terms due and overdue, a run-off then an approved result, and a
另行选举 round waiting."""



from gonghui.accounts.models import User
from gonghui.elections import queries
from gonghui.elections.models import Election, OfficeHolder, Round


def test_demo_elections(demo):
    city = User.objects.get(username="city")
    summary = {code: n for code, _label, n in queries.reelection_summary(city)}
    assert summary["overdue"] > 0 and summary["due"] + summary["delayed"] > 0 and summary["done"] >= 1
    assert Round.objects.filter(kind="runoff", state="counted").exists()
    assert Round.objects.filter(kind="another", state="open").exists()
    approved = Election.objects.get(state="approved")
    assert OfficeHolder.objects.filter(election=approved, office="committee").count() == \
        approved.posts.get().seats
    assert OfficeHolder.objects.filter(appointment="open_selection", to_on__isnull=True).exists()
