"""The departments' default roles. Synced after every migrate: a role is created when
missing and gains any default permission it lacks; operators may add more in the admin."""

from fnmatch import fnmatch

from django.utils.translation import gettext_noop as N_

VIEW_ALL = ("*.view_*",)
# Health, disability, income and bank details of hardship files: the rights department only
# (a pattern starting with "!" takes a permission away again).
SENSITIVE_HARDSHIP = "hardship.read_details_hardshipfile"
# The 经审 committee's own work (audits, findings, rectification, report): the one write a
# read-only role keeps (core.access keeps "audit_" permissions of read-only roles).
FUND_AUDIT = "budgets.audit_fundaudit"

DEFAULT_ROLES = {
    # code: (name, description, read_only, permission patterns "app.codename")
    "operator": (N_("Operator"), N_("Platform administration: deploys, configures, backs up."), False,
                 ("*.*", f"!{SENSITIVE_HARDSHIP}")),
    "organisation": (N_("Organisation department"), N_("Union tree, employers, staff accounts."), False,
                     ("orgs.*_union", "orgs.*_employer", "orgs.view_region", "accounts.view_user",
                      "accounts.add_user", "accounts.change_user", "accounts.view_grant", "accounts.add_grant",
                      "accounts.delete_grant", "core.view_code", "members.*", "hardship.view_hardshipfile",
                      "assessments.*", "coverage.*", "positions.*", "subsidies.*", "congress.*", "wcongress.*",
                      "elections.*", "contracts.*", "honours.*", "rights.*", "recuperation.*", "skills.*",
                      "competitions.*", "studios.*", "budgets.view_*", "funds.view_*", "funds.add_pairing",
                      "funds.add_pairingvisit", "rules.view_deadline", "mall.view_*")),
    "rights": (N_("Rights & assistance department"), N_("Hardship files, assistance, legal aid."), False,
               ("orgs.view_*", "core.view_code", "members.view_*", "hardship.*", "assistance.*", "medicalaid.*",
                "contracts.*", "wcongress.view_*", "wcongress.add_motion", "rights.*", "disputes.*",
                "rules.view_deadline")),
    "publicity": (N_("Publicity & benefits department"), N_("Benefit campaigns, events, engagement."), False,
                  ("orgs.view_*", "core.view_code", "members.view_*", "campaigns.*", "events.*", "engagement.*",
                   "volunteers.*",
                   "rules.view_deadline",
                   # the mall's catalogue: suppliers and products (issue 18)
                   "mall.view_*", "mall.*_supplier", "mall.*_product")),
    "finance": (N_("Finance department"), N_("Union dues and spending."), False,
                ("orgs.view_*", "core.view_code", "members.view_*", "subsidies.view_*",
                 "subsidies.pay_awardsubsidy", "rules.view_deadline",
                 # budgets and spending; the 经审 audits are the audit committee's, not finance's
                 "budgets.*", f"!{FUND_AUDIT}", "funds.*", "mall.*")),
    "auditor": (N_("Fund auditor"), N_("Reads everything in scope, including the audit trail; changes "
                                       "nothing but its own fund audits (经审)."), True, (*VIEW_ALL, FUND_AUDIT)),
    "union_staff": (N_("Grassroots union staff"), N_("Keeps their own union's records."), False,
                    ("orgs.view_*", "orgs.change_union", "orgs.reveal_union", "core.view_code", "members.view_*",
                     "members.add_*",
                     "members.change_*", "members.reveal_member", "hardship.view_hardshipfile",
                     "hardship.add_hardshipfile", "assistance.view_*", "assistance.add_assistanceapplication",
                     "assistance.add_visit",
                     "medicalaid.view_*", "medicalaid.add_enrolment", "medicalaid.add_enrolledmember",
                     "medicalaid.add_claim", "medicalaid.add_claimattachment", "medicalaid.add_screeningbooking",
                     "campaigns.view_*", "campaigns.redeem_claim", "events.view_*", "events.add_event",
                     "events.change_event", "events.change_registration", "engagement.view_*",
                     "assessments.view_*", "assessments.add_assessment", "assessments.change_assessment",
                     "assessments.add_evidence", "assessments.change_rectificationtask", "coverage.view_*",
                     "positions.view_*", "positions.add_position", "positions.change_position",
                     "subsidies.view_*", "subsidies.add_awardsubsidy", "congress.view_*", "congress.add_congress",
                     "congress.change_congress", "congress.add_delegate", "congress.change_delegate",
                     "congress.add_attendance", "congress.change_motion", "wcongress.*", "elections.view_*",
                     "elections.add_term", "elections.change_term", "elections.add_election",
                     "elections.change_election", "elections.add_officeholder", "elections.recall_officeholder",
                     "contracts.*", "rules.view_deadline",
                     "honours.view_*", "honours.add_nomination", "honours.change_nomination",
                     "rights.view_request", "rights.change_request", "rights.add_request",
                     "rights.view_legalaidcase", "rights.add_legalaidcase", "rights.view_aidprovider",
                     "disputes.view_mediationbody", "disputes.view_mediationmember",
                     "disputes.add_mediationmember", "disputes.view_dispute", "disputes.add_dispute",
                     "disputes.change_dispute", "disputes.view_interruption", "disputes.view_signalentry",
                     "disputes.add_signalentry",
                     "budgets.view_*", "budgets.add_budget", "budgets.change_budget",
                     "budgets.add_spending", "budgets.change_spending", "budgets.add_adjustment",
                     "budgets.change_adjustment",
                     "funds.view_*", "funds.add_contribution", "funds.add_memberdues",
                     "funds.change_memberdues", "funds.add_refund",
                     "recuperation.view_*", "recuperation.add_offer", "volunteers.*", "skills.view_*",
                     "competitions.view_*", "competitions.add_registration", "competitions.add_innovation",
                     "competitions.change_innovation", "studios.view_*", "studios.add_project",
                     "studios.add_mentorship", "studios.change_mentorship",
                     "mall.view_*", "mall.add_order", "mall.change_order", "mall.add_orderinvoice",
                     "mall.add_voucherissue", "mall.change_voucherissue")),
    "merchant": (N_("Merchant"), N_("Redeems benefit claims at a partner shop or venue; sees nothing else."), False,
                 ("campaigns.redeem_claim",)),  # no campaign board, claims or bursts (issue 21)
}


def matches(perm, patterns):
    """True when some pattern grants `perm` and no "!pattern" takes it back."""
    granted = any(fnmatch(perm, p) for p in patterns if not p.startswith("!"))
    return granted and not any(fnmatch(perm, p[1:]) for p in patterns if p.startswith("!"))


def sync_roles(**kwargs):
    """post_migrate: make sure every default role exists with its default permissions."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission

    from .models import Role

    # Once per migrate or flush, after the last of our apps (with models: only those get the
    # signal), when every app's permissions exist; a flush in each transactional test ran it
    # once per app before, 29 times over every permission and role.
    ours = [c for c in apps.get_app_configs() if c.name.startswith("gonghui.") and c.models_module is not None]
    sender = kwargs.get("sender")
    if sender is None or sender.name != ours[-1].name:
        return
    ours = [c.label for c in ours]
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=kwargs.get("using", "default"))
    perms = list(Permission.objects.filter(content_type__app_label__in=[*ours, "auth"])
                 .select_related("content_type"))
    for i, (code, (name, description, read_only, patterns)) in enumerate(DEFAULT_ROLES.items()):
        role, _ = Role.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "read_only": read_only, "sort": i})
        wanted = [p for p in perms if matches(f"{p.content_type.app_label}.{p.codename}", patterns)]
        role.permissions.add(*wanted)
