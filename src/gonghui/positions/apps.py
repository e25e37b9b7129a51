from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PositionsConfig(AppConfig):
    name = "gonghui.positions"
    label = "positions"
    verbose_name = _("Service positions")

    def ready(self):
        post_migrate.connect(_load_kinds, sender=self, dispatch_uid="positions.ensure_kinds")


def _load_kinds(sender, using="default", **kwargs):
    """The standard kinds after every migrate (and after a test database is flushed)."""
    from .kinds import ensure_kinds

    ensure_kinds()
