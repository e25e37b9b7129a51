from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(load_reference_data, sender=self, dispatch_uid="gonghui.orgs.reference_data")


def load_reference_data(using="default", **kwargs):
    """After every migrate (and every test flush), make sure the shipped divisions and code
    tables are present. Idempotent: only missing rows are added."""
    from gonghui.core.models import Code

    from .data_load import load
    from .models import Region

    load(Region.objects.db_manager(using), Code.objects.db_manager(using))
