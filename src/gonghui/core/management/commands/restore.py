"""gonghui restore: bring a backup back into an empty database, checked against its manifest."""

from django.core.management.base import BaseCommand, CommandError

from gonghui.core import backup


class Command(BaseCommand):
    help = "Restore a `gonghui backup` file into an EMPTY database (DATABASE_URL) and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--identity", required=True, help="the operator's age identity file")

    def handle(self, *args, file, identity, **options):
        try:
            manifest = backup.restore(file, identity)
        except backup.BackupError as e:
            raise CommandError(str(e)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(self.style.SUCCESS(
            f"restored {len(manifest['counts'])} tables, {rows} rows, {len(manifest['files']) - 1} files "
            f"(backup made {manifest['made_at']}); counts match the manifest. Next: gonghui audit_verify"))
