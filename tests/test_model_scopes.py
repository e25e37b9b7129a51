"""Every scoped model, from both sides: a row inside the persona's subtree is reached, a row
in the neighbouring county is not. The completeness test fails when a model gains a
`restrict` manager without a case here."""

import datetime

import pytest
from django.apps import apps

from gonghui.accounts.models import User
from gonghui.assessments import services as assessing
from gonghui.assessments.models import (
    Assessment,
    AssessmentItem,
    Evidence,
    RectificationTask,
    Showcase,
    SurveyResponse,
)
from gonghui.assistance.models import AssistanceApplication, PaymentBatch, Programme, ProgrammeBudget, Visit
from gonghui.budgets import models as budgets_models
from gonghui.campaigns.models import Campaign, CampaignQuota
from gonghui.campaigns.models import Claim as CampaignClaim
from gonghui.congress import models as cg
from gonghui.congress import services as congressing
from gonghui.contracts.models import CollectiveContract, Meeting, Negotiator
from gonghui.core import audit
from gonghui.core.models import AuditEntry
from gonghui.coverage.models import OrganisingTarget, PaperUnionCase
from gonghui.disputes import models as dp
from gonghui.elections import services as electing
from gonghui.elections.models import Election, OfficeHolder, Round, Term
from gonghui.engagement import services as engagement
from gonghui.engagement.models import Attempt, CheckIn, Question, Quiz, ReadingPlan
from gonghui.events import services as ev
from gonghui.events.models import Booking, Course, CourseSession, CourseTopic, Event, Registration, TopicVote
from gonghui.funds import models as fm
from gonghui.hardship.models import HardshipFile
from gonghui.mall import models as mall_models
from gonghui.medicalaid import services as aid
from gonghui.medicalaid.models import Claim, EnrolledMember, Enrolment, Plan, ScreeningBooking, ScreeningQuota
from gonghui.members import joins, services
from gonghui.members.models import JoinApplication, Member, MemberImport, TransferRequest
from gonghui.orgs.models import Employer, Region, Union
from gonghui.positions.models import CheckIn as PositionCheckIn
from gonghui.positions.models import Position, Rating, Selection
from gonghui.rights.models import AidProvider, LegalAidCase
from gonghui.rights.models import Request as RightsRequest
from gonghui.rules.models import Deadline
from gonghui.subsidies.models import AwardSubsidy, PositionPlan, SubsidyProgramme
from gonghui.wcongress.models import Delegate, Disclosure, Motion, Proposal, Session, WorkersCongress

from .assessments.conftest import YEAR as ASSESSMENT_YEAR
from .assessments.conftest import png, reviewed, started
from .assistance.conftest import apply as assistance_apply
from .assistance.conftest import member as assistance_member
from .assistance.conftest import student_aid
from .budgets import conftest as bh
from .campaigns.conftest import campaign as make_campaign
from .campaigns.conftest import claim as campaign_claim
from .campaigns.conftest import member as campaign_member
from .competitions.scopes import COMPETITIONS_SCOPES
from .congress import conftest as cgh
from .coverage.conftest import case_in_county, target_in_county
from .disputes import conftest as dph
from .elections.conftest import make_election
from .elections.conftest import voting as election_voting
from .engagement.conftest import bank
from .engagement.conftest import member as engagement_member
from .engagement.conftest import plan as reading_plan
from .engagement.conftest import quiz as engagement_quiz
from .events import conftest as evh
from .factories import hardship_file, user
from .funds import factories as ff
from .honours.scopes import HONOURS_SCOPES
from .mall import conftest as mh
from .medicalaid.conftest import RULES, YEAR, claim, enrolled, member
from .members.test_joins_matrix import pending_join
from .members.test_matrix import _rid, import_in_county, member_in_county
from .positions.conftest import kind as position_kind
from .positions.conftest import position
from .recuperation.scopes import RECUPERATION_SCOPES
from .rights import conftest as rgh
from .skills.scopes import SKILLS_SCOPES
from .subsidies.conftest import apply as subsidy_apply
from .subsidies.conftest import kind as subsidy_kind
from .subsidies.conftest import position as subsidy_position
from .subsidies.conftest import programme as subsidy_programme
from .volunteers.scopes import VOLUNTEERS_SCOPES
from .wcongress import conftest as wch

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
    # a join application tracks its review deadline (gonghui.rules) on the union it was sent to
    Deadline: (lambda c: Deadline.objects.get(object_id=str(pending_join(c).pk), kind="join_review"),
               lambda c: Deadline.objects.get(kind="join_review", object_id=str(joins.apply(
                   union=c.grassroots2, name="钱司机", id_number=_rid("43042219880808123"), phone="13612345678").pk)),
               "organisation"),
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
    OrganisingTarget: (lambda c: target_in_county(c), lambda c: target_in_county(c, True), "organisation"),
    PaperUnionCase: (lambda c: case_in_county(c), lambda c: case_in_county(c, True), "organisation"),

    # engagement: county quizzes, banks and plans (the city's are seen by every union below it, see
    # test_engagement); attempts and check-ins hang on the member's union
    Question: (lambda c: bank(c, c.county)[0], lambda c: bank(c, c.county2)[0], "publicity"),
    Quiz: (lambda c: engagement_quiz(c, union=c.county), lambda c: engagement_quiz(c, union=c.county2),
           "publicity"),
    Attempt: (lambda c: _attempt(c, c.grassroots), lambda c: _attempt(c, c.grassroots2), "publicity"),
    ReadingPlan: (lambda c: reading_plan(c, union=c.county), lambda c: reading_plan(c, union=c.county2),
                  "publicity"),
    CheckIn: (lambda c: _checkin(c, c.grassroots), lambda c: _checkin(c, c.grassroots2), "publicity"),

    # assessments: the 衡阳县 and 衡南县 grassroots unions' own
    Assessment: (lambda c: started(c), lambda c: started(c, c.grassroots2), "organisation"),
    AssessmentItem: (lambda c: started(c).items.first(), lambda c: started(c, c.grassroots2).items.first(),
                     "organisation"),
    Evidence: (lambda c: _evidence(c, c.grassroots), lambda c: _evidence(c, c.grassroots2), "organisation"),
    RectificationTask: (lambda c: reviewed(c, outcome="rectification").tasks.get(),
                        lambda c: reviewed(c, c.grassroots2, outcome="rectification").tasks.get(), "organisation"),
    Showcase: (lambda c: assessing.designate_showcase(acting_user=c.users["city"], union=c.grassroots,
                                                      year=ASSESSMENT_YEAR, level="city"),
               lambda c: assessing.designate_showcase(acting_user=c.users["city"], union=c.grassroots2,
                                                      year=ASSESSMENT_YEAR, level="city"), "organisation"),
    SurveyResponse: (lambda c: assessing.answer_survey(member=member(c), year=ASSESSMENT_YEAR, answers=[5] * 5),
                     lambda c: assessing.answer_survey(member=member(c, c.grassroots2), year=ASSESSMENT_YEAR,
                                                       answers=[4] * 5), "organisation"),

    # events and courses: organised by each county federation (publicity department)
    Event: (lambda c: evh.open_event(c, c.county), lambda c: evh.open_event(c, c.county2), "publicity"),
    Registration: (lambda c: _signed_up(c, c.county), lambda c: _signed_up(c, c.county2), "publicity"),
    CourseTopic: (lambda c: evh.topic(c, union=c.county), lambda c: evh.topic(c, union=c.county2), "publicity"),
    TopicVote: (lambda c: _vote(c, c.county), lambda c: _vote(c, c.county2), "publicity"),
    Course: (lambda c: evh.course(c, c.county), lambda c: evh.course(c, c.county2), "publicity"),
    CourseSession: (lambda c: evh.session(c, evh.course(c, c.county)),
                    lambda c: evh.session(c, evh.course(c, c.county2)), "publicity"),
    Booking: (lambda c: _booked(c, c.county), lambda c: _booked(c, c.county2), "publicity"),

    # service positions: a position of each county's grassroots union, its check-ins, ratings and selections
    Position: (lambda c: position(c), lambda c: position(c, union=c.grassroots2), "organisation"),
    PositionCheckIn: (lambda c: _position_checkin(c, c.grassroots), lambda c: _position_checkin(c, c.grassroots2),
                      "organisation"),
    Rating: (lambda c: _rating(c, c.grassroots), lambda c: _rating(c, c.grassroots2), "organisation"),
    Selection: (lambda c: _selection(c, c.county), lambda c: _selection(c, c.county2), "organisation"),

    # subsidies: county programmes (the city's is seen by every union below it, see test_subsidies)
    PositionPlan: (lambda c: _position_plan(c, c.county), lambda c: _position_plan(c, c.county2), "organisation"),
    SubsidyProgramme: (lambda c: subsidy_programme(c, owner=c.county), lambda c: subsidy_programme(c, owner=c.county2),
                       "organisation"),
    AwardSubsidy: (lambda c: subsidy_apply(c), lambda c: subsidy_apply(c, pos=subsidy_position(c, c.grassroots2),
                                                                      by="city", union=c.grassroots2),
                   "organisation"),

    # campaigns: a county's campaign (the city's is seen by every union below it, see test_campaigns)
    Campaign: (lambda c: make_campaign(c, union=c.county), lambda c: make_campaign(c, union=c.county2), "publicity"),
    CampaignQuota: (lambda c: _quota(c, c.county, c.grassroots), lambda c: _quota(c, c.county2, c.grassroots2),
                    "publicity"),
    CampaignClaim: (lambda c: campaign_claim(make_campaign(c), campaign_member(c)).claim,
                    lambda c: campaign_claim(make_campaign(c), campaign_member(c, c.grassroots2)).claim, "publicity"),

    # elections: g1 (衡阳县) inside, g2 (衡南县) beside
    Term: (lambda c: _term(c, c.grassroots), lambda c: _term(c, c.grassroots2), "organisation"),
    OfficeHolder: (lambda c: _chair(c, c.grassroots), lambda c: _chair(c, c.grassroots2), "organisation"),
    Election: (lambda c: make_election(c), lambda c: make_election(c, union=c.grassroots2, by="county2"),
               "organisation"),
    Round: (lambda c: election_voting(c).posts.get().rounds.get(),
            lambda c: election_voting(c, union=c.grassroots2, by="county2", approver="city").posts.get().rounds.get(),
            "organisation"),

    AuditEntry: (lambda c: audit.record("update", actor=c.users["city"], obj=c.grassroots),
                 lambda c: audit.record("update", actor=c.users["city"], obj=c.grassroots2), "auditor"),
    # union congresses: the members' meeting of g1 (衡阳县) inside, of g2 (衡南县) beside
    cg.Congress: (lambda c: _cg(c, c.grassroots), lambda c: _cg(c, c.grassroots2), "organisation"),
    cg.ElectingUnit: (lambda c: _cg(c, c.grassroots).units.first(), lambda c: _cg(c, c.grassroots2).units.first(),
                      "organisation"),
    cg.Delegate: (lambda c: _cg(c, c.grassroots).delegates.first(), lambda c: _cg(c, c.grassroots2).delegates.first(),
                  "organisation"),
    cg.Session: (lambda c: _cg_session(c, c.grassroots), lambda c: _cg_session(c, c.grassroots2), "organisation"),
    cg.AgendaItem: (lambda c: _cg_session(c, c.grassroots).agenda.first(),
                    lambda c: _cg_session(c, c.grassroots2).agenda.first(), "organisation"),
    cg.Document: (lambda c: _cg_paper(c, c.grassroots), lambda c: _cg_paper(c, c.grassroots2), "organisation"),
    cg.Attendance: (lambda c: _cg_attendance(c, c.grassroots), lambda c: _cg_attendance(c, c.grassroots2),
                    "organisation"),
    cg.Motion: (lambda c: _cg_motion(c, c.grassroots), lambda c: _cg_motion(c, c.grassroots2), "organisation"),
    # 职代会: the congress of each county's grassroots union, with what hangs on it
    WorkersCongress: (lambda c: _wc(c, c.county), lambda c: _wc(c, c.county2), "organisation"),
    Delegate: (lambda c: _wc(c, c.county).delegates.first(), lambda c: _wc(c, c.county2).delegates.first(),
               "organisation"),
    Session: (lambda c: _wc_session(c, c.county), lambda c: _wc_session(c, c.county2), "organisation"),
    Motion: (lambda c: _wc_motion(c, c.county), lambda c: _wc_motion(c, c.county2), "organisation"),
    Proposal: (lambda c: wch.proposal(c, _wc(c, c.county)), lambda c: wch.proposal(c, _wc(c, c.county2)),
               "organisation"),
    Disclosure: (lambda c: _wc_disclosure(c, c.employer), lambda c: _wc_disclosure(c, c.employer2), "organisation"),
    # collective contracts of each county's grassroots union, with their negotiators and meetings
    CollectiveContract: (lambda c: _cc(c, c.county), lambda c: _cc(c, c.county2), "organisation"),
    Negotiator: (lambda c: _cc(c, c.county, meeting=True).negotiators.first(),
                 lambda c: _cc(c, c.county2, meeting=True).negotiators.first(), "organisation"),
    Meeting: (lambda c: _cc(c, c.county, meeting=True).meetings.first(),
              lambda c: _cc(c, c.county2, meeting=True).meetings.first(), "organisation"),
    # a request hangs on the union it was routed to (the employer's), a case on the union giving aid
    RightsRequest: (lambda c: rgh.request_(c), lambda c: rgh.request_(c, employer=c.employer2), "rights"),
    LegalAidCase: (lambda c: rgh.aid_case(c), lambda c: rgh.aid_case(c, union=c.county2), "rights"),
    AidProvider: (lambda c: rgh.provider(c), lambda c: rgh.provider(c, union=c.county2), "rights"),
    # disputes: the rights department's rows, at 衡阳县第一机械 (inside) and 衡南县云集化工 (outside)
    dp.MediationBody: (lambda c: _dp_body(c, c.county), lambda c: _dp_body(c, c.county2), "rights"),
    dp.MediationMember: (lambda c: _dp_body(c, c.county).members.first(),
                         lambda c: _dp_body(c, c.county2).members.first(), "rights"),
    dp.Dispute: (lambda c: _dp(c, c.county), lambda c: _dp(c, c.county2), "rights"),
    dp.Interruption: (lambda c: _dp_interruption(c, c.county), lambda c: _dp_interruption(c, c.county2), "rights"),
    dp.CourtReferral: (lambda c: _dp_referral(c, c.county), lambda c: _dp_referral(c, c.county2), "rights"),
    dp.SignalEntry: (lambda c: _dp_signal(c, c.county), lambda c: _dp_signal(c, c.county2), "rights"),
    dp.Watch: (lambda c: _dp_signal(c, c.county).employer.watch, lambda c: _dp_signal(c, c.county2).employer.watch,
               "rights"),
    dp.WatchAction: (lambda c: _dp_action(c, c.county), lambda c: _dp_action(c, c.county2), "rights"),
    **{getattr(budgets_models, name): (lambda c, n=name: bh.row(c, c.grassroots, n),
                                        lambda c, n=name: bh.row(c, c.grassroots2, n), "organisation")
       for name in ("Budget", "BudgetLine", "Adjustment", "Spending", "SpendingAttachment", "FundAudit", "Finding",
                    "FindingEvidence")},
    **{getattr(mall_models, name): (lambda c, n=name: mh.row(c, c.grassroots, n),
                                     lambda c, n=name: mh.row(c, c.grassroots2, n), "organisation")
       for name in ("Supplier", "Product", "Order", "OrderItem", "OrderRecipient", "OrderInvoice", "VoucherIssue",
                    "Voucher", "Purchase")},
    # funds: rows of a firm in 衡阳县 inside, in 衡南县 beside
    fm.Statement: (lambda c: ff.statement(c, c.county), lambda c: ff.statement(c, c.county2), "finance"),
    fm.Contribution: (lambda c: ff.contribution(c, c.county), lambda c: ff.contribution(c, c.county2), "finance"),
    fm.LedgerEntry: (lambda c: ff.entry(c, c.county), lambda c: ff.entry(c, c.county2), "finance"),
    fm.MemberDues: (lambda c: ff.dues(c, c.grassroots), lambda c: ff.dues(c, c.grassroots2), "finance"),
    fm.Refund: (lambda c: ff.refund(c, c.county), lambda c: ff.refund(c, c.county2), "finance"),
    fm.RefundBatch: (lambda c: ff.batch(c, c.county), lambda c: ff.batch(c, c.county2), "finance"),
    fm.Pairing: (lambda c: ff.pairing(c, c.county), lambda c: ff.pairing(c, c.county2), "finance"),
    fm.PairingVisit: (lambda c: ff.visit(c, c.county), lambda c: ff.visit(c, c.county2), "finance"),
}
CASES.update(HONOURS_SCOPES)
CASES.update(RECUPERATION_SCOPES)
CASES.update(VOLUNTEERS_SCOPES)
CASES.update(SKILLS_SCOPES)
CASES.update(COMPETITIONS_SCOPES)


def _cg(c, union):
    return cg.Congress.objects.filter(union=union).first() or cgh.meeting(c, 3, union)


def _cg_session(c, union):
    congress = _cg(c, union)
    return congress.sessions.first() or cgh.session(c, congress)


def _cg_paper(c, union):
    return congressing.add_document(_cg_session(c, union), acting_user=c.users["city"],
                                    kind=cg.Document.Kind.WORK_REPORT, title="工作报告", text="过去五年的工作。")


def _cg_attendance(c, union):
    s = _cg_session(c, union)
    return congressing.check_in(s, acting_user=c.users["city"], delegate=s.congress.delegates.first())


def _cg_motion(c, union):
    return congressing.add_motion(_cg_session(c, union), acting_user=c.users["city"], title="大会决议")


def _term(c, union):
    return electing.record_term(acting_user=c.users["city"], union=union, elected_on=datetime.date(2024, 1, 1))


def _chair(c, union):
    return electing.appoint(acting_user=c.users["city"], union=union, office="chair", name="刘越高",
                            appointment="elected", from_on=datetime.date(2024, 1, 1))


def _attempt(c, union):
    q = Quiz.objects.filter(union=c.root).first() or engagement_quiz(c)
    m = engagement_member(c, union)
    return engagement.start_attempt(acting_user=m.user, quiz=q)


def _checkin(c, union):
    p = ReadingPlan.objects.filter(union=c.root).first() or reading_plan(c)
    return engagement.check_in(acting_user=engagement_member(c, union).user, plan=p, note="读书")


def _evidence(c, union):
    a = started(c, union)
    return assessing.add_evidence(a, a.items.first(), acting_user=c.users["city"], uploads=[png()])[0]


def _position_checkin(c, union):
    from django.utils import timezone

    return PositionCheckIn.objects.create(position=position(c, union=union), member=member(c, union),
                                          day=timezone.localdate())


def _rating(c, union):
    return Rating.objects.create(position=position(c, union=union), member=member(c, union), year=YEAR, stars=4)


def _selection(c, union):
    return Selection.objects.create(union=union, kind=position_kind(), year=YEAR, confirmed_by=c.users["city"])
def _quota(c, county, union):
    import datetime

    from django.utils import timezone

    release = timezone.now() + datetime.timedelta(minutes=5)
    return make_campaign(c, union=county, mode="quota", quotas=[(union, 2, release)]).quotas.get()


def _booking(c, union):
    if not ScreeningQuota.objects.filter(union=union).exists():
        aid.set_quota(acting_user=c.users["rights"], union=union, year=YEAR, slots=2)
    return aid.book_screening(acting_user=c.users["rights"], member=member(c, union, sex="F"), year=YEAR)


def _events_member(c, county):
    return evh.member(c, c.grassroots if county == c.county else c.grassroots2)


def _signed_up(c, county):
    m = _events_member(c, county)
    return ev.sign_up(evh.open_event(c, county), member=m, acting_user=m.user)


def _vote(c, county):
    m = _events_member(c, county)
    return ev.vote(evh.topic(c, union=county), member=m, acting_user=m.user)


def _booked(c, county):
    m = _events_member(c, county)
    return ev.book(evh.session(c, evh.course(c, county)), member=m, acting_user=m.user)
def _position_plan(c, union):
    from gonghui.subsidies import services as subsidies

    return subsidies.create_plan(acting_user=c.users["city"], union=union, kind=subsidy_kind(), target=5,
                                 start_year=2026, end_year=2028)


def _visit(c, union):
    import datetime

    from django.utils import timezone

    return Visit.objects.create(programme=student_aid(c), union=union, target="enterprise", visited_name="某企业",
                                visited_on=timezone.localdate() - datetime.timedelta(days=1),
                                created_by=c.users["rights"])


def _wc(c, county):
    union, employer = (c.grassroots, c.employer) if county == c.county else (c.grassroots2, c.employer2)
    return WorkersCongress.objects.filter(union=union).first() or wch.congress(
        c, union=union, employer_=employer, delegates=3, logins=3)


def _wc_session(c, county):
    from datetime import date

    from gonghui.wcongress import services as wc

    return wc.create_session(_wc(c, county), acting_user=c.users["city"], held_on=date(2026, 3, 1))


def _wc_motion(c, county):
    return Motion.objects.create(session=_wc_session(c, county), title="决议", delegates_total=3, present=3,
                                 in_favour=3, against=0, abstain=0, passed=True, rule_text="",
                                 recorded_by=c.users["city"])


def _wc_disclosure(c, employer):
    from datetime import date

    from gonghui.wcongress import services as wc

    return wc.plan_disclosures(employer, acting_user=c.users["city"], period_start=date(2026, 1, 1))[0]


def _cc(c, county, meeting=False):
    from datetime import date

    from .contracts.conftest import contract, negotiating

    union, employer = (c.grassroots, c.employer) if county == c.county else (c.grassroots2, c.employer2)
    k = contract(c, union=union, employer=employer, requested_on=date(2026, 3, 4))
    return negotiating(c, k) if meeting else k
def _dp_where(c, county):
    return (c.grassroots, c.employer) if county == c.county else (c.grassroots2, c.employer2)


def _dp_body(c, county):
    from gonghui.disputes import services as ds

    union, employer = _dp_where(c, county)
    body = dp.MediationBody.objects.filter(employer=employer).first()
    if body is None:
        body = ds.create_body(acting_user=c.users["rights"], union=union,
                              kind="enterprise", name=f"{employer.name}调解委员会", employer=employer)
        ds.add_mediator(body, acting_user=c.users["rights"], name="主任", side="workers", is_chair=True,
                        from_union=True)
    return body


def _dp(c, county):
    union, employer = _dp_where(c, county)
    return dph.dispute(c, employer_=employer, union=union)


def _dp_interruption(c, county):
    import datetime

    from gonghui.disputes import services as ds

    return ds.add_interruption(_dp(c, county), acting_user=c.users["rights"], on=datetime.date(2026, 2, 26),
                               kind="claimed")


def _dp_referral(c, county):
    import datetime

    from gonghui.disputes import services as ds

    _union, employer = _dp_where(c, county)
    return ds.refer(acting_user=c.users["rights"], union=county, court="人民法院", court_case=f"案{county.pk}",
                    referred_on=datetime.date(2026, 3, 2), employer=employer, worker_name="李四", claim="other",
                    event_on=datetime.date(2026, 2, 1), knew_on=datetime.date(2026, 2, 1))


def _dp_signal(c, county):
    from django.utils import timezone

    from gonghui.disputes import services as ds

    union, employer = _dp_where(c, county)
    return ds.add_signal(acting_user=c.users["rights"], union=union, employer=employer, code="layoff",
                         on=timezone.localdate())


def _dp_action(c, county):
    from django.utils import timezone

    from gonghui.disputes import services as ds

    return ds.add_watch_action(_dp_signal(c, county).employer.watch, acting_user=c.users["rights"],
                               on=timezone.localdate(), text="约谈企业负责人")


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
