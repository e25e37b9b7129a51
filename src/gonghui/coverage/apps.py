from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "gonghui.coverage"
    label = "coverage"
    verbose_name = _("Founding coverage")

    def ready(self):
        from gonghui.orgs.services import union_revoked_checks

        from .services import revoke_checks

        union_revoked_checks.connect(revoke_checks, dispatch_uid="gonghui.coverage.revoke_checks")
