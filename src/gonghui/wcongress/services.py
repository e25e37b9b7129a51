"""Every write of 职代会, proposals and 厂务公开: the permission check, the rule (read from the
rulebook for the congress's jurisdiction and named in every refusal), the audit record and the
notice, in one transaction. A refused input writes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import can, require, require_other_than
from gonghui.members.models import IN_GOOD_STANDING, Member
from gonghui.notices.services import StaffOf, notify
from gonghui.orgs.models import Union
from gonghui.rules import days, deadlines, rulebook

from . import rules
from .models import Delegate, Disclosure, Motion, Proposal, Session, WorkersCongress

REPLY_KIND = "proposal_reply"
REPORT_KIND = "congress_report"
DISCLOSURE_KIND = "disclosure_due"


def _text(value, field, label, max_length=None):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    if max_length and len(value) > max_length:
        raise ValidationError({field: _("The %(label)s is longer than %(n)d characters.") % {
            "label": label, "n": max_length}})
    return value


def employer_of(member):
    """The member's employer: as recorded on the member, else their union's."""
    return member.employer or member.union.employer


def member_of(user):
    member = Member.objects.of_user(user)
    if member is None:
        raise ValidationError(_("Your account is not linked to a member record."))
    return member


# --- congresses and delegates ------------------------------------------------------------------

@transaction.atomic
def create_congress(*, acting_user, union, name, employers, term_start, kind=WorkersCongress.Kind.SINGLE,
                    term_no=1):
    """A congress term: one employer's, or a joint one for several small firms (联合职代会)."""
    require(acting_user, "wcongress.add_workerscongress", union)
    name = _text(name, "name", _("name of the congress"), 120)
    employers = list(dict.fromkeys(employers or []))
    if kind not in WorkersCongress.Kind.values:
        raise ValidationError({"kind": _("Choose a valid kind.")})
    if kind == WorkersCongress.Kind.SINGLE and len(employers) != 1:
        raise ValidationError({"employers": _("A workers' congress of one employer names exactly one employer.")})
    if kind == WorkersCongress.Kind.JOINT and len(employers) < 2:
        raise ValidationError({"employers": _("A joint workers' congress brings together at least two employers.")})
    from gonghui.orgs.models import Employer

    foreign = [e for e in employers if not Employer.objects.restrict(acting_user).filter(pk=e.pk).exists()]
    if foreign:
        raise ValidationError({"employers": _("Choose employers of your area.")})
    if not isinstance(term_start, datetime.date):
        raise ValidationError({"term_start": _("Give the date the term starts.")})
    years = rulebook.value("wcongress.term_years", on=term_start, region=union.region_id)
    term_end = days.add_months(term_start, 12 * int(years.value)) - datetime.timedelta(days=1)
    congress = WorkersCongress.objects.create(union=union, kind=kind, name=name, term_no=term_no or 1,
                                              term_start=term_start, term_end=term_end, created_by=acting_user)
    congress.employers.set(employers)
    audit.record("create", actor=acting_user, obj=congress, changes={
        "name": [None, name], "employers": [None, [e.name for e in employers]], "term_end": [None, str(term_end)]},
        reason=_("Term of %(n)s years (%(source)s).") % {"n": years.value, "source": years.source})
    return congress


@transaction.atomic
def add_delegate(congress, *, acting_user, member, is_manager=False, is_frontline=True, elected_on=None):
    """A delegate elected in one of the congress's employers (the member must work there)."""
    require(acting_user, "wcongress.add_delegate", congress.union, obj=congress)
    if member.status not in IN_GOOD_STANDING:
        raise ValidationError({"member": _("%(name)s is not a member in good standing.") % {"name": member.name}})
    employer = employer_of(member)
    if employer is None or not congress.employers.filter(pk=employer.pk).exists():
        raise ValidationError({"member": _("%(name)s does not work for an employer of this congress.") % {
            "name": member.name}})
    if congress.delegates.filter(member=member).exists():
        raise ValidationError({"member": _("%(name)s is already a delegate of this congress.") % {
            "name": member.name}})
    d = Delegate.objects.create(congress=congress, member=member, employer=employer, is_manager=bool(is_manager),
                                is_frontline=bool(is_frontline), elected_on=elected_on or timezone.localdate())
    audit.record("create", actor=acting_user, obj=d, union=congress.union, changes={
        "member": [None, member.number], "is_manager": [None, d.is_manager]})
    return d


@transaction.atomic
def create_session(congress, *, acting_user, held_on, place="", kind=Session.Kind.REGULAR, papers_sent_on=None):
    """A sitting. Where the rulebook says how many days before it the delegates get the papers
    (上海 art.30: 7 days), a later date is refused."""
    require(acting_user, "wcongress.add_session", congress.union, obj=congress)
    if not isinstance(held_on, datetime.date):
        raise ValidationError({"held_on": _("Give the date of the session.")})
    if kind not in Session.Kind.values:
        raise ValidationError({"kind": _("Choose a valid kind.")})
    papers = rulebook.find("wcongress.papers_days_before", on=held_on, region=congress.region_code)
    if papers is not None and papers_sent_on is not None:
        latest = held_on - datetime.timedelta(days=int(papers.value))
        if papers_sent_on > latest:
            raise ValidationError({"papers_sent_on": _(
                "The papers reach the delegates %(n)s days before the session at the latest (%(source)s): send "
                "them by %(day)s.") % {"n": papers.value, "source": papers.source, "day": latest}})
    number = (congress.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    s = Session.objects.create(congress=congress, number=number, kind=kind, held_on=held_on,
                               place=(place or "").strip()[:150], papers_sent_on=papers_sent_on,
                               created_by=acting_user)
    audit.record("create", actor=acting_user, obj=s, union=congress.union, changes={"held_on": [None, str(held_on)]})
    return s


def _count(value, field, label):
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = -1
    if n < 0:
        raise ValidationError({field: _("Give the %(label)s as a whole number of 0 or more.") % {"label": label}})
    return n


@transaction.atomic
def record_vote(session, *, acting_user, title, present, in_favour, against, abstain):
    """A secret-ballot vote on a motion. The congress must be lawfully composed, the delegates
    present must reach the quorum (三分之二以上, counted against all serving delegates), and the
    motion passes with the jurisdiction's share of ALL delegates (上海: 半数以上; 浙江: 过半数)."""
    congress = session.congress
    require(acting_user, "wcongress.add_motion", congress.union, obj=session)
    title = _text(title, "title", _("motion"), 200)
    present = _count(present, "present", _("delegates present"))
    in_favour = _count(in_favour, "in_favour", _("votes in favour"))
    against = _count(against, "against", _("votes against"))
    abstain = _count(abstain, "abstain", _("abstentions"))
    on = session.held_on
    comp = rules.composition(congress, on=on)
    if comp["problems"]:
        raise ValidationError({"present": comp["problems"]})
    total = comp["count"]
    if present > total:
        raise ValidationError({"present": _("%(p)d present is more than the %(n)d serving delegates.") % {
            "p": present, "n": total}})
    q = rules.quorum(congress, on=on)
    # “三分之二以上” includes exactly two thirds (民法典 art. 1259)
    if not days.meets(present, total, q.value, strict=False):
        raise ValidationError({"present": _(
            "Below the quorum: %(p)d of %(n)d delegates present; %(rule)s is %(share)s or more of all delegates "
            "(%(source)s). Nothing was recorded.") % {"p": present, "n": total, "rule": q.label,
                                                       "share": rules.share_text(q.value), "source": q.source}})
    if in_favour + against + abstain > present:
        raise ValidationError({"in_favour": _("%(v)d votes were counted but only %(p)d delegates are present.") % {
            "v": in_favour + against + abstain, "p": present}})
    share, strict, _share_ruling, _strict_ruling = rules.passing(congress, on=on)
    passed = days.meets(in_favour, total, share, strict=strict)
    motion = Motion.objects.create(session=session, title=title, delegates_total=total, present=present,
                                   in_favour=in_favour, against=against, abstain=abstain, passed=passed,
                                   rule_text=rules.passing_text(congress, on=on)[:300], recorded_by=acting_user)
    session.delegates_total, session.present = total, present
    session.quorum_rule = f"{q.label}：{rules.share_text(q.value)}（{q.source}）"[:300]
    session.save(update_fields=["delegates_total", "present", "quorum_rule"])
    # 上海 art.37: the session is reported to the higher union within 7 working days of its close
    if session.reported_on is None and rulebook.find("wcongress.report_working_days", on=on,
                                                     region=congress.region_code) is not None:
        deadlines.track(session, kind=REPORT_KIND, started_on=on, rule="wcongress.report_working_days",
                        union=congress.union, title=_("Report %(session)s to the higher union") % {
                            "session": str(session)}, url=reverse("wcongress:detail", args=[congress.pk]))
    audit.record("create", actor=acting_user, obj=motion, union=congress.union, changes={
        "votes": [None, f"{in_favour}/{against}/{abstain} of {total}, {present} present"], "passed": [None, passed]},
        reason=motion.rule_text)
    return motion


@transaction.atomic
def report_session(session, *, acting_user, reported_on):
    """The session's report reached the higher union (closes the reporting deadline)."""
    congress = session.congress
    require(acting_user, "wcongress.change_session", congress.union, obj=session)
    if not isinstance(reported_on, datetime.date) or reported_on > timezone.localdate() \
            or reported_on < session.held_on:
        raise ValidationError({"reported_on": _("Give the day of the report: not before the session, not a "
                                                "future day.")})
    session.reported_on = reported_on
    session.save(update_fields=["reported_on"])
    deadlines.close(session, REPORT_KIND)
    audit.record("update", actor=acting_user, obj=session, union=congress.union,
                 changes={"reported_on": [None, str(reported_on)]})
    return session


# --- proposals -----------------------------------------------------------------------------------

def _parties(proposal):
    """The users behind a proposal: the proposer and the co-sponsors (their member accounts)."""
    ids = {proposal.proposer.member.user_id, *proposal.cosponsors.values_list("member__user_id", flat=True)}
    return ids - {None}


def _own(proposal, user):
    """True when `user` is the proposer or a co-sponsor."""
    return bool(getattr(user, "pk", None)) and user.pk in _parties(proposal)


def _next_number(congress, year):
    prefix = f"{year}-"
    last = (congress.proposals.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    n = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{n:03d}"


def submit_proposal(congress, *, acting_user, proposer, title, content, cosponsors):
    """A delegate's proposal with its co-sponsors (附议人), at least the rulebook's number.

    The proposer submits from their phone; staff holding add_proposal may enter a paper one."""
    if proposer.member.user_id != getattr(acting_user, "pk", None):
        require(acting_user, "wcongress.add_proposal", congress.union, obj=congress)
    if proposer.congress_id != congress.pk or not proposer.active:
        raise ValidationError({"proposer": _("Only a serving delegate of this congress can submit a proposal.")})
    title = _text(title, "title", _("title"), 120)
    content = _text(content, "content", _("content and suggestions"), 5000)
    chosen = {d.pk: d for d in cosponsors or []}
    chosen.pop(proposer.pk, None)
    bad = [d for d in chosen.values() if d.congress_id != congress.pk or not d.active]
    if bad:
        raise ValidationError({"cosponsors": _("%(names)s are not serving delegates of this congress.") % {
            "names": "、".join(d.member.name for d in bad)}})
    need = rules.cosponsors_min(congress)
    if len(chosen) < int(need.value):
        raise ValidationError({"cosponsors": _(
            "Too few co-sponsors: %(rule)s is %(min)s delegates besides the proposer (%(source)s); this proposal "
            "has %(n)d. Nothing was submitted.") % {"rule": need.label, "min": need.value, "source": need.source,
                                                    "n": len(chosen)}})
    year = timezone.localdate().year
    for attempt in range(3):  # two delegates submitting at once: take the next number
        try:
            with transaction.atomic():
                p = Proposal.objects.create(congress=congress, number=_next_number(congress, year), title=title,
                                            content=content, proposer=proposer)
                p.cosponsors.set(chosen.values())
                audit.record("create", actor=acting_user, obj=p, union=congress.union, changes={
                    "number": [None, p.number], "title": [None, title],
                    "cosponsors": [None, [d.member.name for d in chosen.values()]]})
                notify(StaffOf(congress.union, "wcongress.change_proposal"), kind="proposal_submitted",
                       title=_("New proposal %(number)s: %(title)s") % {"number": p.number, "title": title},
                       url=reverse("wcongress:proposal_detail", args=[p.pk]), obj=p, acting_user=acting_user)
                return p
        except IntegrityError:
            if attempt == 2:
                raise


def _tell_proposer(p, title, acting_user):
    notify(p.proposer.member, kind="proposal_decided", title=title,
           url=reverse("wcongress:my_proposal", args=[p.pk]), obj=p, acting_user=acting_user)


def _staff_action(proposal, acting_user):
    require(acting_user, "wcongress.change_proposal", proposal.congress.union, obj=proposal)
    require_other_than(acting_user, _parties(proposal), _("proposal"))


def _state_error(proposal, needed):
    return ValidationError(_("Only a proposal that is %(needed)s can be handled this way; %(number)s is "
                             "“%(state)s”.") % {"needed": needed, "number": proposal.number,
                                                "state": proposal.get_state_display()})


@transaction.atomic
def screen_proposal(proposal, *, acting_user, file, reason=""):
    """立案, or 不立案 with a written reason that goes to the proposer."""
    _staff_action(proposal, acting_user)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != Proposal.State.SUBMITTED:
        raise _state_error(proposal, _("awaiting screening"))
    reason = (reason or "").strip()
    if not file and not reason:
        raise ValidationError({"reason": _("A proposal not filed needs a written reason for the proposer.")})
    proposal.state = Proposal.State.FILED if file else Proposal.State.NOT_FILED
    proposal.refusal_reason = "" if file else reason[:2000]
    proposal.screened_by, proposal.screened_at = acting_user, timezone.now()
    proposal.save(update_fields=["state", "refusal_reason", "screened_by", "screened_at"])
    audit.record("update", actor=acting_user, obj=proposal, union=proposal.congress.union,
                 changes={"state": ["submitted", proposal.state]}, reason=proposal.refusal_reason)
    if file:
        _tell_proposer(proposal, _("Your proposal %(number)s is filed.") % {"number": proposal.number}, acting_user)
    else:
        _tell_proposer(proposal, _("Your proposal %(number)s is not filed: %(reason)s") % {
            "number": proposal.number, "reason": reason}, acting_user)
    return proposal


@transaction.atomic
def assign_proposal(proposal, *, acting_user, department):
    """Send a filed proposal to the department that handles it; the reply is due within the
    rulebook's period (wcongress.proposal_reply_months) from the day after assignment."""
    _staff_action(proposal, acting_user)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state not in (Proposal.State.FILED, Proposal.State.ASSIGNED):
        raise _state_error(proposal, _("filed"))
    department = _text(department, "department", _("handling department"), 100)
    now = timezone.now()
    union = proposal.congress.union
    d = deadlines.track(proposal, kind=REPLY_KIND, started_on=timezone.localdate(now),
                        rule="wcongress.proposal_reply_months", union=union,
                        title=_("Reply to proposal %(number)s") % {"number": proposal.number},
                        url=reverse("wcongress:proposal_detail", args=[proposal.pk]))
    before = proposal.department
    proposal.state, proposal.department, proposal.assigned_at, proposal.due_on = (
        Proposal.State.ASSIGNED, department, now, d.due_on)
    proposal.save(update_fields=["state", "department", "assigned_at", "due_on"])
    audit.record("update", actor=acting_user, obj=proposal, union=union, changes={
        "department": [before or None, department], "due_on": [None, str(d.due_on)]})
    return proposal


@transaction.atomic
def reply_proposal(proposal, *, acting_user, reply, signed_by):
    """The handling department's written reply, signed by its responsible manager."""
    _staff_action(proposal, acting_user)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != Proposal.State.ASSIGNED:
        raise _state_error(proposal, _("filed and assigned to a department"))
    proposal.reply = _text(reply, "reply", _("reply"), 5000)
    proposal.reply_signed_by = _text(signed_by, "signed_by", _("manager who signs the reply"), 60)
    proposal.state, proposal.replied_at = Proposal.State.REPLIED, timezone.now()
    proposal.save(update_fields=["reply", "reply_signed_by", "state", "replied_at"])
    deadlines.close(proposal, REPLY_KIND)
    audit.record("update", actor=acting_user, obj=proposal, union=proposal.congress.union,
                 changes={"state": ["assigned", "replied"]})
    _tell_proposer(proposal, _("Your proposal %(number)s has a reply from %(department)s.") % {
        "number": proposal.number, "department": proposal.department}, acting_user)
    return proposal


@transaction.atomic
def evaluate_proposal(proposal, *, acting_user, satisfaction, note=""):
    """The proposer says whether the reply satisfies them (only the lead proposer is asked)."""
    if proposal.proposer.member.user_id != getattr(acting_user, "pk", None):
        raise ValidationError(_("Only the proposer can give their satisfaction with the reply."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != Proposal.State.REPLIED:
        raise _state_error(proposal, _("replied"))
    if satisfaction not in Proposal.Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose how satisfied you are with the reply.")})
    proposal.satisfaction, proposal.evaluation_note = satisfaction, (note or "").strip()[:300]
    proposal.state, proposal.evaluated_at = Proposal.State.EVALUATED, timezone.now()
    proposal.save(update_fields=["satisfaction", "evaluation_note", "state", "evaluated_at"])
    audit.record("update", actor=acting_user, obj=proposal, union=proposal.congress.union,
                 changes={"satisfaction": [None, satisfaction]})
    return proposal


@transaction.atomic
def recommend_proposal(proposal, *, acting_user, note):
    """The union recommends an excellent, answered proposal to the higher union (the yearly
    “聚合力·促发展” call for delegates' excellent proposals, seed 001)."""
    _staff_action(proposal, acting_user)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state not in (Proposal.State.REPLIED, Proposal.State.EVALUATED):
        raise _state_error(proposal, _("replied"))
    if proposal.recommended_at is not None:
        raise ValidationError(_("Proposal %(number)s is already recommended.") % {"number": proposal.number})
    proposal.recommend_note = _text(note, "note", _("recommendation"), 300)
    proposal.recommended_at, proposal.recommended_by = timezone.now(), acting_user
    proposal.save(update_fields=["recommend_note", "recommended_at", "recommended_by"])
    audit.record("update", actor=acting_user, obj=proposal, union=proposal.congress.union,
                 changes={"recommended": [False, True]}, reason=proposal.recommend_note)
    parent = Union.objects.get_parent(proposal.congress.union)
    if parent is not None:
        notify(StaffOf(parent, "wcongress.view_proposal"), kind="proposal_submitted",
               title=_("Excellent proposal recommended: %(title)s") % {"title": proposal.title},
               url=reverse("wcongress:proposal_detail", args=[proposal.pk]), obj=proposal, acting_user=acting_user)
    return proposal


# --- 厂务公开 ------------------------------------------------------------------------------------

def employer_union(employer):
    return Union.objects.filter(employer=employer, status="active").order_by("path").first()


def period_label(start, end):
    if start.year == end.year and start.month == end.month:
        return f"{start.year}年{start.month}月"
    if start.year == end.year:
        return f"{start.year}年{start.month}—{end.month}月"
    return f"{start.year}年{start.month}月—{end.year}年{end.month}月"


@transaction.atomic
def plan_disclosures(employer, *, acting_user, period_start):
    """The items the employer must publish in the period starting on `period_start` (the
    rulebook's list and period); items already planned for that period are left alone."""
    union = employer_union(employer)
    if union is None:
        raise ValidationError({"employer": _("%(name)s has no union to keep its disclosures.") % {
            "name": employer.name}})
    require(acting_user, "wcongress.add_disclosure", union, obj=union)
    if not isinstance(period_start, datetime.date):
        raise ValidationError({"period_start": _("Give the first day of the period.")})
    items, _ruling = rules.disclosure_items(union.region_id, on=period_start)
    every = rulebook.value("wcongress.disclosure_every_months", on=period_start, region=union.region_id)
    end = days.add_months(period_start, int(every.value)) - datetime.timedelta(days=1)
    # the period's last day is the deadline; on a holiday it moves to the next working day (art. 203)
    due = days.next_working_day(end)
    label = period_label(period_start, end)
    have = set(Disclosure.objects.filter(employer=employer, period=label).values_list("item", flat=True))
    made = []
    for code, name in items:
        if code in have:
            continue
        d = Disclosure.objects.create(union=union, employer=employer, item=code, item_name=name, period=label,
                                      due_on=due)
        deadlines.track(d, kind=DISCLOSURE_KIND, started_on=period_start, due_on=due, union=union,
                        title=_("Publish: %(item)s") % {"item": name},
                        url=reverse("wcongress:disclosure_detail", args=[d.pk]))
        made.append(d)
    if made:
        audit.record("create", actor=acting_user, obj=employer, union=union, changes={
            "disclosures": [None, [d.item for d in made]], "period": [None, label]})
    return made


@transaction.atomic
def publish_disclosure(disclosure, *, acting_user, published_on, content, channel=""):
    require(acting_user, "wcongress.change_disclosure", disclosure.union, obj=disclosure)
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if disclosure.published_on is not None:
        raise ValidationError(_("“%(item)s” was already published on %(day)s.") % {
            "item": disclosure.item_name, "day": disclosure.published_on})
    if not isinstance(published_on, datetime.date) or published_on > timezone.localdate():
        raise ValidationError({"published_on": _("Give the day it was published (not a future day).")})
    disclosure.content = _text(content, "content", _("what was published"), 5000)
    disclosure.channel = (channel or "").strip()[:60]
    disclosure.published_on, disclosure.published_by = published_on, acting_user
    disclosure.save(update_fields=["content", "channel", "published_on", "published_by"])
    deadlines.close(disclosure, DISCLOSURE_KIND)
    audit.record("update", actor=acting_user, obj=disclosure, changes={"published_on": [None, str(published_on)]})
    return disclosure


def may_handle(user, proposal):
    """Whether to show the staff actions on a proposal."""
    return can(user, "wcongress.change_proposal", proposal.congress.union) and not _own(proposal, user)
