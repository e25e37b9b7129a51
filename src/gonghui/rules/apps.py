from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "gonghui.rules"
    label = "rules"
    verbose_name = _("Rulebook and deadlines")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals

        post_migrate.connect(signals.load_shipped_rules, sender=self)
