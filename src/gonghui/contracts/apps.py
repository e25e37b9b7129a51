from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "gonghui.contracts"
    label = "contracts"
    verbose_name = _("Collective contracts and wage bargaining")

    def ready(self):
        from gonghui.rules import deadlines

        deadlines.register_kind("contract_reply", _("Answer to a bargaining request due"))
        deadlines.register_kind("contract_draft_vote", _("Contract draft to put to the workers' congress"))
        deadlines.register_kind("contract_filing", _("Collective contract to file with the labour department"))
        deadlines.register_kind("contract_review", _("Labour department's review of a collective contract"))
        deadlines.register_kind("contract_renewal", _("Collective contract expiring: renew"))
