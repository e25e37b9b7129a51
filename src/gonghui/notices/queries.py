"""Reads of notices: a person reaches only their own (addressed to their account, or to their
member record), whatever their grants."""

from django.db.models import Q

from .models import Notice


def mine(user):
    """The user's notices: addressed to them, or to their member record."""
    if user is None or not user.is_authenticated:
        return Notice.objects.none()
    member_id = getattr(getattr(user, "member", None), "pk", None) if user.kind == user.Kind.MEMBER else None
    q = Q(user=user)
    if member_id:
        q |= Q(member_id=member_id)
    return Notice.objects.filter(q)


def unread_count(user):
    return mine(user).filter(read_at__isnull=True).count()
