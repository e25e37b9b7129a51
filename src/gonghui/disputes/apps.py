from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "gonghui.disputes"
    label = "disputes"
    verbose_name = _("Labour disputes, mediation and early warning")

    def ready(self):
        from gonghui.rules import deadlines

        from .models import DEADLINE_KINDS

        for kind, label in DEADLINE_KINDS.items():
            deadlines.register_kind(kind, label)
