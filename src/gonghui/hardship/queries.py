"""Scoped reads of hardship files, and what other apps ask of them."""

from .models import HardshipFile


def active_categories(member_ids):
    """{member id: category} for members with an active hardship file (the latest year's wins).

    Programmes use it to decide eligibility and amounts (金秋助学 pays more to a family with a file).
    Not scoped: the caller has already fetched the members through its own access checks."""
    rows = (HardshipFile.objects.filter(member_id__in=list(member_ids), state=HardshipFile.State.ACTIVE)
            .order_by("year").values_list("member_id", "category"))
    return dict(rows)
