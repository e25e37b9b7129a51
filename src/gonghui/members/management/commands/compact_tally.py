"""Fold the member tally's deltas into one row per union (cron it nightly on a busy registry)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from gonghui.members.bulk import compact_tally
from gonghui.members.models import MemberTally


class Command(BaseCommand):
    help = "Fold the member tally's deltas into one row per union."

    def handle(self, *args, **options):
        before = MemberTally.objects.count()
        with transaction.atomic():
            compact_tally()
        self.stdout.write(f"Member tally: {before} rows folded into {MemberTally.objects.count()}.")
