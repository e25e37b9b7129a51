"""Fold the member tally's deltas into one row per union now (the scheduler runs the same task
nightly)."""

from django.core.management.base import BaseCommand

from gonghui.members import tasks


class Command(BaseCommand):
    help = "Fold the member tally's deltas into one row per union."

    def handle(self, *args, **options):
        self.stdout.write(tasks.compact_tally())
