"""Scoped reads of mutual medical aid: every function takes the user and answers only from
their subtree (the year report counts enrolled people from here)."""

from django.db.models import Count, F, Sum

from gonghui.core.access import subtree_q

from .models import Claim, EnrolledMember, Plan, ScreeningBooking, ScreeningQuota


def _under(qs, under, lookup="union__path"):
    return qs.filter(subtree_q(lookup, under.path)) if under is not None else qs


def plans(user):
    return Plan.objects.restrict(user).select_related("union")


def enrolled_members(user, year=None, under=None):
    """Enrolled members the user sees, of one year if given, under a union if given."""
    qs = EnrolledMember.objects.restrict(user)
    if year is not None:
        qs = qs.filter(year=year)
    return _under(qs, under)


def enrolled_count(user, year, under=None):
    """People enrolled in mutual medical aid in `year` (each member once: the constraint)."""
    return enrolled_members(user, year, under).count()


def women_cover_count(user, year, under=None):
    """Women members covered by the women's special-disease cover in `year` (女职工特殊疾病保障):
    enrolled women whose plan lists a women's disease."""
    return (enrolled_members(user, year, under).filter(member__sex="F", plan__diseases__kind="women")
            .values("pk").distinct().count())


def enrolment_totals(user, year, under=None):
    """{people, shares, premium_fen} of a year's enrolments in scope."""
    row = enrolled_members(user, year, under).aggregate(people=Count("pk"), shares=Sum("shares"),
                                                        premium_fen=Sum("premium_fen"))
    return {"people": row["people"], "shares": row["shares"] or 0, "premium_fen": row["premium_fen"] or 0}


def claims(user, year=None, under=None):
    qs = Claim.objects.restrict(user).select_related("member", "union", "plan", "disease")
    if year is not None:
        qs = qs.filter(year=year)
    return _under(qs, under)


def claim_totals(user, year, under=None, states=(Claim.State.APPROVED, Claim.State.PAID)):
    """{claims, people, payout_fen} of the year's approved and paid claims in scope."""
    row = claims(user, year, under).filter(state__in=states).aggregate(
        n=Count("pk"), people=Count("member", distinct=True), fen=Sum("payout_fen"))
    return {"claims": row["n"], "people": row["people"], "payout_fen": row["fen"] or 0}


def screenings(user, year=None, under=None):
    qs = ScreeningBooking.objects.restrict(user).select_related("member", "union", "quota")
    if year is not None:
        qs = qs.filter(year=year)
    return _under(qs, under)


def screening_totals(user, year, under=None):
    """{slots, booked, screened} of the year's quotas and bookings in scope. A quota's slots
    given to quotas below are counted there, not twice."""
    quotas = _under(ScreeningQuota.objects.restrict(user).filter(year=year), under).aggregate(
        slots=Sum(F("slots") - F("allocated")), booked=Sum("booked"))
    screened = screenings(user, year, under).filter(state=ScreeningBooking.State.SCREENED).count()
    return {"slots": quotas["slots"] or 0, "booked": quotas["booked"] or 0, "screened": screened}


def member_records(member):
    """A member's own enrolments, claims and screenings (for the member's page: no scope
    beyond "their own", which the caller has established)."""
    return {
        "enrolments": EnrolledMember.objects.filter(member=member).select_related("plan", "enrolment")
        .order_by("-year"),
        "claims": Claim.objects.filter(member=member).select_related("disease").order_by("-admitted_on"),
        "screenings": ScreeningBooking.objects.filter(member=member).order_by("-year"),
    }
