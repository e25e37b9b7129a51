"""Every write of studios and mentorships: permission, rule (from the rulebook for the studio's
jurisdiction, named in every refusal), audit record; a refused input writes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import require
from gonghui.core.money import yuan
from gonghui.members.models import IN_GOOD_STANDING
from gonghui.rules import rulebook

from .models import Alliance, Funding, Mentorship, Project, Review, SkillGrade, Studio

# honours.Honour.Level, highest first (HONOURS_API.md)
LEVEL_ORDER = ("national", "provincial", "city", "county", "industry")
LEVEL_NAMES = {"national": "全国", "provincial": "省部级", "city": "市级", "county": "县级", "industry": "行业"}
GRANT_RULE = {Studio.Grade.CITY: "honours.studio_grant_fen", Studio.Grade.PROVINCIAL: "studios.provincial_grant_fen"}


def _text(value, field, label, max_length=None, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    if max_length and len(value) > max_length:
        raise ValidationError({field: _("The %(label)s is longer than %(n)d characters.") % {
            "label": label, "n": max_length}})
    return value


def lead_rule(union):
    return rulebook.value("studios.lead_min_level", region=union.region_id)


def lead_level(member):
    """The highest honour level the member holds in the honours registry (None: none held)."""
    from gonghui.honours import queries as honours

    return honours.highest_levels([member.pk]).get(member.pk)


def check_lead(member, union):
    """A studio is led by an honour holder at the rulebook's minimum level or above (合肥: 市级以上劳模)."""
    rule = lead_rule(union)
    minimum = str(rule.value)
    level = lead_level(member)
    if level is None or LEVEL_ORDER.index(str(level)) > LEVEL_ORDER.index(minimum):
        held = LEVEL_NAMES.get(str(level), _("none")) if level else _("none")
        raise ValidationError({"lead": _("%(name)s holds no honour at %(min)s level or above (highest held: "
                                         "%(held)s); a studio is led by such an honour holder (%(source)s).") % {
            "name": member.name, "min": LEVEL_NAMES[minimum], "held": held, "source": rule.source}})
    return level


@transaction.atomic
def create_studio(*, acting_user, union, name, lead, grade, recognised_year, employer=None, field="",
                  lead_honour=""):
    require(acting_user, "studios.add_studio", union)
    name = _text(name, "name", _("name of the studio"), 120)
    if grade not in Studio.Grade.values:
        raise ValidationError({"grade": _("Choose a valid grade.")})
    if lead.status not in IN_GOOD_STANDING or not lead.union.path.startswith(union.path):
        raise ValidationError({"lead": _("%(name)s is not a member in good standing of this union.") % {
            "name": lead.name}})
    level = check_lead(lead, union)
    s = Studio.objects.create(union=union, name=name, lead=lead, grade=grade, recognised_year=int(recognised_year),
                              employer=employer or lead.employer, field=(field or "").strip()[:80],
                              lead_honour=(lead_honour or LEVEL_NAMES.get(str(level), ""))[:120],
                              created_by=acting_user)
    s.members.add(lead)
    audit.record("create", actor=acting_user, obj=s, changes={"name": [None, name], "lead": [None, lead.number],
                                                             "grade": [None, grade]})
    return s


@transaction.atomic
def add_project(studio, *, acting_user, year, title, patents=0, saving_fen=0, trainees=0):
    require(acting_user, "studios.add_project", studio.union, obj=studio)
    title = _text(title, "title", _("project"), 150)
    for field, v in (("patents", patents), ("saving_fen", saving_fen), ("trainees", trainees)):
        if v is None or int(v) < 0:
            raise ValidationError({field: _("Give a whole number of 0 or more.")})
    p = Project.objects.create(studio=studio, year=int(year), title=title, patents=int(patents),
                               saving_fen=int(saving_fen), trainees=int(trainees), created_by=acting_user)
    audit.record("create", actor=acting_user, obj=p, union=studio.union, changes={"title": [None, title]})
    return p


def grant_rule(studio, year):
    return rulebook.value(GRANT_RULE[studio.grade], on=datetime.date(int(year), 12, 31), region=studio.union.region_id)


@transaction.atomic
def fund_studio(studio, *, acting_user, year, amount_fen, purpose):
    """Funding for a year, whose total stays within the grade's amount (合肥 5万元 for a city
    studio; 山西 8万元, 陕西 7万元 for a provincial one: rulebook values per jurisdiction)."""
    require(acting_user, "studios.add_funding", studio.union, obj=studio)
    Studio.objects.select_for_update().filter(pk=studio.pk).first()
    purpose = _text(purpose, "purpose", _("purpose"), 150)
    if amount_fen is None or amount_fen <= 0:
        raise ValidationError({"amount": _("Give the amount in yuan, above 0.")})
    rule = grant_rule(studio, year)
    cap = int(rule.value)
    granted = studio.fundings.filter(year=year).aggregate(s=Sum("amount_fen"))["s"] or 0
    if granted + amount_fen > cap:
        raise ValidationError({"amount": _("%(year)s funding would reach %(total)s yuan, above the %(grade)s amount "
                                           "of %(cap)s yuan (%(source)s); %(left)s yuan remain.") % {
            "year": year, "total": yuan(granted + amount_fen), "grade": studio.get_grade_display(), "cap": yuan(cap),
            "source": rule.source, "left": yuan(max(cap - granted, 0))}})
    text = _("within %(cap)s yuan a year (%(source)s)") % {"cap": yuan(cap), "source": rule.source}
    f = Funding.objects.create(studio=studio, year=int(year), amount_fen=amount_fen, purpose=purpose,
                               rule_text=text[:300], granted_by=acting_user)
    audit.record("create", actor=acting_user, obj=f, union=studio.union, changes={"amount_fen": [None, amount_fen]},
                 reason=text)
    return f


@transaction.atomic
def review_studio(studio, *, acting_user, year, result, note=""):
    """The yearly review: a studio with fewer projects that year than the rulebook's minimum
    (合肥: at least one innovation project a year) cannot pass."""
    require(acting_user, "studios.add_review", studio.union, obj=studio)
    if result not in Review.Result.values:
        raise ValidationError({"result": _("Choose a valid result.")})
    if studio.reviews.filter(year=year).exists():
        raise ValidationError({"year": _("The studio was already reviewed for %(year)s.") % {"year": year}})
    rule = rulebook.value("studios.projects_per_year_min", on=datetime.date(int(year), 12, 31),
                          region=studio.union.region_id)
    n = studio.projects.filter(year=year).count()
    if result != Review.Result.FAILED and n < int(rule.value):
        raise ValidationError({"result": _("%(year)s: %(n)d projects, fewer than the %(min)s a studio needs a year "
                                           "(%(source)s): it cannot pass.") % {
            "year": year, "n": n, "min": rule.value, "source": rule.source}})
    r = Review.objects.create(studio=studio, year=int(year), result=result, note=(note or "").strip()[:300],
                              reviewed_by=acting_user)
    audit.record("create", actor=acting_user, obj=r, union=studio.union, changes={"result": [None, result]})
    return r


@transaction.atomic
def create_alliance(*, acting_user, union, name, formed_on, studios, partners=""):
    """An alliance of studios of at least two unions."""
    require(acting_user, "studios.add_alliance", union)
    name = _text(name, "name", _("name of the alliance"), 120)
    studios = list(dict.fromkeys(studios))
    if len({s.union_id for s in studios}) < 2 and not (partners or "").strip():
        raise ValidationError({"studios": _("An alliance brings together studios of at least two unions (or names "
                                            "its partner unions).")})
    a = Alliance.objects.create(union=union, name=name, formed_on=formed_on, partners=(partners or "").strip()[:200],
                                created_by=acting_user)
    a.studios.set(studios)
    audit.record("create", actor=acting_user, obj=a, changes={"name": [None, name],
                                                             "studios": [None, [s.name for s in studios]]})
    return a


@transaction.atomic
def start_mentorship(*, acting_user, union, mentor, apprentice, goals, starts_on, ends_on, studio=None,
                     start_grade=""):
    require(acting_user, "studios.add_mentorship", union)
    goals = _text(goals, "goals", _("goals"), 2000)
    if mentor.pk == apprentice.pk:
        raise ValidationError({"apprentice": _("The mentor cannot be their own apprentice.")})
    for m, field in ((mentor, "mentor"), (apprentice, "apprentice")):
        if m.status not in IN_GOOD_STANDING or not m.union.path.startswith(union.path):
            raise ValidationError({field: _("%(name)s is not a member in good standing of this union.") % {
                "name": m.name}})
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date) or ends_on < starts_on:
        raise ValidationError({"ends_on": _("The mentorship ends on or after the day it starts.")})
    if start_grade and start_grade not in SkillGrade.values:
        raise ValidationError({"start_grade": _("Choose a valid grade.")})
    if Mentorship.objects.filter(mentor=mentor, apprentice=apprentice, state=Mentorship.State.ACTIVE).exists():
        raise ValidationError({"apprentice": _("%(m)s already mentors %(a)s.") % {"m": mentor.name,
                                                                                  "a": apprentice.name}})
    ms = Mentorship.objects.create(union=union, studio=studio, mentor=mentor, apprentice=apprentice, goals=goals,
                                   starts_on=starts_on, ends_on=ends_on, start_grade=start_grade,
                                   created_by=acting_user)
    audit.record("create", actor=acting_user, obj=ms, changes={"mentor": [None, mentor.number],
                                                              "apprentice": [None, apprentice.number]})
    return ms


@transaction.atomic
def complete_mentorship(ms, *, acting_user, result_grade):
    """Close a mentorship with the grade the apprentice reached (not below where they started)."""
    require(acting_user, "studios.change_mentorship", ms.union, obj=ms)
    if ms.state != Mentorship.State.ACTIVE:
        raise ValidationError(_("This mentorship is already closed."))
    if result_grade not in SkillGrade.values:
        raise ValidationError({"result_grade": _("Choose the grade the apprentice reached.")})
    if ms.start_grade and int(result_grade) > int(ms.start_grade):  # grade 1 is the highest
        raise ValidationError({"result_grade": _("The grade reached is below the grade at the start.")})
    ms.result_grade, ms.state = result_grade, Mentorship.State.COMPLETED
    ms.save(update_fields=["result_grade", "state"])
    audit.record("update", actor=acting_user, obj=ms, changes={"result_grade": [None, result_grade]})
    return ms
