from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "gonghui.rules"
    label = "rules"
    verbose_name = _("Rulebook and deadlines")

    def ready(self):
        from . import signals  # noqa: F401
