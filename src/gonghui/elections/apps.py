from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "gonghui.elections"
    label = "elections"
    verbose_name = _("Terms and elections")

    def ready(self):
        from gonghui.rules.deadlines import register_kind

        register_kind("reelection", _("Term ending: re-election (换届) due"))
        register_kind("vacancy_fill", _("Vacant chair or vice-chair to fill by by-election"))
