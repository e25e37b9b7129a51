from django.core.management.base import BaseCommand, CommandError

from gonghui.core import audit


class Command(BaseCommand):
    help = ("Re-check the HMAC-SM3 chain of the audit trail against the last anchor; exit 1 at the first "
            "changed or missing entry. With --anchor, an intact head is anchored afterwards.")

    def add_arguments(self, parser):
        parser.add_argument("--anchor", action="store_true", help="anchor the head once it verified")

    def handle(self, *args, anchor=False, **options):
        checked, broken, why = audit.verify()
        if broken is not None:
            raise CommandError(f"audit chain broken at entry {broken}: {why} ({checked} entries intact before it)")
        if anchor:
            audit.anchor("verify")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {checked} entries checked"))
