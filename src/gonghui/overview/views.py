"""The first page after sign-in: the overview of the user's subtree for staff (figures from
the domain apps, each linking to its rows), the member's home for members."""

import json

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import replica
from gonghui.core.access import has_perm_anywhere
from gonghui.core.navigation import current_scope_union, member_entries, menu_for
from gonghui.orgs import queries as org_queries


@login_required
@replica.report
def home(request):
    """Figures for the user's subtree; every number links to the rows behind it."""
    if request.user.kind == request.user.Kind.MEMBER:
        from gonghui.members.models import Member

        member = Member.objects.of_user(request.user)
        return render(request, "overview/member_home.html",
                      {"title": _("Member home"), "member": member, "entries": member_entries()})
    focus = current_scope_union(request)
    context = {"title": _("Overview")}
    if has_perm_anywhere(request.user, "orgs.view_union"):
        unions = org_queries.union_figures(request.user, focus)
        employers = org_queries.employer_figures(request.user, focus)
        context |= {
            "unions": unions, "employers": employers,
            "chart_kind": json.dumps({"type": "pie", "items": [k for k in unions["by_kind"] if k["value"]]},
                                     ensure_ascii=False),
            "chart_region": json.dumps({"type": "bar", "items": unions["by_region"]}, ensure_ascii=False),
        }
    else:
        # An account without the overview (a merchant's counter, a department with one task):
        # its first page leads to the pages it may open, and says "no grant" only when none.
        context["tasks"] = menu_for(request.user)
    if has_perm_anywhere(request.user, "members.view_member"):
        from gonghui.members.queries import member_total

        url = reverse("members:list") + (f"?under={focus.pk}" if focus is not None else "")
        context["members"] = {"total": member_total(request.user, focus), "url": url}
    return render(request, "overview/home.html", context)
