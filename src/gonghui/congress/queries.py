"""Reads for one person: the seats a member holds (their phone page and the API's /mine)."""

from .models import Delegate


def member_seats(member):
    """The member's live seats, newest congress first, with the congress's union and the unit."""
    return (Delegate.objects.filter(member=member, ended_on__isnull=True)
            .select_related("congress__union", "unit__union").order_by("-congress__opens_on"))
