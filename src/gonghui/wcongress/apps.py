from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WcongressConfig(AppConfig):
    name = "gonghui.wcongress"
    label = "wcongress"
    verbose_name = _("Workers' congresses, proposals and disclosure")

    def ready(self):
        from gonghui.rules import deadlines

        deadlines.register_kind("proposal_reply", _("Reply to a workers' congress proposal"))
        deadlines.register_kind("disclosure_due", _("厂务公开 item to publish"))
        deadlines.register_kind("congress_report", _("Workers' congress session to report to the higher union"))
