from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedicalAidConfig(AppConfig):
    name = "gonghui.medicalaid"
    label = "medicalaid"
    verbose_name = _("Mutual medical aid")
