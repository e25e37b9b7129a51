from django.contrib import admin
from django.urls import include, path

from .api import api
from .core.health import healthz, readyz
from .core.metrics import metrics

handler400 = "gonghui.core.middleware.bad_request"
handler500 = "gonghui.core.middleware.server_error"

admin.site.site_header = "Gonghui 工会 · 平台运维"
admin.site.site_title = "Gonghui"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    # Django tries the patterns in order: the API first spares each API call (a claim rush) the
    # failed matches of every page prefix; no page address starts with api/v1/.
    path("api/v1/", api.urls),
    path("", include("gonghui.overview.urls")),
    path("", include("gonghui.core.urls")),
    path("accounts/", include("gonghui.accounts.urls")),
    path("orgs/", include("gonghui.orgs.urls")),
    path("members/", include("gonghui.members.urls")),
    path("hardship/", include("gonghui.hardship.urls")),
    path("assistance/", include("gonghui.assistance.urls")),
    path("medical-aid/", include("gonghui.medicalaid.urls")),
    path("campaigns/", include("gonghui.campaigns.urls")),
    path("events/", include("gonghui.events.urls")),
    path("workers-congress/", include("gonghui.wcongress.urls")),
    path("rights/", include("gonghui.rights.urls")),
    path("disputes/", include("gonghui.disputes.urls")),
    path("funds/", include("gonghui.funds.urls")),
    path("engagement/", include("gonghui.engagement.urls")),
    path("assessments/", include("gonghui.assessments.urls")),
    path("coverage/", include("gonghui.coverage.urls")),
    path("positions/", include("gonghui.positions.urls")),
    path("subsidies/", include("gonghui.subsidies.urls")),
    path("congress/", include("gonghui.congress.urls")),
    path("elections/", include("gonghui.elections.urls")),
    path("collective-contracts/", include("gonghui.contracts.urls")),
    path("honours/", include("gonghui.honours.urls")),
    path("budgets/", include("gonghui.budgets.urls")),
    path("recuperation/", include("gonghui.recuperation.urls")),
    path("mall/", include("gonghui.mall.urls")),
    path("volunteers/", include("gonghui.volunteers.urls")),
    path("skills/", include("gonghui.skills.urls")),
    path("competitions/", include("gonghui.competitions.urls")),
    path("studios/", include("gonghui.studios.urls")),
    path("notices/", include("gonghui.notices.urls")),
    path("rules/", include("gonghui.rules.urls")),
    path("ops/", admin.site.urls),
]
