"""Reads of the honours registry: the highest level each member holds (疗休养 priority, studio
leaders), a member's own honours, and the figures of the honours report."""

from .models import LEVEL_RANK, Honour


def highest_levels(member_ids):
    """{member_id: Honour.Level}: the highest level of a held honour of each member; members
    holding none are absent."""
    ids = [getattr(m, "pk", m) for m in member_ids]
    out = {}
    rows = (Honour.objects.filter(member_id__in=ids, state=Honour.State.HELD)
            .order_by().values_list("member_id", "level").distinct())
    for member_id, level in rows:
        best = out.get(member_id)
        if best is None or LEVEL_RANK[level] < LEVEL_RANK[best]:
            out[member_id] = Honour.Level(level)
    return out


def my_honours(member):
    """Every honour of the member, held first."""
    return Honour.objects.filter(member=member).order_by("state", "-year", "id")
