from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    label = "rights"
    verbose_name = _("Workers' requests (12351) and legal aid")

    def ready(self):
        from gonghui.rules import deadlines

        deadlines.register_kind("request_due", _("Workers' request (12351) to close"))
        deadlines.register_kind("legal_aid_decision", _("Legal aid application to decide"))
