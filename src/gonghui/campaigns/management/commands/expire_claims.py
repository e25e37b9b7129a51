"""Run daily (cron): codes not redeemed by their campaign's end of redemption expire. Safe to
run any number of times."""

from django.core.management.base import BaseCommand

from gonghui.campaigns import services


class Command(BaseCommand):
    help = "Expire benefit claims whose campaign's redemption period has ended."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the moment to judge by (YYYY-MM-DD for its start, or "
                                           "YYYY-MM-DDTHH:MM), local time; now by default")

    def handle(self, *args, date=None, **options):
        n = services.expire_due(now=_moment(date) if date else None)
        self.stdout.write(f"{n} claim(s) expired")


def _moment(text):
    """The --date value as an aware datetime: one without an offset is local time."""
    import datetime

    from django.utils import timezone

    moment = datetime.datetime.fromisoformat(text)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
