"""Every write of competitions and 五小 entries: the permission check, the rule (named in every
refusal), the audit record, in one transaction. A refused input writes nothing: a batch of
scores with one bad line leaves no score of the batch."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import can, require, require_other_than
from gonghui.members.models import IN_GOOD_STANDING

from . import scoring
from .models import (
    Award,
    Competition,
    Innovation,
    Level,
    Placing,
    Registration,
    RewardStep,
    Round,
    Score,
    ScoreChange,
)

HONOUR_LEVELS = ("national", "provincial", "city", "county", "industry")  # honours.Honour.Level (HONOURS_API.md)


def _text(value, field, label, max_length=None, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    if max_length and len(value) > max_length:
        raise ValidationError({field: _("The %(label)s is longer than %(n)d characters.") % {
            "label": label, "n": max_length}})
    return value


def _decimal(value, field, label):
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Give the %(label)s as a number, such as 86.5.") % {"label": label}}) from None
    if not d.is_finite() or d.as_tuple().exponent < -2:
        raise ValidationError({field: _("The %(label)s has at most two decimals.") % {"label": label}})
    return d


def under(union, root):
    """Is `union` in the subtree of `root` (itself included)?"""
    return union.path.startswith(root.path)


# --- competitions ----------------------------------------------------------------------------------

@transaction.atomic
def create_competition(*, acting_user, union, name, kind, level, year, scoring_rule=Competition.Rule.AVERAGE,
                       theory_weight=30, score_min=0, score_max=100, tie_rule=Competition.Tie.SHARED, teams=False,
                       max_age=None, trade="", starts_on=None, ends_on=None, rounds=("决赛",), awarding_body=""):
    """A competition with its rounds (the last is the final) and its stated rules."""
    require(acting_user, "competitions.add_competition", union)
    name = _text(name, "name", _("name of the competition"), 150)
    if kind not in Competition.Kind.values:
        raise ValidationError({"kind": _("Choose a valid kind.")})
    if level not in Level.values:
        raise ValidationError({"level": _("Choose a valid level.")})
    if scoring_rule not in Competition.Rule.values:
        raise ValidationError({"scoring_rule": _("Choose a valid scoring rule.")})
    if tie_rule not in Competition.Tie.values:
        raise ValidationError({"tie_rule": _("Choose a valid tie rule.")})
    lo, hi = _decimal(score_min, "score_min", _("lowest score")), _decimal(score_max, "score_max", _("highest score"))
    if lo < 0 or lo >= hi:
        raise ValidationError({"score_max": _("The highest score must be above the lowest score (and the lowest "
                                              "not below 0).")})
    try:
        theory_weight = int(theory_weight)
    except (TypeError, ValueError):
        theory_weight = -1
    if scoring_rule == Competition.Rule.WEIGHTED and not 0 < theory_weight < 100:
        raise ValidationError({"theory_weight": _("Under the weighted rule the theory weight is between 1% and "
                                                  "99%; practice takes the rest.")})
    if tie_rule != Competition.Tie.SHARED and scoring_rule != Competition.Rule.WEIGHTED:
        raise ValidationError({"tie_rule": _("Ties can be separated by theory or practice only under the weighted "
                                             "theory and practice rule; otherwise tied entrants share the place.")})
    rounds = [r.strip() for r in rounds if r and r.strip()] or ["决赛"]
    c = Competition.objects.create(
        union=union, name=name, kind=kind, level=level, year=int(year), scoring_rule=scoring_rule,
        theory_weight=theory_weight if scoring_rule == Competition.Rule.WEIGHTED else 0, score_min=lo, score_max=hi,
        tie_rule=tie_rule, teams=bool(teams), max_age=max_age or None, trade=(trade or "").strip()[:80],
        starts_on=starts_on, ends_on=ends_on, awarding_body=(awarding_body or "").strip()[:120],
        created_by=acting_user)
    Round.objects.bulk_create([Round(competition=c, number=i, name=n[:60], is_final=i == len(rounds))
                               for i, n in enumerate(rounds, start=1)])
    audit.record("create", actor=acting_user, obj=c, changes={
        "name": [None, name], "scoring_rule": [None, scoring_rule], "tie_rule": [None, tie_rule],
        "range": [None, f"{lo}–{hi}"], "rounds": [None, rounds]})
    return c


@transaction.atomic
def set_ladder(competition, *, acting_user, steps):
    """Replace the reward ladder: `steps` as dicts (place_from, place_to, title, honour_level,
    grade_up). Ranges may not overlap; a step gives an honour, a grade up, or both. Ladders are
    set per contest (人社部 national contest notice: 1–5 全国技术能手 and a grade up; 6–20 a grade up)."""
    require(acting_user, "competitions.change_competition", competition.union, obj=competition)
    if competition.awards.exists():
        raise ValidationError(_("Rewards were already conferred: the ladder can no longer change."))
    rows, taken = [], []
    for i, s in enumerate(steps, start=1):
        try:
            lo, hi = int(s.get("place_from")), int(s.get("place_to"))
        except (TypeError, ValueError):
            raise ValidationError({"steps": _("Step %(i)d: give the places as whole numbers.") % {"i": i}}) from None
        if lo < 1 or hi < lo:
            raise ValidationError({"steps": _("Step %(i)d: places run from 1 upward, the first not after the "
                                              "last.") % {"i": i}})
        if any(lo <= b and a <= hi for a, b in taken):
            raise ValidationError({"steps": _("Step %(i)d: places %(lo)d–%(hi)d overlap another step.") % {
                "i": i, "lo": lo, "hi": hi}})
        title, level = (s.get("title") or "").strip(), (s.get("honour_level") or "").strip()
        if title and level not in HONOUR_LEVELS:
            raise ValidationError({"steps": _("Step %(i)d: an honour needs its level.") % {"i": i}})
        if not title and not s.get("grade_up"):
            raise ValidationError({"steps": _("Step %(i)d gives nothing: name an honour, a grade up, or "
                                              "both.") % {"i": i}})
        taken.append((lo, hi))
        rows.append(RewardStep(competition=competition, place_from=lo, place_to=hi, title=title,
                               honour_level=level if title else "", grade_up=bool(s.get("grade_up"))))
    competition.ladder.all().delete()
    RewardStep.objects.bulk_create(rows)
    audit.record("update", actor=acting_user, obj=competition, changes={"ladder": [None, [
        f"{r.place_from}–{r.place_to} {r.title} {r.honour_level} {'+1' if r.grade_up else ''}".strip() for r in rows]]})
    return rows


@transaction.atomic
def register(competition, *, acting_user, member=None, team_name="", team_members=()):
    """Enter a member (or a team of members) in a competition. Eligible: members in good standing
    of a union under the organiser, within the age limit, entered once; their union enters them."""
    if competition.state != Competition.State.OPEN:
        raise ValidationError(_("Registration for this competition is closed."))
    people = list(dict.fromkeys(team_members)) if competition.teams else [member]
    if competition.teams:
        team_name = _text(team_name, "team_name", _("team name"), 80)
        if len(people) < 2:
            raise ValidationError({"team_members": _("A team has at least two members.")})
    elif member is None:
        raise ValidationError({"member": _("Choose the member to enter.")})
    union = people[0].union
    require(acting_user, "competitions.add_registration", union, obj=competition)
    year = competition.year
    for m in people:
        if m.status not in IN_GOOD_STANDING:
            raise ValidationError({"member": _("%(name)s is not a member in good standing.") % {"name": m.name}})
        if not under(m.union, competition.union):
            raise ValidationError({"member": _("%(name)s belongs to a union outside the organiser %(org)s: not "
                                               "eligible.") % {"name": m.name, "org": competition.union.name}})
        if competition.max_age and m.birth_year and year - m.birth_year > competition.max_age:
            raise ValidationError({"member": _("%(name)s is over the age limit of %(n)d years.") % {
                "name": m.name, "n": competition.max_age}})
        taken = Registration.objects.filter(competition=competition, state=Registration.State.REGISTERED).filter(
            models_q_member(m))
        if taken.exists():
            raise ValidationError({"member": _("%(name)s is already registered in this competition.") % {
                "name": m.name}})
    number = (Registration.objects.filter(competition=competition).order_by("-number")
              .values_list("number", flat=True).first() or 0) + 1
    r = Registration.objects.create(competition=competition, number=number, union=union,
                                    member=None if competition.teams else member,
                                    team_name=team_name if competition.teams else "", registered_by=acting_user)
    if competition.teams:
        r.team_members.set(people)
    audit.record("create", actor=acting_user, obj=r, changes={
        "competition": [None, competition.name], "entrant": [None, r.entrant_name], "number": [None, number]})
    return r


def models_q_member(m):
    from django.db.models import Q

    return Q(member=m) | Q(team_members=m)


@transaction.atomic
def add_judge(competition, *, acting_user, name, union, user=None):
    require(acting_user, "competitions.add_judge", competition.union, obj=competition)
    name = _text(name, "name", _("judge's name"), 60)
    if union is None:
        raise ValidationError({"union": _("Give the judge's union: a judge may not score its entrants.")})
    j = competition.judges.create(name=name, union=union, user=user)
    audit.record("create", actor=acting_user, obj=j, union=competition.union,
                 changes={"judge": [None, name], "union": [None, union.name]})
    return j


def _may_score(acting_user, round_, judge):
    """The organiser's staff enter the judges' sheets; a judge with an account enters their own."""
    if judge.user_id and judge.user_id == acting_user.pk:
        return
    require(acting_user, "competitions.add_score", round_.competition.union, obj=round_)


def _check_value(competition, value, field="value"):
    v = _decimal(value, field, _("score"))
    if not competition.score_min <= v <= competition.score_max:
        raise ValidationError({field: _("The score %(v)s is outside the range %(lo)s–%(hi)s of this competition.") % {
            "v": v, "lo": f"{Decimal(competition.score_min):.2f}", "hi": f"{Decimal(competition.score_max):.2f}"}})
    return v


def _check_judge(judge, registration):
    """A judge may not score an entrant of their own union (回避)."""
    if judge.union_id == registration.union_id:
        raise ValidationError({"judge": _("Judge %(judge)s is from %(union)s, the union of entrant %(who)s: a judge "
                                          "may not score their own union's entrant.") % {
            "judge": judge.name, "union": registration.union.name, "who": registration.entrant_name}})


@transaction.atomic
def enter_scores(round_, *, acting_user, judge, lines):
    """One judge's sheet for a round: `lines` as (registration, part, value). Every line is checked
    (round not yet published, entrant of this competition, part of the rule, value in range, no
    scoring of the judge's own union) before any is written: one bad line and nothing is saved.
    Before publication a score may be entered again (the last entry counts; audited)."""
    competition = round_.competition
    _may_score(acting_user, round_, judge)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)  # a publication in between locks the sheet
    if round_.published:
        raise ValidationError(_("The ranking of %(round)s was published: its scores are locked. Record a correction "
                                "with its reason instead.") % {"round": round_.name})
    if judge.competition_id != competition.pk:
        raise ValidationError({"judge": _("This judge does not judge this competition.")})
    checked = []
    for i, (registration, part, value) in enumerate(lines, start=1):
        if registration.competition_id != competition.pk or registration.state != Registration.State.REGISTERED:
            raise ValidationError({"registration": _("Line %(i)d: not an entrant of this competition.") % {"i": i}})
        if part not in competition.parts:
            raise ValidationError({"part": _("Line %(i)d: this competition scores %(parts)s.") % {
                "i": i, "parts": "、".join(str(Score.Part(p).label) for p in competition.parts)}})
        _check_judge(judge, registration)
        try:
            v = _check_value(competition, value)
        except ValidationError as e:
            raise ValidationError({"value": _("Entrant %(no)d %(who)s: %(msg)s") % {
                "no": registration.number, "who": registration.entrant_name, "msg": e.messages[0]}}) from None
        checked.append((registration, part, v))
    if not checked:
        raise ValidationError(_("Enter at least one score."))
    out = []
    for registration, part, v in checked:
        s, created = Score.objects.update_or_create(
            round=round_, registration=registration, judge=judge, part=part,
            defaults={"value": v, "entered_by": acting_user, "entered_at": timezone.now()})
        out.append(s)
    if competition.state == Competition.State.OPEN:
        Competition.objects.filter(pk=competition.pk).update(state=Competition.State.SCORING)
    audit.record("update", actor=acting_user, obj=round_, union=competition.union, changes={"scores": [None, [
        f"{r.number}/{p}={v}" for r, p, v in checked]]}, reason=_("Sheet of judge %(j)s") % {"j": judge.name})
    return out


def expected_sheets(round_):
    """(registration, judge, part) a complete round has: every entrant by every judge not of
    their union, for every part of the rule."""
    competition = round_.competition
    judges = list(competition.judges.all())
    regs = list(competition.registrations.filter(state=Registration.State.REGISTERED).select_related("union",
                                                                                                      "member"))
    return [(r, j, p) for r in regs for j in judges if j.union_id != r.union_id for p in competition.parts]


def results(round_, *, complete=True):
    """The ranking of a round from its scores (live), as scoring.Result with key = registration.
    With `complete`, a missing score (an entrant not yet scored by a judge) is refused by name."""
    competition = round_.competition
    scores = {}
    for s in round_.scores.all():
        scores.setdefault(s.registration_id, {}).setdefault(s.part, []).append(s.value)
    if complete:
        have = set(round_.scores.values_list("registration_id", "judge_id", "part"))
        missing = [(r, j, p) for r, j, p in expected_sheets(round_) if (r.pk, j.pk, p) not in have]
        if missing:
            r, j, p = missing[0]
            raise ValidationError(_("%(n)d scores are missing, e.g. judge %(judge)s has not scored entrant %(no)d "
                                    "%(who)s (%(part)s).") % {"n": len(missing), "judge": j.name, "no": r.number,
                                                              "who": r.entrant_name, "part": Score.Part(p).label})
    regs = competition.registrations.filter(state=Registration.State.REGISTERED).select_related("member")
    out = []
    for r in regs:
        if not complete and r.pk not in scores:
            continue
        out.append(scoring.result(competition.scoring_rule, scores.get(r.pk, {}),
                                  theory_weight=competition.theory_weight, key=r,
                                  who=_("entrant %(no)d %(who)s") % {"no": r.number, "who": r.entrant_name}))
    return scoring.rank(out, competition.tie_rule)


def _write_placings(round_, ranked):
    Placing.objects.filter(round=round_).delete()
    Placing.objects.bulk_create([Placing(round=round_, registration=r.key, total=r.total, theory=r.theory,
                                         practice=r.practice, place=r.place) for r in ranked])


@transaction.atomic
def publish_ranking(round_, *, acting_user):
    """Publish a round's ranking: every score present, ranked by the competition's rule and tie
    rule; the ranking is stored and the round's scores are locked from then on."""
    competition = round_.competition
    require(acting_user, "competitions.change_round", competition.union, obj=round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.published:
        raise ValidationError(_("This ranking is already published."))
    ranked = results(round_)
    if not ranked:
        raise ValidationError(_("No entrant has been scored: nothing to publish."))
    _write_placings(round_, ranked)
    round_.published_at, round_.published_by = timezone.now(), acting_user
    round_.save(update_fields=["published_at", "published_by"])
    if round_.is_final:
        Competition.objects.filter(pk=competition.pk).update(state=Competition.State.FINISHED)
    audit.record("publish", actor=acting_user, obj=round_, union=competition.union, changes={
        "ranking": [None, [f"{r.place}. {r.key.entrant_name} {r.total}" for r in ranked[:20]]]},
        reason=f"{competition.get_scoring_rule_display()}；{competition.get_tie_rule_display()}")
    return round_


@transaction.atomic
def correct_score(score, *, acting_user, value, reason):
    """A correction of a published score (复核更正): only with its reason, recorded as a change
    (old → new) and re-ranked; awards already conferred stay (revoking an honour is the honours
    registry's business) and the audit entry says so."""
    competition = score.round.competition
    require(acting_user, "competitions.change_score", competition.union, obj=score)
    round_ = Round.objects.get(pk=score.round_id)
    if not round_.published:
        raise ValidationError(_("The ranking is not published yet: enter the score again on the judge's sheet."))
    reason = _text(reason, "reason", _("reason for the correction (a published score is locked)"), 300)
    v = _check_value(competition, value)
    _check_judge(score.judge, score.registration)
    if v == score.value:
        raise ValidationError({"value": _("The new score is the same as the published one.")})
    old = score.value
    ScoreChange.objects.create(score=score, old_value=old, new_value=v, reason=reason, changed_by=acting_user)
    score.value = v
    score.save(update_fields=["value"])
    ranked = results(round_)
    _write_placings(round_, ranked)
    audit.record("update", actor=acting_user, obj=score, union=competition.union,
                 changes={"value": [str(old), str(v)]},
                 reason=reason + ("；" + _("rewards were already conferred and stay as they are")
                                  if competition.awards.exists() else ""))
    return score


def _certificate_no(competition, n):
    return f"JS{competition.year}-{competition.pk:05d}-{n:04d}"


def confer_honour(*, acting_user, award, competition):
    """The honour row of an award, through the honours registry (its one write path)."""
    from gonghui.honours import services as honours

    return honours.confer(acting_user=acting_user, title=award.title, level=award.honour_level,
                          year=competition.year, conferring_body=competition.awarding_body or competition.union.name,
                          member=award.member,
                          certificate_no=award.certificate_no,
                          source=_("Competition: %(name)s, place %(place)d") % {"name": competition.name,
                                                                                "place": award.place})


@transaction.atomic
def confer_rewards(competition, *, acting_user):
    """Apply the reward ladder to the published final ranking: an Award per person placed on a
    step (team members each), and the step's honour conferred in the honours registry. Run
    again, it adds only what is missing."""
    require(acting_user, "competitions.add_award", competition.union, obj=competition)
    final = competition.rounds.filter(is_final=True).first()
    if final is None or not final.published:
        raise ValidationError(_("Publish the final ranking before conferring rewards."))
    steps = list(competition.ladder.all())
    if not steps:
        raise ValidationError(_("This competition has no reward ladder: set it first."))
    done = set(competition.awards.values_list("member_id", flat=True))
    n = competition.awards.count()
    made = []
    for p in final.placings.select_related("registration__member").order_by("place", "registration__number"):
        step = next((s for s in steps if s.place_from <= p.place <= s.place_to), None)
        if step is None:
            continue
        for m in p.registration.people():
            if m.pk in done:
                continue
            n += 1
            a = Award.objects.create(competition=competition, registration=p.registration, member=m, place=p.place,
                                     title=step.title, honour_level=step.honour_level, grade_up=step.grade_up,
                                     certificate_no=_certificate_no(competition, n), awarded_by=acting_user)
            if a.title:
                a.honour = confer_honour(acting_user=acting_user, award=a, competition=competition)
                a.save(update_fields=["honour"])
            done.add(m.pk)
            made.append(a)
    audit.record("update", actor=acting_user, obj=competition, changes={"awards": [None, len(made)]},
                 reason=_("Reward ladder applied to the final ranking"))
    return made


# --- 五小 and 合理化建议 --------------------------------------------------------------------------

@transaction.atomic
def submit_innovation(*, acting_user, union, kind, title, description, year, member=None, team_name=""):
    require(acting_user, "competitions.add_innovation", union)
    if kind not in Innovation.Kind.values:
        raise ValidationError({"kind": _("Choose a valid kind.")})
    title = _text(title, "title", _("title"), 150)
    description = _text(description, "description", _("description"), 4000)
    team_name = (team_name or "").strip()[:80]
    if member is None and not team_name:
        raise ValidationError({"member": _("Name the member or the team who made it.")})
    if member is not None and not under(member.union, union):
        raise ValidationError({"member": _("%(name)s is not a member of this union.") % {"name": member.name}})
    n = Innovation.objects.filter(year=year).count() + 1
    number = f"WX{year}{n:05d}"
    while Innovation.objects.filter(number=number).exists():
        n += 1
        number = f"WX{year}{n:05d}"
    i = Innovation.objects.create(union=union, number=number, kind=kind, title=title, description=description,
                                  member=member, team_name=team_name if member is None else "", year=int(year),
                                  submitted_by=acting_user)
    audit.record("create", actor=acting_user, obj=i, changes={"title": [None, title], "kind": [None, kind]})
    return i


@transaction.atomic
def review_innovation(innovation, *, acting_user, adopt, note=""):
    """Adopt or not: decided by someone other than who entered it (four eyes)."""
    require(acting_user, "competitions.change_innovation", innovation.union, obj=innovation)
    require_other_than(acting_user, innovation.submitted_by_id, _("entry"))
    if innovation.state != Innovation.State.SUBMITTED:
        raise ValidationError(_("This entry was already reviewed."))
    note = _text(note, "note", _("reason for not adopting it"), 300, required=not adopt)
    innovation.state = Innovation.State.ADOPTED if adopt else Innovation.State.NOT_ADOPTED
    innovation.reviewed_by, innovation.reviewed_at, innovation.review_note = acting_user, timezone.now(), note
    innovation.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    audit.record("update", actor=acting_user, obj=innovation, changes={"state": ["submitted", innovation.state]},
                 reason=note)
    return innovation


@transaction.atomic
def claim_saving(innovation, *, acting_user, amount_fen):
    """The yearly saving the adopting unit claims for an adopted entry."""
    require(acting_user, "competitions.change_innovation", innovation.union, obj=innovation)
    if innovation.state != Innovation.State.ADOPTED:
        raise ValidationError(_("Only an adopted entry, not yet verified, can claim a saving."))
    if amount_fen is None or amount_fen <= 0:
        raise ValidationError({"saving": _("Give the yearly saving in yuan, above 0.")})
    old = innovation.saving_claimed_fen
    innovation.saving_claimed_fen, innovation.claimed_by = amount_fen, acting_user
    innovation.save(update_fields=["saving_claimed_fen", "claimed_by"])
    audit.record("update", actor=acting_user, obj=innovation, changes={"saving_claimed_fen": [old, amount_fen]})
    return innovation


@transaction.atomic
def verify_saving(innovation, *, acting_user, amount_fen, award_grade="", award_fen=None):
    """A second person verifies the claimed saving (at most what was claimed) and sets the award."""
    require(acting_user, "competitions.change_innovation", innovation.union, obj=innovation)
    if innovation.state != Innovation.State.ADOPTED or innovation.saving_claimed_fen is None:
        raise ValidationError(_("Claim the saving of an adopted entry before verifying it."))
    require_other_than(acting_user, innovation.claimed_by_id, _("saving claim"))
    if amount_fen is None or amount_fen < 0 or amount_fen > innovation.saving_claimed_fen:
        raise ValidationError({"saving": _("The verified saving lies between 0 and the claimed saving.")})
    if award_grade and award_grade not in Innovation.Grade.values:
        raise ValidationError({"award_grade": _("Choose a valid award.")})
    if award_fen is not None and award_fen < 0:
        raise ValidationError({"award_fen": _("The amount cannot be negative.")})
    innovation.saving_verified_fen, innovation.verified_by, innovation.verified_at = amount_fen, acting_user, \
        timezone.now()
    innovation.award_grade, innovation.award_fen = award_grade, award_fen
    innovation.state = Innovation.State.VERIFIED
    innovation.save(update_fields=["saving_verified_fen", "verified_by", "verified_at", "award_grade", "award_fen",
                                   "state"])
    audit.record("update", actor=acting_user, obj=innovation, changes={
        "saving_verified_fen": [None, amount_fen], "award": [None, award_grade]})
    return innovation


def may_manage(user, competition):
    return can(user, "competitions.change_competition", competition.union)
