from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MallConfig(AppConfig):
    name = "gonghui.mall"
    label = "mall"
    verbose_name = _("职工商城 (worker mall) and e-vouchers")
