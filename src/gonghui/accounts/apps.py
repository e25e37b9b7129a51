from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import (
            signals,  # noqa: F401 - lockouts and password changes end API tokens
            tokencache,  # noqa: F401 - a deleted API token is forgotten by every process
        )
        from .roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="gonghui.sync_roles")
