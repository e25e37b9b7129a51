from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """Above the domain apps: the pages and commands that gather them all (the overview, the
    member's home, `gonghui demo`), so that core, which every app imports, imports none of them."""

    name = "gonghui.overview"
    label = "overview"
    verbose_name = _("Overview")
