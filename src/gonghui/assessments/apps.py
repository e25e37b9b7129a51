from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "gonghui.assessments"
    label = "assessments"
    verbose_name = _("Six-haves assessment")
