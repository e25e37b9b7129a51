from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.models import AuditEntry


class Command(BaseCommand):
    help = ("Remove audit entries older than the retention period (GONGHUI_AUDIT_RETENTION_DAYS, default 3 "
            "years). The removal is itself recorded with the last removed hash, so the chain still verifies.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count what would be removed")

    def handle(self, *args, dry_run=False, **options):
        cutoff = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        old = AuditEntry.objects.filter(at__lt=cutoff).order_by("-id")
        last = old.first()
        if last is None:
            self.stdout.write("nothing older than the retention period")
            return
        n = old.count()
        if dry_run:
            self.stdout.write(f"{n} entries older than {cutoff:%Y-%m-%d} would be removed")
            return
        with transaction.atomic():
            with connection.cursor() as c:
                if connection.vendor == "postgresql":
                    c.execute("SET LOCAL gonghui.audit_purge = 'on'")
                # The oldest rows only: everything up to the newest row past retention.
                c.execute("DELETE FROM core_auditentry WHERE id <= %s", [last.id])
            audit.record("purge", actor_label="system", object_type="core.auditentry",
                         changes={"removed": n, "removed_through_id": last.id, "last_removed_hash": last.hash,
                                  "cutoff": cutoff.isoformat()})
        self.stdout.write(self.style.SUCCESS(f"removed {n} entries older than {cutoff:%Y-%m-%d}"))
