"""Activate due hardship files now (the scheduler runs the same task daily). Safe to run any
number of times."""

from django.core.management.base import BaseCommand

from gonghui.hardship import tasks


class Command(BaseCommand):
    help = "Activate hardship files whose 公示 has ended without an objection pending or upheld."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to judge by (YYYY-MM-DD); today by default")

    def handle(self, *args, date=None, **options):
        self.stdout.write(tasks.activate_due(date))
