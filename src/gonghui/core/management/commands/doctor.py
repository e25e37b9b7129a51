"""gonghui doctor: check this deployment and say in Chinese what to fix (exit 1 on any failure)."""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from gonghui.core.doctor import FAIL, OK, WARN, examine

MARK = {OK: "✔", WARN: "!", FAIL: "✘"}


class Command(BaseCommand):
    help = "Check settings, database, keys, Redis, queue, workers, disk, clock and certificate."
    requires_system_checks = []  # the settings check is one of ours, reported rather than raised

    def handle(self, *args, **options):
        logging.getLogger("health_check").setLevel(logging.CRITICAL)  # each failure is reported below
        with translation.override("zh-hans"):
            findings = examine()
            for f in findings:
                style = {OK: self.style.SUCCESS, WARN: self.style.WARNING, FAIL: self.style.ERROR}[f.status]
                line = f"{MARK[f.status]} {f.topic}：{f.found}"
                self.stdout.write(style(line))
                if f.fix and f.status != OK:
                    self.stdout.write(f"    → {f.fix}")
            failed = sum(f.status == FAIL for f in findings)
            if failed:
                raise CommandError(translation.gettext("%(n)s check(s) failed.") % {"n": failed})
