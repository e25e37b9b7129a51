"""Expire due claim codes now (the scheduler runs the same task daily). Safe to run any number
of times."""

from django.core.management.base import BaseCommand

from gonghui.campaigns import tasks


class Command(BaseCommand):
    help = "Expire benefit claims whose campaign's redemption period has ended."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the moment to judge by (YYYY-MM-DD for its start, or "
                                           "YYYY-MM-DDTHH:MM), local time; now by default")

    def handle(self, *args, date=None, **options):
        self.stdout.write(tasks.expire_claims(date))
