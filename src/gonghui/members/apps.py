from pathlib import Path

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data"


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(load_code_tables, sender=self, dispatch_uid="gonghui.members.codes")
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="gonghui.members.triggers")


def ensure_triggers(using="default", **kwargs):
    from django.db import connections

    from .triggers import ensure

    ensure(connections[using])


def load_code_tables(using="default", **kwargs):
    """The member code tables (ethnicity, education ...), after every migrate and test flush."""
    from gonghui.core.codes import load_code_tables as load
    from gonghui.core.models import Code

    load(Code.objects.db_manager(using), DATA, {"ethnicity": "ethnicities", "education": "educations",
                                                 "political": "political_statuses", "household": "household_types"})
