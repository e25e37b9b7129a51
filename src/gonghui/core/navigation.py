"""The shell's navigation: menus by department, shown by permission, and the subtree focus."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import has_perm_anywhere

FOCUS_KEY = "focus_union"

# (section title, [(label, url name, permission)]): later apps append their sections.
MENU = [
    (_("Organisation"), [
        (_("Unions"), "orgs:union_list", "orgs.view_union"),
        (_("Employers"), "orgs:employer_list", "orgs.view_employer"),
        (_("Divisions"), "orgs:region_list", "orgs.view_region"),
        (_("Staff accounts"), "accounts:staff_list", "accounts.view_grant"),
    ]),
    (_("Members"), [
        (_("Member roster"), "members:list", "members.view_member"),
        (_("Enrol a member"), "members:create", "members.add_member"),
        (_("Roster imports"), "members:imports", "members.view_memberimport"),
        (_("Transfers"), "members:transfers", "members.view_member"),
        (_("Join applications"), "members:join_list", "members.view_joinapplication"),
        (_("Verify a member card"), "members:verify", "members.view_member"),
        (_("Paper-member clean-up"), "members:cleanup", "members.view_member"),
        (_("Clean-up report"), "members:cleanup_report", "members.view_member"),
    ]),
    (_("Hardship files"), [
        (_("Hardship files"), "hardship:list", "hardship.view_hardshipfile"),
        (_("Open a hardship file"), "hardship:create", "hardship.add_hardshipfile"),
        (_("公示 list"), "hardship:publicity", "hardship.view_hardshipfile"),
        (_("低保 standards"), "hardship:dibao_list", "hardship.view_hardshipfile"),
    ]),
    (_("Assistance"), [
        (_("Assistance programmes"), "assistance:programme_list", "assistance.view_programme"),
        (_("Assistance applications"), "assistance:application_list", "assistance.view_assistanceapplication"),
        (_("Payment batches"), "assistance:batch_list", "assistance.view_paymentbatch"),
        (_("Condolence visits"), "assistance:visit_list", "assistance.view_visit"),
        (_("Year report"), "assistance:year_report", "hardship.view_hardshipfile"),
    ]),
    (_("Mutual medical aid"), [
        (_("Mutual-aid plans"), "medicalaid:plans", "medicalaid.view_plan"),
        (_("Mutual-aid enrolments"), "medicalaid:enrolments", "medicalaid.view_enrolment"),
        (_("Enrolled members"), "medicalaid:enrolled", "medicalaid.view_enrolledmember"),
        (_("Mutual-aid claims"), "medicalaid:claims", "medicalaid.view_claim"),
        (_("Two-cancer screening quotas"), "medicalaid:quotas", "medicalaid.view_screeningquota"),
        (_("Two-cancer screening bookings"), "medicalaid:bookings", "medicalaid.view_screeningbooking"),
    ]),
    (_("Benefit campaigns"), [
        (_("Benefit campaigns"), "campaigns:list", "campaigns.view_campaign"),
        (_("New benefit campaign"), "campaigns:create", "campaigns.add_campaign"),
        (_("Benefit claims"), "campaigns:claims", "campaigns.view_claim"),
        (_("Redeem a code"), "campaigns:redeem", "campaigns.redeem_claim"),
        (_("My redemptions"), "campaigns:redeemed", "campaigns.redeem_claim"),
        (_("Suspicious bursts"), "campaigns:bursts", "campaigns.view_campaign"),
    ]),
    (_("Events and courses"), [
        (_("Events"), "events:list", "events.view_event"),
        (_("Event sign-ups and attendance"), "events:registrations", "events.view_registration"),
        (_("Course topics (你点菜)"), "events:topics", "events.view_coursetopic"),
        (_("Courses (我买单)"), "events:courses", "events.view_course"),
        (_("Course bookings and attendance"), "events:bookings", "events.view_booking"),
    ]),
    (_("Workers' congresses"), [
        (_("Workers' congresses"), "wcongress:list", "wcongress.view_workerscongress"),
        (_("Proposals"), "wcongress:proposals", "wcongress.view_proposal"),
        (_("Disclosure (厂务公开)"), "wcongress:disclosures", "wcongress.view_disclosure"),
    ]),
    (_("Collective contracts"), [
        (_("Collective contracts"), "contracts:list", "contracts.view_collectivecontract"),
        (_("Collective contract coverage"), "contracts:coverage", "contracts.view_collectivecontract"),
    ]),
    (_("Rights protection"), [
        (_("Workers' requests (12351)"), "rights:list", "rights.view_request"),
        (_("Record a hotline call"), "rights:create", "rights.add_request"),
        (_("Requests board"), "rights:board", "rights.view_request"),
        (_("Legal aid"), "rights:aid_list", "rights.view_legalaidcase"),
        (_("Lawyers and volunteers"), "rights:providers", "rights.view_aidprovider"),
    ]),
    (_("Labour disputes"), [
        (_("Labour disputes"), "disputes:list", "disputes.view_dispute"),
        (_("Mediation bodies"), "disputes:bodies", "disputes.view_mediationbody"),
        (_("Court referrals (诉调对接)"), "disputes:referrals", "disputes.view_courtreferral"),
        (_("Labour-relations warning"), "disputes:watches", "disputes.view_watch"),
        (_("Warning signals"), "disputes:signals", "disputes.view_signalentry"),
    ]),
    (_("Union funds"), [
        (_("Income by level"), "funds:index", "funds.view_ledgerentry"),
        (_("Collection statements"), "funds:statements", "funds.view_statement"),
        (_("Contributions (经费)"), "funds:contributions", "funds.view_contribution"),
        (_("Member dues (会费)"), "funds:dues", "funds.view_memberdues"),
        (_("Small-firm refunds"), "funds:refunds", "funds.view_refund"),
        (_("Pairings with small firms (双联)"), "funds:pairings", "funds.view_pairing"),
    ]),
    (_("Quizzes and reading"), [
        (_("Quiz question bank"), "engagement:questions", "engagement.view_question"),
        (_("Monthly quizzes"), "engagement:quizzes", "engagement.view_quiz"),
        (_("Quiz results"), "engagement:attempts", "engagement.view_attempt"),
        (_("Workers' library books"), "engagement:books", "engagement.view_book"),
        (_("Reading plans"), "engagement:plans", "engagement.view_readingplan"),
        (_("Reading check-ins"), "engagement:checkins", "engagement.view_checkin"),
    ]),
    (_("Six-haves assessment"), [
        (_("六有六规范 assessments"), "assessments:list", "assessments.view_assessment"),
        (_("Assessment progress"), "assessments:progress", "assessments.view_assessment"),
        (_("Rectification tasks"), "assessments:tasks", "assessments.view_rectificationtask"),
        (_("Showcase unions"), "assessments:showcases", "assessments.view_showcase"),
    ]),
    (_("Founding coverage"), [
        (_("Founding coverage"), "coverage:overview", "coverage.view_organisingtarget"),
        (_("New-economy sectors"), "coverage:new_economy", "coverage.view_organisingtarget"),
        (_("Organising targets"), "coverage:targets", "coverage.view_organisingtarget"),
        (_("Paper-union detection"), "coverage:paper_unions", "coverage.view_paperunioncase"),
        (_("Paper-union cases"), "coverage:cases", "coverage.view_paperunioncase"),
        (_("Paper-union report"), "coverage:report", "coverage.view_paperunioncase"),
    ]),
    (_("Service positions"), [
        (_("Service positions"), "positions:list", "positions.view_position"),
        (_("Register a position"), "positions:create", "positions.add_position"),
        (_("Map of service positions"), "positions:map", "positions.view_position"),
        (_("Yearly selection"), "positions:selection", "positions.view_position"),
    ]),
    (_("Award subsidies"), [
        (_("Construction plans"), "subsidies:plans", "subsidies.view_positionplan"),
        (_("Award subsidy programmes"), "subsidies:programmes", "subsidies.view_subsidyprogramme"),
        (_("Award subsidies"), "subsidies:list", "subsidies.view_awardsubsidy"),
        (_("Award subsidy totals"), "subsidies:report", "subsidies.view_awardsubsidy"),
    ]),
    (_("Congresses"), [
        (_("Congresses"), "congress:list", "congress.view_congress"),
        (_("New congress"), "congress:create", "congress.add_congress"),
        (_("Delegates"), "congress:delegates", "congress.view_delegate"),
    ]),
    (_("Terms and elections"), [
        (_("Terms and re-elections (换届)"), "elections:terms", "elections.view_term"),
        (_("Office-holders"), "elections:holders", "elections.view_officeholder"),
        (_("Elections"), "elections:elections", "elections.view_election"),
    ]),
    (_("Model workers and honours"), [
        (_("Honours"), "honours:list", "honours.view_honour"),
        (_("Selection rounds"), "honours:rounds", "honours.view_selectionround"),
        (_("Nominations"), "honours:nominations", "honours.view_nomination"),
        (_("Model worker visits"), "honours:visits", "honours.view_modelworkervisit"),
        (_("Model worker living subsidy"), "honours:subsidy_living", "assistance.add_assistanceapplication"),
        (_("Model worker special hardship help"), "honours:subsidy_special", "assistance.add_assistanceapplication"),
        (_("Honours report"), "honours:report", "honours.view_honour"),
    ]),
    (_("Recuperation (疗休养)"), [
        (_("Recuperation batches"), "recuperation:batches", "recuperation.view_batch"),
        (_("Recuperation offers"), "recuperation:offers", "recuperation.view_offer"),
        (_("Recuperation bases"), "recuperation:bases", "recuperation.view_base"),
    ]),
    (_("Volunteer service (志愿服务)"), [
        (_("Volunteer service figures"), "volunteers:figures", "volunteers.view_team"),
        (_("Volunteer teams"), "volunteers:teams", "volunteers.view_team"),
        (_("Volunteer activities"), "volunteers:activities", "volunteers.view_activity"),
        (_("Volunteer hours"), "volunteers:hours", "volunteers.view_shift"),
    ]),
    (_("One skilled worker per household"), [
        (_("Skills figures"), "skills:figures", "skills.view_enrolment"),
        (_("Training enrolments"), "skills:enrolments", "skills.view_enrolment"),
        (_("Rural workshops"), "skills:workshops", "skills.view_workshop"),
    ]),
    (_("Competitions and innovation"), [
        (_("Labour and skills competitions"), "competitions:list", "competitions.view_competition"),
        (_("Competition awards"), "competitions:awards", "competitions.view_award"),
        (_("Competition figures"), "competitions:figures", "competitions.view_award"),
        (_("五小 entries"), "competitions:innovations", "competitions.view_innovation"),
        (_("Innovation studios"), "studios:list", "studios.view_studio"),
        (_("Mentorships"), "studios:mentorships", "studios.view_mentorship"),
        (_("Studio alliances"), "studios:alliances", "studios.view_alliance"),
    ]),
    (_("Audit"), [
        (_("Audit trail"), "core:audit_list", "core.view_auditentry"),
    ]),
    (_("Budgets and spending"), [
        (_("Budgets"), "budgets:list", "budgets.view_budget"),
        (_("Spending entries"), "budgets:spending", "budgets.view_spending"),
        (_("Enter spending"), "budgets:spending_new", "budgets.add_spending"),
        (_("Budget against actual"), "budgets:report", "budgets.view_budget"),
        (_("Fund audits (经审)"), "budgets:audits", "budgets.view_fundaudit"),
    ]),
    ("职工商城", [
        ("商城目录", "mall:products", "mall.view_product"),
        ("商城供应商", "mall:suppliers", "mall.view_supplier"),
        ("定向采购", "mall:orders", "mall.view_order"),
        ("电子券发放", "mall:issues", "mall.view_voucherissue"),
        ("电子券", "mall:vouchers", "mall.view_voucher"),
    ]),
]


# The member's own pages (H5), as (label, url name, test id): each app adds its entries.
MEMBER_ENTRIES = [
    (_("My notices"), "notices:inbox", "my-notices"),  # the home page shows its unread count
    (_("My member card"), "members:card", "my-card"),
    (_("My hardship file"), "hardship:mine", "my-hardship"),
    (_("My assistance"), "assistance:my", "my-assistance"),
    (_("My mutual medical aid"), "medicalaid:mine", "my-medical-aid"),
    (_("Monthly quiz"), "engagement:my_quiz", "my-quiz"),
    (_("Reading check-in"), "engagement:my_reading", "my-reading"),
    (_("Rate my union"), "assessments:survey", "my-survey"),
    (_("My congress seat"), "congress:my", "my-congress"),
    (_("Events"), "events:my_events", "my-events"),
    (_("Course voting"), "events:my_topics", "my-topics"),
    (_("Courses"), "events:my_courses", "my-courses"),
    (_("My proposals"), "wcongress:my_proposals", "my-proposals"),
    (_("Ask the union for help (12351)"), "rights:my_requests", "my-requests"),
    (_("My employer's disclosures"), "wcongress:my_disclosures", "my-disclosures"),
    (_("Service positions near me"), "positions:near", "my-positions"),
    (_("Benefits for me"), "campaigns:mine", "my-benefits"),
    (_("My benefit claims"), "campaigns:my_claims", "my-claims"),
    (_("My honours"), "honours:my_honours", "my-honours"),
    (_("My recuperation"), "recuperation:my_offers", "my-recuperation"),
    (_("My volunteer hours"), "volunteers:my_hours", "my-volunteering"),
    ("我的电子券", "mall:my_vouchers", "my-vouchers"),
    (_("A copy of my personal data"), "members:my_data", "my-data"),
]


def member_entries():
    return [(label, reverse(name), testid) for label, name, testid in MEMBER_ENTRIES]


def breadcrumbs(request):
    """The trail above a page that does not draw its own (lists and forms): 首页 › the menu
    section › the list the page belongs to, found from the page's url name in MENU. A page in
    the menu is the last crumb itself; another page of the same app (an edit form) hangs
    under the app's first list."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name or match.view_name == "overview:home":
        return []
    namespace = match.view_name.split(":")[0]
    trail, fallback = None, None
    for section, items in MENU:
        for label, name, _perm in items:
            if name == match.view_name:
                trail = [(section, None)]
            elif fallback is None and name.split(":")[0] == namespace:
                fallback = [(section, None), (label, reverse(name))]
        if trail:
            break
    return [(_("Home"), reverse("overview:home")), *(trail or fallback or [])]


def menu_for(user):
    out = []
    for title, items in MENU:
        shown = [(label, reverse(name)) for label, name, perm in items if has_perm_anywhere(user, perm)]
        if shown:
            out.append((title, shown))
    return out


def current_scope_union(request):
    """The union the user chose to focus on (the subtree switcher), if it is still in scope."""
    from gonghui.orgs.models import Union

    pk = request.session.get(FOCUS_KEY)
    if not pk:
        return None
    if not hasattr(request, "_focus_union"):
        request._focus_union = Union.objects.restrict(request.user).filter(pk=pk).first()
    return request._focus_union
