from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "gonghui.campaigns"
    label = "campaigns"
    verbose_name = _("Benefit campaigns")

    def ready(self):
        from . import metrics  # noqa: F401 - declares the campaign gauges
