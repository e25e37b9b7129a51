from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from pathlib import Path

        from django.conf import settings

        from . import signals  # noqa: F401 - connects login and refusal auditing

        # Uploads in progress (rosters: personal data) wait only in a directory of ours, 0700.
        Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)
