"""Help: a short Chinese text per task (what the page is for, the rule behind it), linked from
every page. The texts live in one folder, templates/core/help/, one file per topic; this
registry maps url names to topics. A url name not listed falls back to its app's topic, so a
new page of an app links to that app's help until it gets a topic of its own."""

from django.utils.translation import gettext_lazy as _

# topic -> title; the text is templates/core/help/<topic>.html
TOPICS = {
    "overview": _("The overview"),
    "unions": _("Unions and the union tree"),
    "employers": _("Employers and the founding rate"),
    "staff": _("Staff accounts and grants"),
    "roster": _("The member roster"),
    "joins": _("Join applications"),
    "imports": _("Roster imports"),
    "transfers": _("Transfers between unions"),
    "hardship": _("Hardship files"),
    "assistance": _("Assistance programmes and applications"),
    "medicalaid": _("Mutual medical aid and two-cancer screening"),
    "campaigns": _("Benefit campaigns"),
    "events": _("Events and courses"),
    "wcongress": _("Workers' congresses, proposals and disclosure"),
    "rights": _("Workers' requests (12351) and legal aid"),
    "disputes": _("Labour disputes, mediation and early warning"),
    "funds": _("Union funds: contributions, dues and the small-firm refund"),
    "engagement": _("Monthly quiz and reading"),
    "assessments": _("The six-haves assessment"),
    "coverage": _("Founding coverage and paper unions"),
    "positions": _("Service positions"),
    "subsidies": _("Award subsidies"),
    "congress": _("Congresses, delegates and sessions"),
    "elections": _("Terms, re-elections and elections"),
    "contracts": _("Collective contracts and wage bargaining"),
    "honours": _("Model workers, honours and selection rounds"),
    "budgets": _("Budgets, spending caps and fund audits"),
    "recuperation": _("Recuperation (疗休养)"),
    "volunteers": _("Volunteer service (志愿服务)"),
    "skills": _("One skilled worker per household (一户一产业工人)"),
    "competitions": _("Labour and skills competitions, 五小 entries"),
    "studios": _("Innovation studios and mentorships"),
    "mall": "职工商城与电子券",
    "audit": _("The audit trail"),
    "deadlines": _("Deadlines and the rulebook"),
    "notices": _("Notices"),
    "lists": _("Working with lists: filters, print, export, bulk actions"),
    "member": _("For members: the phone pages"),
}

# url name (or "namespace:") -> topic; the most specific entry wins.
PAGES = {
    "core:": "overview", "overview:": "overview",
    "core:audit_list": "audit", "core:audit_detail": "audit", "core:audit_verify": "audit",
    "orgs:": "unions", "orgs:employer_list": "employers", "orgs:employer_detail": "employers",
    "orgs:employer_create": "employers", "orgs:employer_edit": "employers",
    "accounts:": "staff",
    "members:": "roster", "members:join_list": "joins", "members:join_detail": "joins", "members:join_bulk": "joins",
    "members:imports": "imports", "members:import_create": "imports", "members:import_detail": "imports",
    "members:transfers": "transfers", "members:transfer_in": "transfers",
    "hardship:": "hardship", "assistance:": "assistance", "medicalaid:": "medicalaid", "campaigns:": "campaigns",
    "events:": "events", "wcongress:": "wcongress", "rights:": "rights", "funds:": "funds",
    "engagement:": "engagement",
    "assessments:": "assessments", "coverage:": "coverage",
    "positions:": "positions", "subsidies:": "subsidies", "rules:": "deadlines", "notices:": "notices",
    "congress:": "congress",
    "elections:": "elections",
    "contracts:": "contracts",
    "honours:": "honours",
    "disputes:": "disputes",
    "budgets:": "budgets",
    "recuperation:": "recuperation",
    "volunteers:": "volunteers",
    "skills:": "skills",
    "competitions:": "competitions", "studios:": "studios",
    "mall:": "mall", "mall:my_vouchers": "member", "mall:my_voucher": "member",
}


def topic_for(view_name, member=False):
    if member:
        return "member"
    if not view_name:
        return None
    if view_name in PAGES:
        return PAGES[view_name]
    return PAGES.get(view_name.split(":")[0] + ":")
