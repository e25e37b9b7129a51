"""Finding members: by name in Simplified or Traditional characters, by pinyin or its
initials, by the last four of a phone or ID, by member number or full ID/phone."""

from django.db.models import Q

from gonghui.core.crypto import lookup_hash, tail_hash

from .search_keys import parse_query


def search_q(text):
    """The filter for what the user typed (see search_keys.parse_query for the cases)."""
    query = parse_query(text)
    q = Q(pk__in=[])
    if query.name:
        q |= Q(name__contains=query.name)
    if query.pinyin:
        q |= Q(name_pinyin__startswith=query.pinyin) | Q(name_initials__startswith=query.pinyin)
    if query.tail:
        q |= tail_q(query.digits)
    elif query.digits:
        q |= Q(number=query.digits)
        if query.phone:
            q |= Q(phone_index=lookup_hash("phone", query.phone))
    if query.document:
        q |= Q(id_index=lookup_hash("id", query.document)) | Q(number=query.document)
    return q


def tail_q(tail):
    """Rows (members or join applications) whose phone or ID number ends in `tail` (the last
    four): indexed equalities on the keyed hashes, so the database holds no clear tail."""
    return Q(phone_tail_index=tail_hash("phone", tail)) | Q(id_tail_index=tail_hash("id", tail))


def member_total(user, under=None):
    """How many members (of any status) the user sees, under the `under` union if given: a sum
    over the triggers' per-union tally, not a count over the members."""
    from django.db.models import Sum

    from gonghui.core.access import scope, subtree_q

    from .models import MemberTally

    rows = MemberTally.objects.filter(scope(user, "members.view_member").q("union__path"))
    if under is not None:
        rows = rows.filter(subtree_q("union__path", under.path))
    return rows.aggregate(n=Sum("delta"))["n"] or 0
