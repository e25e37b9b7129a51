from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "gonghui.coverage"
    label = "coverage"
    verbose_name = _("Founding coverage")
