from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "gonghui.campaigns"
    label = "campaigns"
    verbose_name = _("Benefit campaigns")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import engine, metrics  # noqa: F401 - metrics declares the campaign gauges

        def changed(sender, instance, **kwargs):
            """A campaign or a quota saved or deleted: claims obey the change at once."""
            try:
                campaign = instance if sender.__name__ == "Campaign" else instance.campaign
            except sender.campaign.RelatedObjectDoesNotExist:  # deleted with its campaign
                return
            engine.campaign_changed(campaign)

        for model in ("Campaign", "CampaignQuota"):
            post_save.connect(changed, sender=f"campaigns.{model}", weak=False,
                              dispatch_uid=f"campaigns.changed.{model}")
            post_delete.connect(changed, sender=f"campaigns.{model}", weak=False,
                                dispatch_uid=f"campaigns.deleted.{model}")
