from django.core.management.base import BaseCommand

from gonghui.core import tasks


class Command(BaseCommand):
    help = ("Remove audit entries older than the retention period (GONGHUI_AUDIT_RETENTION_DAYS, default 3 "
            "years). The removal is itself recorded with the last removed seal and anchored outside the "
            "database, so the chain still verifies.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count what would be removed")

    def handle(self, *args, dry_run=False, **options):
        self.stdout.write(tasks.audit_purge(dry_run))
