from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "gonghui.skills"
    label = "skills"
    verbose_name = _("One skilled worker per household (一户一产业工人)")
