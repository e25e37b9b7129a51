"""Run daily (cron): files whose 公示 has ended become active. Safe to run any number of times."""

from django.core.management.base import BaseCommand

from gonghui.hardship import services


class Command(BaseCommand):
    help = "Activate hardship files whose 公示 has ended without an objection pending or upheld."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to judge by (YYYY-MM-DD); today by default")

    def handle(self, *args, date=None, **options):
        import datetime

        day = datetime.date.fromisoformat(date) if date else None
        n = services.activate_due(today=day)
        self.stdout.write(f"{n} file(s) activated")
