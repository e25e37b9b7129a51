from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "gonghui.budgets"
    label = "budgets"
    verbose_name = _("Budgets, spending and fund audits")

    def ready(self):
        from gonghui.rules import deadlines

        deadlines.register_kind("audit_rectification", _("Fund audit finding to rectify"))
