"""Scoped reads of hardship files, and what other apps ask of them."""

from .models import HardshipFile

CHUNK = 5_000  # ids per IN list: SQLite refuses a statement with more than 32,766 parameters


def active_categories(member_ids=None):
    """{member id: category} for members with an active hardship file (the latest year's wins);
    for every such member when `member_ids` is None (the demo assesses a whole city at once).

    Programmes use it to decide eligibility and amounts (金秋助学 pays more to a family with a file).
    Not scoped: the caller has already fetched the members through its own access checks."""
    active = HardshipFile.objects.filter(state=HardshipFile.State.ACTIVE).order_by("year")
    if member_ids is None:
        return dict(active.values_list("member_id", "category"))
    ids, out = list(member_ids), {}
    for start in range(0, len(ids), CHUNK):
        out.update(active.filter(member_id__in=ids[start:start + CHUNK]).values_list("member_id", "category"))
    return out
