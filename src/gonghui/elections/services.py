"""Every write of the elections app: terms and their re-election deadlines, office-holders,
elections from nomination to the union above's approval (批复), the tellers' sheets and the
count. Each is one transaction with its audit record; a refused write changes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import can, refuse, require, require_other_than
from gonghui.members.models import Member
from gonghui.notices.services import StaffOf, notify
from gonghui.orgs.models import Union
from gonghui.rules import days, deadlines
from gonghui.rules.days import meets

from . import counting, queries
from .models import (
    Appointment,
    Candidate,
    Election,
    ElectionState,
    MeetingKind,
    Method,
    Office,
    OfficeHolder,
    Post,
    Round,
    RoundKind,
    RoundState,
    Shortfall,
    TellerSheet,
    Term,
)
from .rules import committee_band, term_lengths, value

REELECTION = "reelection"
VACANCY = "vacancy_fill"
SINGLE = (Office.CHAIR,)  # one holder at a time


def _parent(union):
    return Union.objects.filter(path=union.path[:-4]).first() if len(union.path) > 4 else None


def _require_above(user, perm, union, obj):
    """The union above decides: `perm` on the parent union, held by someone other than the
    one who submitted (checked by the caller)."""
    parent = _parent(union)
    if parent is None or not can(user, perm, parent):
        refuse(user, obj, perm)


# --- terms ---------------------------------------------------------------------------------

def _track_term(term):
    deadlines.track(term, kind=REELECTION, started_on=term.elected_on, due_on=term.due_on, union=term.union,
                    title=_("Re-election of %(union)s (term %(n)d)") % {"union": term.union.name, "n": term.number},
                    url=reverse("elections:term_detail", args=[term.pk]))


def _new_term(union, elected_on, years=None, number=None):
    allowed, default, ruling = term_lengths(union, elected_on)
    years = default if years in (None, "") else int(years)
    if years not in allowed:
        raise ValidationError({"years": _("A term lasts %(allowed)s years (%(source)s).")
                               % {"allowed": _(" or ").join(str(a) for a in allowed), "source": ruling.source}})
    previous = Term.objects.select_for_update().filter(union=union, closed_on__isnull=True).first()
    if previous is not None and elected_on <= previous.elected_on:
        raise ValidationError({"elected_on": _("The new term must start after the current one (%(day)s).")
                               % {"day": previous.elected_on.isoformat()}})
    last = Term.objects.filter(union=union).order_by("-number").values_list("number", flat=True).first() or 0
    number = int(number or last + 1)
    if number <= last:
        raise ValidationError({"number": _("Term %(n)d is already recorded for this union.") % {"n": number}})
    if previous is not None:
        previous.closed_on = elected_on
        previous.save(update_fields=["closed_on"])
        deadlines.close(previous, REELECTION)
    term = Term.objects.create(union=union, number=number, elected_on=elected_on, years=years,
                               ends_on=days.add_months(elected_on, 12 * years))
    _track_term(term)
    return term


@transaction.atomic
def record_term(*, acting_user, union, elected_on, years=None, number=None):
    """Record a term elected on `elected_on` (an earlier term ends that day). Its re-election
    deadline is tracked, so reminders reach the union and, once overdue, the union above."""
    require(acting_user, "elections.add_term", union)
    term = _new_term(union, elected_on, years, number)
    audit.record("create", actor=acting_user, obj=term, changes={"years": [None, term.years],
                                                                  "elected_on": [None, elected_on.isoformat()]})
    return term


@transaction.atomic
def request_delay(*, acting_user, term, until, reason):
    """The union asks the union above to delay its re-election until `until`."""
    require(acting_user, "elections.change_term", term.union, obj=term)
    if term.closed_on:
        raise ValidationError(_("This term has been succeeded already."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give the reason for the delay.")})
    longest = value("union.reelection_delay_months", term.union, term.ends_on)
    latest = days.add_months(term.ends_on, int(longest.value))
    if until <= term.ends_on or until > latest:
        raise ValidationError({"until": _("A delay runs from the term's end (%(end)s) to at most %(latest)s: "
                                          "%(label)s %(value)s (%(source)s).")
                               % {"end": term.ends_on.isoformat(), "latest": latest.isoformat(),
                                  "label": longest.label, "value": longest.display, "source": longest.source}})
    Term.objects.filter(pk=term.pk).update(delay_until=None, delay_reason=reason.strip(),
                                           delay_requested_by=acting_user, delay_approved_by=None,
                                           delay_requested_until=until)
    audit.record("update", actor=acting_user, obj=term, reason=reason, changes={"delay_requested": [None,
                                                                                                    until.isoformat()]})
    parent = _parent(term.union)
    if parent is not None:
        notify(StaffOf(parent, "elections.approve_term"), kind="deadline_soon",
               title=_("%(union)s asks to delay its re-election") % {"union": term.union.name},
               url=reverse("elections:term_detail", args=[term.pk]), obj=term, acting_user=acting_user)
    term.refresh_from_db()
    return term


@transaction.atomic
def decide_delay(*, acting_user, term, approve, opinion=""):
    """The union above approves or refuses the delay; nobody approves their own request."""
    _require_above(acting_user, "elections.approve_term", term.union, term)
    term = Term.objects.select_for_update().get(pk=term.pk)
    if term.delay_requested_until is None:
        raise ValidationError(_("No delay has been requested for this term."))
    require_other_than(acting_user, term.delay_requested_by_id, _("delay request"))
    if approve:
        term.delay_until, term.delay_approved_by = term.delay_requested_until, acting_user
    term.delay_requested_until = None
    term.save(update_fields=["delay_until", "delay_approved_by", "delay_requested_until"])
    _track_term(term)
    audit.record("approve" if approve else "reject", actor=acting_user, obj=term, reason=opinion,
                 changes={"delay_until": [None, term.delay_until.isoformat() if term.delay_until else None]})
    return term


# --- office-holders ------------------------------------------------------------------------

def _end_holders(union, offices, on, reason):
    OfficeHolder.objects.filter(union=union, office__in=offices, to_on__isnull=True).update(
        to_on=on, end_reason=reason)


def _filled(union, office):
    """A new holder of `office` closes the union's open vacancy deadlines for it."""
    from gonghui.rules.models import Deadline

    ended = OfficeHolder.objects.filter(union=union, office=office).values_list("pk", flat=True)
    Deadline.objects.filter(kind=VACANCY, object_type="elections.officeholder", closed_at__isnull=True,
                            object_id__in=[str(pk) for pk in ended]).update(closed_at=timezone.now())


@transaction.atomic
def appoint(*, acting_user, union, office, name, appointment, from_on, member=None):
    """Record an office-holder outside an election (appointed, or a 公选直管 chair placed by the
    union above). A new chair ends the previous chair's row that day."""
    require(acting_user, "elections.add_officeholder", union)
    if not (name or "").strip():
        raise ValidationError({"name": _("Enter the name.")})
    if office not in Office.values:
        raise ValidationError({"office": _("Choose an office.")})
    if appointment not in Appointment.values:
        raise ValidationError({"appointment": _("Choose the way of appointment.")})
    if appointment == Appointment.OPEN_SELECTION:
        if office != Office.CHAIR:
            raise ValidationError({"appointment": _("Only a chair is selected openly by the union above.")})
        _require_above(acting_user, "elections.add_officeholder", union, union)
    if office in SINGLE:
        _end_holders(union, [office], from_on, _("succeeded"))
    term = Term.objects.filter(union=union, closed_on__isnull=True).first()
    holder = OfficeHolder.objects.create(union=union, term=term, office=office, name=name.strip(), member=member,
                                         appointment=appointment, from_on=from_on)
    if office == Office.CHAIR:
        Union.objects.filter(pk=union.pk).update(chair_name=holder.name)
    _filled(union, office)
    audit.record("create", actor=acting_user, obj=holder)
    return holder


@transaction.atomic
def recall(*, acting_user, holder, votes_for, all_voters, on=None):
    """罢免 a chair or vice-chair: only with more than half of ALL members or delegates
    (工会法 art.18; the rulebook's election.recall_share / recall_strict), not of those present."""
    require(acting_user, "elections.recall_officeholder", holder.union, obj=holder)
    on = on or timezone.localdate()
    if holder.office not in (Office.CHAIR, Office.VICE_CHAIR) or holder.to_on is not None:
        raise ValidationError(_("Only a serving chair or vice-chair is recalled this way."))
    share = value("election.recall_share", holder.union, on)
    strict = value("election.recall_strict", holder.union, on)
    votes_for, all_voters = int(votes_for), int(all_voters)
    if all_voters <= 0 or votes_for > all_voters:
        raise ValidationError({"votes_for": _("Votes for the recall cannot exceed all members or delegates.")})
    if not meets(votes_for, all_voters, share.value, strict=bool(strict.value)):
        raise ValidationError({"votes_for": _("%(votes)d of %(all)d is not enough to recall: it needs %(rule)s "
                                              "%(share)s of all members or delegates (%(source)s). Nothing was "
                                              "changed.")
                               % {"votes": votes_for, "all": all_voters, "share": share.display,
                                  "rule": _("more than") if strict.value else _("at least"),
                                  "source": share.source}})
    holder.to_on, holder.end_reason = on, _("recalled (%(votes)d of %(all)d)") % {"votes": votes_for,
                                                                                "all": all_voters}
    holder.save(update_fields=["to_on", "end_reason"])
    if holder.office == Office.CHAIR:
        Union.objects.filter(pk=holder.union_id).update(chair_name="")
    # the vacancy is filled by a by-election within union.vacancy_fill_months (重庆市工会条例)
    deadlines.track(holder, kind=VACANCY, started_on=on, rule="union.vacancy_fill_months", union=holder.union,
                    title=_("%(union)s: fill the vacant %(office)s")
                    % {"union": holder.union.name, "office": holder.get_office_display()},
                    url=reverse("elections:holders"))
    audit.record("update", actor=acting_user, obj=holder, reason=holder.end_reason)
    return holder


# --- elections -----------------------------------------------------------------------------

def _editable(election):
    if not Election.objects.filter(pk=election.pk, state=ElectionState.NOMINATING).exists():
        raise ValidationError(_("Candidates and seats can only be changed while nominating."))


@transaction.atomic
def create_election(*, acting_user, union, title, held_on, meeting, delegates=None,
                    shortfall=Shortfall.ANOTHER_ROUND):
    """Start an election. The 应到会 number is stored with how it was obtained: the union's
    members in good standing for a 会员大会, the delegates' count entered for a congress."""
    require(acting_user, "elections.add_election", union)
    if meeting not in MeetingKind.values:
        raise ValidationError({"meeting": _("Choose the kind of meeting.")})
    if shortfall not in Shortfall.values:
        raise ValidationError({"shortfall": _("Choose what happens when too few are elected.")})
    members = Member.objects.in_good_standing().filter(union=union).count()
    if meeting == MeetingKind.MEMBERS:
        entitled = members
        source = _("members in good standing on the roster on %(day)s") % {"day": timezone.localdate().isoformat()}
    else:
        if not delegates or int(delegates) <= 0:
            raise ValidationError({"delegates": _("Enter the number of delegates entitled to attend.")})
        entitled, source = int(delegates), _("delegates' count entered by %(user)s") % {
            "user": acting_user.get_username()}
    if entitled <= 0:
        raise ValidationError({"meeting": _("The union has no members in good standing: nobody could vote.")})
    election = Election.objects.create(union=union, title=(title or "").strip() or _("Election"), held_on=held_on,
                                       meeting=meeting, entitled=entitled, entitled_source=source,
                                       members=members, shortfall=shortfall, created_by=acting_user)
    audit.record("create", actor=acting_user, obj=election, changes={"entitled": [None, entitled]})
    return election


@transaction.atomic
def add_post(*, acting_user, election, office, seats, method=Method.DIRECT, appointment=Appointment.ELECTED):
    """Add the seats of one office. Committee seats: an odd number inside the rulebook's band
    for the union's membership (election.committee_size)."""
    require(acting_user, "elections.change_election", election.union, obj=election)
    _editable(election)
    seats = int(seats)
    if office not in Office.values:
        raise ValidationError({"office": _("Choose an office.")})
    if seats < 1 or (office == Office.CHAIR and seats != 1):
        raise ValidationError({"seats": _("A chair is one seat; other offices need at least one seat.")})
    if office == Office.COMMITTEE:
        band, ruling = committee_band(election.union, election.members, election.held_on)
        if seats % 2 == 0 or not band.least <= seats <= band.most:
            raise ValidationError({"seats": _("With %(members)d members the committee has an odd number of "
                                              "members from %(least)d to %(most)d (%(source)s).")
                                   % {"members": election.members, "least": band.least, "most": band.most,
                                      "source": ruling.source}})
    if method == Method.PLENUM and office not in (Office.CHAIR, Office.VICE_CHAIR):
        raise ValidationError({"method": _("Only the chair and vice-chairs are elected by the first plenum.")})
    if appointment == Appointment.OPEN_SELECTION and office != Office.CHAIR:
        raise ValidationError({"appointment": _("Only a chair is selected openly by the union above.")})
    try:
        with transaction.atomic():
            post = Post.objects.create(election=election, office=office, seats=seats, method=method,
                                       appointment=appointment)
    except IntegrityError:
        raise ValidationError({"office": _("This office already has its seats in this election.")}) from None
    audit.record("update", actor=acting_user, obj=election, changes={"post": [None, str(post)]})
    return post


@transaction.atomic
def add_candidate(*, acting_user, post, name, member=None, note=""):
    election = post.election
    require(acting_user, "elections.change_election", election.union, obj=election)
    _editable(election)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the candidate's name.")})
    if member is not None and member.union_id != election.union_id:
        raise ValidationError({"member": _("The candidate must be a member of %(union)s.")
                               % {"union": election.union.name}})
    try:
        with transaction.atomic():
            c = Candidate.objects.create(post=post, name=name, member=member, note=(note or "").strip())
    except IntegrityError:
        raise ValidationError({"name": _("%(name)s is already a candidate for this office.") % {"name": name}}) \
            from None
    audit.record("update", actor=acting_user, obj=election, changes={"candidate": [None, f"{post}: {name}"]})
    return c


@transaction.atomic
def remove_candidate(*, acting_user, candidate):
    election = candidate.post.election
    require(acting_user, "elections.change_election", election.union, obj=election)
    _editable(election)
    audit.record("update", actor=acting_user, obj=election, changes={"candidate": [candidate.name, None]})
    candidate.delete()


def candidate_problems(election):
    """Posts without enough candidates, as messages naming the rule: 差额 needs the rulebook's
    share more candidates than seats, rounded up (7 seats at 5% → 8); 等额 is enough where the
    rulebook allows it (经审委员; chair and vice-chairs)."""
    out = []
    posts = list(election.posts.all())
    if not posts:
        return [_("Add the seats to fill first.")]
    for post in posts:
        n = post.candidates.count()
        need, rule = queries.candidates_needed(post)
        if n < need:
            out.append(_("%(office)s: %(n)d candidates for %(seats)d seats; at least %(need)d are needed "
                         "(%(label)s %(value)s, %(source)s).")
                       % {"office": post.get_office_display(), "n": n, "seats": post.seats, "need": need,
                          "label": rule.label, "value": rule.display, "source": rule.source})
    return out


@transaction.atomic
def submit_candidates(*, acting_user, election):
    require(acting_user, "elections.change_election", election.union, obj=election)
    election = Election.objects.select_for_update().select_related("union").get(pk=election.pk)
    _editable(election)
    problems = candidate_problems(election)
    if problems:
        raise ValidationError(problems)
    election.state, election.candidates_submitted_by = ElectionState.SUBMITTED, acting_user
    election.save(update_fields=["state", "candidates_submitted_by"])
    _submit_upward(election, acting_user, _("Candidates of %(title)s await approval"))
    return election


def _open_round(post, *, kind, seats, candidates, entitled):
    number = (post.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    r = Round.objects.create(post=post, number=number, kind=kind, seats=seats, entitled=entitled)
    r.candidates.set(candidates)
    return r


@transaction.atomic
def decide_candidates(*, acting_user, election, approve, opinion=""):
    """The union above approves the candidates before the vote (or sends them back)."""
    _require_above(acting_user, "elections.approve_election", election.union, election)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.state != ElectionState.SUBMITTED:
        raise ValidationError(_("The candidates are not awaiting approval."))
    require_other_than(acting_user, election.candidates_submitted_by_id, _("list of candidates"))
    election.opinion = (opinion or "").strip()
    if approve:
        election.state, election.candidates_approved_by = ElectionState.VOTING, acting_user
        for post in election.posts.filter(method=Method.DIRECT):
            _open_round(post, kind=RoundKind.FIRST, seats=post.seats, candidates=post.candidates.all(),
                        entitled=election.entitled)
    else:
        election.state = ElectionState.NOMINATING
    election.save(update_fields=["state", "candidates_approved_by", "opinion"])
    audit.record("approve" if approve else "reject", actor=acting_user, obj=election, reason=election.opinion)
    return election


def _require_round(acting_user, rnd):
    election = Election.objects.select_related("union").get(pk=rnd.post.election_id)  # its state as stored
    require(acting_user, "elections.change_election", election.union, obj=election)
    if election.state != ElectionState.VOTING or rnd.state != RoundState.OPEN:
        raise ValidationError(_("This round is not open for voting."))
    return election


@transaction.atomic
def record_turnout(*, acting_user, rnd, attendance, issued, returned):
    """Record who voted and the ballots. Refused (nothing stored) when attendance does not meet
    the quorum (election.quorum_share / quorum_strict of 应到会), or when more ballots came
    back than were issued: that round is void and is voted again (选举办法 samples)."""
    election = _require_round(acting_user, rnd)
    attendance, issued, returned = int(attendance), int(issued), int(returned)
    if attendance > rnd.entitled:
        raise ValidationError({"attendance": _("%(n)d present is more than the %(entitled)d entitled to attend.")
                               % {"n": attendance, "entitled": rnd.entitled}})
    share = value("election.quorum_share", election.union, election.held_on)
    strict = value("election.quorum_strict", election.union, election.held_on)
    if not counting.quorum_met(attendance, rnd.entitled, share.value, bool(strict.value)):
        raise ValidationError({"attendance": _(
            "No vote: %(n)d present of %(entitled)d entitled does not meet the quorum, which needs %(how)s %(share)s "
            "(%(source)s). Nothing was recorded.")
            % {"n": attendance, "entitled": rnd.entitled, "share": share.display, "source": share.source,
               "how": _("more than") if strict.value else _("at least")}})
    if returned > issued:
        raise ValidationError({"returned": _(
            "%(returned)d ballots returned but only %(issued)d issued: the round is void and must be voted again "
            "(returned ballots may not exceed those issued, 选举办法). Nothing was recorded.")
            % {"returned": returned, "issued": issued}})
    if issued > attendance:
        raise ValidationError({"issued": _("%(issued)d ballots issued to %(n)d people present.")
                               % {"issued": issued, "n": attendance}})
    rnd.attendance, rnd.issued, rnd.returned = attendance, issued, returned
    rnd.save(update_fields=["attendance", "issued", "returned"])
    TellerSheet.objects.filter(round=rnd).delete()  # sheets were for other numbers
    audit.record("update", actor=acting_user, obj=election, changes={
        "round": [None, rnd.number], "attendance": [None, attendance], "issued": [None, issued],
        "returned": [None, returned]})
    return rnd


def _parse_tally(tallies, candidate_ids):
    try:
        invalid = int(tallies.get("invalid", 0))
        votes = {int(k): int(v) for k, v in (tallies.get("votes") or {}).items()}
    except (TypeError, ValueError, AttributeError):
        raise ValidationError({"tallies": _("Enter whole numbers of votes.")}) from None
    if set(votes) - set(candidate_ids):
        raise ValidationError({"tallies": _("Votes were entered for someone who is not a candidate of this "
                                            "round.")})
    if invalid < 0 or any(v < 0 for v in votes.values()):
        raise ValidationError({"tallies": _("Counts cannot be negative.")})
    return invalid, {c: votes.get(c, 0) for c in candidate_ids}


@transaction.atomic
def enter_sheet(*, acting_user, rnd, ballots=None, tallies=None):
    """One teller's entry: every returned ballot's marks (candidate ids; an empty list is a blank,
    valid ballot), or per-box tallies {"invalid": n, "votes": {id: n}}. A teller may correct
    their own sheet until the round is counted."""
    _require_round(acting_user, rnd)
    if rnd.returned is None:
        raise ValidationError(_("Record attendance and ballots issued and returned first."))
    ids = list(rnd.candidates.values_list("pk", flat=True))
    if (ballots is None) == (tallies is None):
        raise ValidationError(_("Enter either every ballot or the tallies per candidate."))
    if ballots is not None:
        try:
            ballots = [[int(m) for m in b] for b in ballots]
        except (TypeError, ValueError):
            raise ValidationError({"ballots": _("Each ballot is a list of candidate numbers.")}) from None
        if len(ballots) != rnd.returned:
            raise ValidationError({"ballots": _("%(n)d ballots entered, but %(returned)d were returned: enter "
                                                "every returned ballot, blank ones too.")
                                   % {"n": len(ballots), "returned": rnd.returned}})
        TellerSheet.objects.update_or_create(round=rnd, teller=acting_user,
                                             defaults={"ballots": ballots, "tallies": None,
                                                       "entered_at": timezone.now()})
    else:
        invalid, votes = _parse_tally(tallies, ids)
        t = counting.Tally(returned=rnd.returned, invalid=invalid, votes=votes)
        problems = counting.tally_problems(t, rnd.seats)
        if problems:
            raise ValidationError({"tallies": [queries.problem_text(code, nums) for code, nums in problems]})
        TellerSheet.objects.update_or_create(round=rnd, teller=acting_user, defaults={
            "ballots": None, "tallies": {"invalid": invalid, "votes": {str(k): v for k, v in votes.items()}},
            "entered_at": timezone.now()})
    audit.record("update", actor=acting_user, obj=rnd.post.election, changes={"sheet": [None, rnd.number]})
    return rnd


@transaction.atomic
def count_round(*, acting_user, rnd):
    """Count a round once two tellers' sheets agree; store the result with its arithmetic and
    open what follows: a run-off among those tied at the last seat, another vote (另行选举) for
    seats nobody won, or, once the committee is complete, the first plenum's votes."""
    election = _require_round(acting_user, rnd)
    rnd = Round.objects.select_for_update().get(pk=rnd.pk)
    sheets = list(rnd.sheets.all())
    if len(sheets) < 2:
        raise ValidationError(_("Two tellers must each enter the count before it is computed (%(n)d so far).")
                              % {"n": len(sheets)})
    diffs = queries.sheet_disagreements(rnd, sheets)
    if diffs:
        raise ValidationError([_("The tellers disagree; check the ballots again. Nothing was counted:"), *diffs])
    tally = queries.sheet_tally(rnd, sheets[0])
    rnd.result = queries.build_result(rnd, election, tally)
    rnd.state, rnd.counted_at = RoundState.COUNTED, timezone.now()
    rnd.save(update_fields=["result", "state", "counted_at"])
    audit.record("update", actor=acting_user, obj=election, changes={
        "round": [rnd.number, "counted"], "elected": [None, [c["name"] for c in rnd.result["candidates"]
                                                            if c["elected"]]]})
    _follow_up(rnd, election)
    return rnd


def _follow_up(rnd, election):
    res, post = rnd.result, rnd.post
    by_id = {c.pk: c for c in rnd.candidates.all()}
    if res["runoff"]:
        _open_round(post, kind=RoundKind.RUNOFF, seats=res["runoff_seats"],
                    candidates=[by_id[c] for c in res["runoff"]], entitled=rnd.entitled)
    elif res["unfilled"] and rnd.kind != RoundKind.ANOTHER and election.shortfall == Shortfall.ANOTHER_ROUND:
        # 另行选举: candidates from this vote, in its order, with the 差额 kept
        elected_ids = {c for r in post.rounds.filter(state=RoundState.COUNTED) for c in r.result["elected"]}
        order = [c["id"] for c in res["candidates"] if c["id"] not in elected_ids]
        need, _rule = queries.candidates_needed(post, seats=res["unfilled"])
        chosen = order[:need]
        if chosen:
            _open_round(post, kind=RoundKind.ANOTHER, seats=res["unfilled"], candidates=[by_id[c] for c in chosen],
                        entitled=rnd.entitled)
    if post.office == Office.COMMITTEE and queries.post_finished(post):
        members = len(queries.elected_of(post))
        for p in election.posts.filter(method=Method.PLENUM):
            if not p.rounds.exists() and members:
                _open_round(p, kind=RoundKind.FIRST, seats=p.seats, candidates=p.candidates.all(), entitled=members)


@transaction.atomic
def report_result(*, acting_user, election):
    """Send the result to the union above for approval (批复)."""
    require(acting_user, "elections.change_election", election.union, obj=election)
    election = Election.objects.select_for_update().select_related("union").get(pk=election.pk)
    if election.state != ElectionState.VOTING:
        raise ValidationError(_("Only an election being voted on can be reported."))
    unfinished = [str(p) for p in election.posts.all() if not queries.post_finished(p)]
    if unfinished:
        raise ValidationError(_("Votes are still open for: %(posts)s.") % {"posts": "、".join(unfinished)})
    election.state, election.reported_by = ElectionState.REPORTED, acting_user
    election.save(update_fields=["state", "reported_by"])
    _submit_upward(election, acting_user, _("The result of %(title)s awaits approval"))
    return election


def _submit_upward(election, acting_user, title):
    """Record the submission and tell the approvers of the union above (candidates, then result)."""
    audit.record("submit", actor=acting_user, obj=election)
    parent = _parent(election.union)
    if parent is not None:
        notify(StaffOf(parent, "elections.approve_election"), kind="deadline_soon",
               title=title % {"title": election.title},
               url=reverse("elections:election_detail", args=[election.pk]), obj=election, acting_user=acting_user)


@transaction.atomic
def decide_result(*, acting_user, election, approve, opinion=""):
    """The union above's 批复. Only an approved result changes the office-holders: the offices
    voted on end for their previous holders and start for those elected, and a new term begins."""
    _require_above(acting_user, "elections.approve_election", election.union, election)
    election = Election.objects.select_for_update().select_related("union").get(pk=election.pk)
    if election.state != ElectionState.REPORTED:
        raise ValidationError(_("The result is not awaiting approval."))
    require_other_than(acting_user, election.reported_by_id, _("election result"))
    election.opinion = (opinion or "").strip()
    if not approve:
        election.state = ElectionState.VOTING
        election.save(update_fields=["state", "opinion"])
        audit.record("reject", actor=acting_user, obj=election, reason=election.opinion)
        return election
    today = timezone.localdate()
    union = election.union
    term = None
    if not Term.objects.filter(union=union, elected_on__gte=election.held_on).exists():
        term = _new_term(union, election.held_on)
    for post in election.posts.all():
        _end_holders(union, [post.office], today, _("new term elected"))
        for cand in queries.elected_of(post):
            OfficeHolder.objects.create(union=union, term=term, office=post.office, name=cand.name,
                                        member=cand.member, appointment=post.appointment, from_on=today,
                                        election=election)
            if post.office == Office.CHAIR:
                Union.objects.filter(pk=union.pk).update(chair_name=cand.name)
        _filled(union, post.office)
    election.state, election.approved_by, election.approved_on, election.term = (
        ElectionState.APPROVED, acting_user, today, term)
    election.save(update_fields=["state", "approved_by", "approved_on", "term", "opinion"])
    audit.record("approve", actor=acting_user, obj=election, reason=election.opinion)
    return election
