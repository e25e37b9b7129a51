from pathlib import Path

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data"


class HardshipConfig(AppConfig):
    name = "gonghui.hardship"
    label = "hardship"
    verbose_name = _("Hardship files")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(load_code_tables, sender=self, dispatch_uid="gonghui.hardship.codes")


def load_code_tables(using="default", **kwargs):
    """The causes of hardship and the housing kinds, after every migrate and test flush."""
    from gonghui.core.codes import load_code_tables as load
    from gonghui.core.models import Code

    load(Code.objects.db_manager(using), DATA, {"hardship_cause": "causes", "housing": "housing"})
