"""Every scoped model, from both sides: a row inside the persona's subtree is reached, a row
in the neighbouring county is not. The completeness test fails when a model gains a
`restrict` manager without a case here."""

import pytest
from django.apps import apps

from gonghui.accounts.models import User
from gonghui.assistance.models import AssistanceApplication, PaymentBatch, Programme, ProgrammeBudget, Visit
from gonghui.campaigns.models import Campaign, CampaignQuota
from gonghui.campaigns.models import Claim as CampaignClaim
from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.hardship.models import HardshipFile
from gonghui.medicalaid import services as aid
from gonghui.medicalaid.models import Claim, EnrolledMember, Enrolment, Plan, ScreeningBooking, ScreeningQuota
from gonghui.members import joins, services
from gonghui.members.models import JoinApplication, Member, MemberImport, TransferRequest
from gonghui.orgs.models import Employer, Region, Union

from .assistance_helpers import apply as assistance_apply
from .assistance_helpers import member as assistance_member
from .assistance_helpers import student_aid
from .campaigns_helpers import campaign as make_campaign
from .campaigns_helpers import claim as campaign_claim
from .campaigns_helpers import member as campaign_member
from .factories import hardship_file, user
from .medicalaid_helpers import RULES, YEAR, claim, enrolled, member
from .test_joins_matrix import pending_join
from .test_members_matrix import _rid, import_in_county, member_in_county

# model: (row inside 衡阳县, row inside 衡南县, role of the two county viewers), built from the test city.
CASES = {
    Union: (lambda c: c.grassroots, lambda c: c.grassroots2, "organisation"),
    Employer: (lambda c: c.employer, lambda c: c.employer2, "organisation"),
    Member: (lambda c: member_in_county(c),
             lambda c: services.add_member(acting_user=c.users["city"], union=c.grassroots2, name="王东文",
                                           id_number=_rid("43042219850615002")), "organisation"),
    MemberImport: (lambda c: import_in_county(c),
                   lambda c: MemberImport.objects.create(union=c.grassroots2, file_name="名册.xlsx",
                                                         created_by=c.users["county2"]), "organisation"),
    JoinApplication: (lambda c: pending_join(c),
                      lambda c: joins.apply(union=c.grassroots2, name="钱司机", id_number=_rid("43042219880808123"),
                                            phone="13612345678"), "organisation"),
    HardshipFile: (lambda c: hardship_file(member_in_county(c), by=c.users["city"]),
                   lambda c: hardship_file(services.add_member(acting_user=c.users["city"], union=c.grassroots2,
                                                               name="王东文", id_number=_rid("43042219850615002")),
                                           by=c.users["city"]), "organisation"),
    Programme: (lambda c: student_aid(c, owner=c.county), lambda c: student_aid(c, owner=c.county2), "rights"),
    ProgrammeBudget: (lambda c: student_aid(c, owner=c.county).budgets.get(),
                      lambda c: student_aid(c, owner=c.county2).budgets.get(), "rights"),
    AssistanceApplication: (lambda c: assistance_apply(c, student_aid(c), assistance_member(
                                c, 1, is_migrant_worker=True), by="rights"),
                            lambda c: assistance_apply(c, student_aid(c), assistance_member(
                                c, 2, union=c.grassroots2, is_migrant_worker=True), by="rights"), "rights"),
    PaymentBatch: (lambda c: PaymentBatch.objects.create(number="PB-in", programme=student_aid(c), union=c.county,
                                                         created_by=c.users["rights"]),
                   lambda c: PaymentBatch.objects.create(number="PB-out", programme=student_aid(c),
                                                         union=c.county2, created_by=c.users["rights"]),
                   "rights"),
    Visit: (lambda c: _visit(c, c.grassroots), lambda c: _visit(c, c.grassroots2), "rights"),

    # medical aid: county plans (the city's plan is seen by every union below it, see test_medicalaid)
    Plan: (lambda c: aid.create_plan(acting_user=c.users["rights"], union=c.county, year=YEAR, **RULES),
           lambda c: aid.create_plan(acting_user=c.users["rights"], union=c.county2, year=YEAR, **RULES), "rights"),
    Enrolment: (lambda c: EnrolledMember.objects.get(member=enrolled(c)).enrolment,
                lambda c: EnrolledMember.objects.get(member=enrolled(c, c.grassroots2)).enrolment, "rights"),
    EnrolledMember: (lambda c: EnrolledMember.objects.get(member=enrolled(c)),
                     lambda c: EnrolledMember.objects.get(member=enrolled(c, c.grassroots2)), "rights"),
    Claim: (lambda c: claim(c, enrolled(c)), lambda c: claim(c, enrolled(c, c.grassroots2)), "rights"),
    ScreeningQuota: (lambda c: aid.set_quota(acting_user=c.users["rights"], union=c.grassroots, year=YEAR, slots=2),
                     lambda c: aid.set_quota(acting_user=c.users["rights"], union=c.grassroots2, year=YEAR, slots=2),
                     "rights"),
    ScreeningBooking: (lambda c: _booking(c, c.grassroots), lambda c: _booking(c, c.grassroots2), "rights"),

    # campaigns: a county's campaign (the city's is seen by every union below it, see test_campaigns)
    Campaign: (lambda c: make_campaign(c, union=c.county), lambda c: make_campaign(c, union=c.county2), "publicity"),
    CampaignQuota: (lambda c: _quota(c, c.county, c.grassroots), lambda c: _quota(c, c.county2, c.grassroots2),
                    "publicity"),
    CampaignClaim: (lambda c: campaign_claim(make_campaign(c), campaign_member(c)).claim,
                    lambda c: campaign_claim(make_campaign(c), campaign_member(c, c.grassroots2)).claim, "publicity"),

    AuditEntry: (lambda c: audit.record("update", actor=c.users["city"], obj=c.grassroots),
                 lambda c: audit.record("update", actor=c.users["city"], obj=c.grassroots2), "auditor"),
}


def _quota(c, county, union):
    import datetime

    from django.utils import timezone

    release = timezone.now() + datetime.timedelta(minutes=5)
    return make_campaign(c, union=county, mode="quota", quotas=[(union, 2, release)]).quotas.get()


def _booking(c, union):
    if not ScreeningQuota.objects.filter(union=union).exists():
        aid.set_quota(acting_user=c.users["rights"], union=union, year=YEAR, slots=2)
    return aid.book_screening(acting_user=c.users["rights"], member=member(c, union, sex="F"), year=YEAR)


def _visit(c, union):
    import datetime

    from django.utils import timezone

    return Visit.objects.create(programme=student_aid(c), union=union, target="enterprise", visited_name="某企业",
                                visited_on=timezone.localdate() - datetime.timedelta(days=1),
                                created_by=c.users["rights"])


# Reference data every signed-in staff member reads in full (only operators change it).
REFERENCE = {Region}
# Reached through their own rules: staff lists follow grants (test_accounts); a transfer request
# is seen by both unions and nobody else (test_members, the third-county case).
OWN_RULES = {User, TransferRequest}


@pytest.mark.parametrize("model", list(CASES), ids=lambda m: m.__name__)
def test_county_reaches_inside_and_not_beside(city, model):
    make_inside, make_outside, role = CASES[model]
    inside, outside = make_inside(city), make_outside(city)
    viewer = user(f"{role}-a", role, city.county)
    viewer2 = user(f"{role}-b", role, city.county2)
    auditor_view = model.objects.restrict(city.users["auditor"], "view")
    county_view = model.objects.restrict(viewer, "view")
    county2_view = model.objects.restrict(viewer2, "view")
    assert county_view.filter(pk=inside.pk).exists()
    assert not county_view.filter(pk=outside.pk).exists()
    assert county2_view.filter(pk=outside.pk).exists()
    assert not county2_view.filter(pk=inside.pk).exists()
    assert auditor_view.filter(pk__in=[inside.pk, outside.pk]).count() == 2
    assert not model.objects.restrict(city.users["nobody"], "view").exists()


@pytest.mark.parametrize("model", [Union, Employer, Member], ids=lambda m: m.__name__)
def test_nobody_but_the_right_changes(city, model):
    inside = CASES[model][0](city)
    assert CASES[model][2] == "organisation"
    assert model.objects.restrict(city.users["county"], "change").filter(pk=inside.pk).exists()
    assert not model.objects.restrict(city.users["county2"], "change").filter(pk=inside.pk).exists()
    assert not model.objects.restrict(city.users["auditor"], "change").exists()


def test_reference_data_is_read_by_all_staff(city):
    for name in ("county", "union", "auditor"):
        assert Region.objects.restrict(city.users[name]).filter(code="430422").exists()
        assert not Region.objects.restrict(city.users[name], "change").exists()
    assert not Region.objects.restrict(city.users["nobody"]).exists()


def test_every_scoped_model_has_a_case():
    scoped = {m for m in apps.get_models() if hasattr(m.objects, "restrict")}
    assert scoped - set(CASES) - REFERENCE - OWN_RULES == set()
