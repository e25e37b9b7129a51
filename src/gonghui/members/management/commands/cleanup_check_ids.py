"""`gonghui cleanup_check_ids`: check every member's sealed ID number again and keep the
verdicts in the cache, so the clean-up page's "invalid ID numbers" tab opens at once.

Opening 300,000 sealed numbers takes about ten seconds; the scheduler runs the same task
nightly, and this command runs it now (after a large import, say). Only codes saying what is
wrong are kept, never a number."""

from django.core.management.base import BaseCommand

from gonghui.members import tasks


class Command(BaseCommand):
    help = "Check every member's ID number again and cache the verdicts for the paper-member clean-up."

    def handle(self, *args, **options):
        self.stdout.write(tasks.cleanup_check_ids())
