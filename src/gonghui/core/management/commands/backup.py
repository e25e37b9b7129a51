"""gonghui backup: one encrypted file with the database, the uploaded files and the audit anchors."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core import backup


class Command(BaseCommand):
    help = ("Write an encrypted backup (database, uploaded files, audit anchors, manifest with checksums) "
            "to the age public keys in GONGHUI_BACKUP_RECIPIENTS. --new-key FILE makes the operator's key pair.")

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="where to write it (default: $GONGHUI_VAR_DIR/backups)")
        parser.add_argument("--new-key", metavar="FILE",
                            help="write a new secret identity to FILE (keep it OFF this server) and print its "
                                 "public key for GONGHUI_BACKUP_RECIPIENTS")

    def handle(self, *args, dir=None, new_key=None, **options):
        if new_key:
            secret, public = backup.new_identity()
            fd = os.open(new_key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secret)
            self.stdout.write(f"identity written to {Path(new_key).resolve()}; public key:\n{public}")
            return
        try:
            path = backup.make(dir)
        except backup.BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(self.style.SUCCESS(f"backup written: {path} ({path.stat().st_size} bytes)"))
