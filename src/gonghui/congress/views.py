"""Congress pages: the staff's list, congress page (apportionment and composition), delegates'
roll, session page with the door check-in and live attendance; the member's phone page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit, pdf
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.members.models import Member

from . import queries, services
from .filtersets import CongressFilterSet, DelegateFilterSet
from .forms import CheckinForm, CongressForm, DelegateForm, DocumentForm, MotionForm, ReplaceForm, SessionForm, VoteForm
from .models import Attendance, Congress, Delegate, Document, Motion, Session
from .tables import CongressTable, DelegateTable

FORM = "orgs/form.html"


class CongressList(ListPage):
    model = Congress
    filterset_class = CongressFilterSet
    table_class = CongressTable
    title = gettext_lazy("Congresses")
    add_url_name = "congress:create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("congress.add_congress")
def congress_create(request):
    form = CongressForm(request.POST or None, user=request.user)

    def save(data):
        congress = services.create_congress(acting_user=request.user, **data)
        messages.success(request, _("Congress set up; its seats are shared among the electing units."))
        return redirect("congress:detail", congress.pk)

    return form_page(request, form, _("New congress"), save, template=FORM)


def _congress(request, pk, action="view"):
    return get_object(request.user, Congress.objects.select_related("union", "created_by"), action, pk=pk)


@login_required
def congress_detail(request, pk):
    congress = _congress(request, pk)
    units = list(congress.units.select_related("union"))
    filled = dict(services.live_delegates(congress).values_list("unit").annotate(n=Count("pk"))
                  .values_list("unit", "n"))
    for u in units:
        u.filled = filled.get(u.pk, 0)
    size = None
    if congress.kind != Congress.Kind.MEMBERS:  # the rules as they stood for the members counted at set-up
        size = dict(zip(("meeting_rule", "band_rule", "band"), services.size_rules(
            congress.union, congress.members, on=congress.opens_on, kind=congress.kind), strict=True))
    may_elect = can(request.user, "congress.add_delegate", congress.union)
    return render(request, "congress/detail.html", {
        "title": congress.title, "congress": congress, "units": units, "plan": size,
        "checks": services.composition(congress), "sessions": congress.sessions.all(),
        "filled": sum(filled.values()),
        "form": DelegateForm(congress=congress) if may_elect and congress.kind != Congress.Kind.MEMBERS else None,
        "can_change": can(request.user, "congress.change_congress", congress.union),
        "history": audit.history(congress),
    })


def _member_by_number(user, number):
    member = Member.objects.restrict(user).select_related("union", "last_event").filter(
        number=(number or "").strip()).first()
    if member is None:
        raise ValidationError({"member_number": _("No member with the number %(n)s in the unions you look after.")
                                               % {"n": number}})
    return member


@login_required
def delegate_add(request, pk):
    congress = _congress(request, pk)
    require(request.user, "congress.add_delegate", congress.union, obj=congress)
    form = DelegateForm(request.POST or None, congress=congress)

    def save(data):
        member = _member_by_number(request.user, data["member_number"])
        d = services.elect_delegate(data["unit"], acting_user=request.user, member=member,
                                    front_line=data["front_line"], manager=data["manager"],
                                    elected_on=data["elected_on"])
        messages.success(request, _("%(name)s recorded as a delegate of %(unit)s.") % {
            "name": d.member.name, "unit": d.unit.union.name})
        return redirect("congress:detail", congress.pk)

    return form_page(request, form, _("Record a delegate"), save, template="congress/form.html", congress=congress)


@login_required
def delegate_replace(request, pk):
    delegate = get_object(request.user, Delegate.objects.select_related("congress__union", "member", "unit__union"),
                          "change", pk=pk)
    form = ReplaceForm(request.POST or None)

    def save(data):
        member = _member_by_number(request.user, data["member_number"])
        new = services.replace_delegate(delegate, acting_user=request.user, member=member, reason=data["reason"],
                                        on=data["on"], front_line=data["front_line"], manager=data["manager"])
        messages.success(request, _("The seat passed to %(name)s.") % {"name": new.member.name})
        return redirect("congress:detail", delegate.congress_id)

    return form_page(request, form, _("Replace %(name)s") % {"name": delegate.member.name}, save,
                     template="congress/form.html", congress=delegate.congress)


class DelegateList(ListPage):
    model = Delegate
    filterset_class = DelegateFilterSet
    table_class = DelegateTable
    title = gettext_lazy("Delegates")

    def get_queryset(self):
        return super().get_queryset().select_related("congress__union", "member", "unit__union")


@login_required
def session_create(request, pk):
    congress = _congress(request, pk)
    require(request.user, "congress.change_congress", congress.union, obj=congress)
    form = SessionForm(request.POST or None)

    def save(data):
        agenda = (data.pop("agenda") or "").splitlines()
        s = services.create_session(congress, acting_user=request.user, agenda=agenda, **data)
        messages.success(request, _("Session added."))
        return redirect("congress:session", s.pk)

    return form_page(request, form, _("New session"), save, template="congress/form.html", congress=congress)


def _session(request, pk, action="view"):
    return get_object(request.user, Session.objects.select_related("congress__union"), action, pk=pk)


def _session_page(request, session, checkin_form=None, status=200):
    congress = session.congress
    may_checkin = can(request.user, "congress.add_attendance", congress.union)
    present = set(session.attendances.values_list("delegate_id", flat=True))
    q = request.GET.get("q", "").strip()
    waiting = services.live_delegates(congress).exclude(pk__in=present).select_related("member", "unit__union")
    if q:
        waiting = waiting.filter(member__name__contains=q) | waiting.filter(member__number=q)
    return render(request, "congress/session.html", {
        "title": session.title, "session": session, "congress": congress,
        "agenda": session.agenda.all(), "documents": session.documents.prefetch_related("files"),
        "motions": session.motions.all(), "quorum": services.quorum(session),
        "attended": session.attendances.select_related("delegate__member", "delegate__unit__union")
        .order_by("-checked_in_at")[:20],
        "waiting": waiting.order_by("unit__union__path", "member__name")[:60], "q": q,
        "can_checkin": may_checkin and session.state == Session.State.OPEN,
        "can_change": can(request.user, "congress.change_congress", congress.union)
        and session.state == Session.State.OPEN,
        "can_vote": can(request.user, "congress.change_motion", congress.union)
        and session.state == Session.State.OPEN,
        "checkin_form": checkin_form or CheckinForm(initial={"code": request.GET.get("code", "")}),
        "doc_form": DocumentForm(), "motion_form": MotionForm(), "vote_form": VoteForm(),
    }, status=status)


@login_required
def session_detail(request, pk):
    return _session_page(request, _session(request, pk))


@login_required
def session_attendance(request, pk):
    """The live attendance panel, polled by htmx every few seconds."""
    session = _session(request, pk)
    return render(request, "congress/_attendance.html", {"session": session, "quorum": services.quorum(session),
                                                         "attended": session.attendances.select_related(
                                                             "delegate__member", "delegate__unit__union")
                                                         .order_by("-checked_in_at")[:20]})


@login_required
@require_POST
def session_checkin(request, pk):
    """The door: a scanner or a phone puts the member card's code (or the URL in its QR) here."""
    session = _session(request, pk)
    require(request.user, "congress.add_attendance", session.congress.union, obj=session)
    form = CheckinForm(request.POST)
    if form.is_valid():
        try:
            row = services.check_in(session, acting_user=request.user, code=form.cleaned_data["code"])
            messages.success(request, _("%(name)s checked in.") % {"name": row.delegate.member.name})
            return redirect("congress:session", session.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _session_page(request, session, checkin_form=form)


@login_required
@require_POST
def session_checkin_delegate(request, pk, delegate_pk):
    """Check-in from the list (the card forgotten at home)."""
    session = _session(request, pk)
    require(request.user, "congress.add_attendance", session.congress.union, obj=session)
    delegate = Delegate.objects.filter(pk=delegate_pk, congress=session.congress).select_related("member").first()
    if delegate is None:
        raise Http404(_("Not found."))
    try:
        services.check_in(session, acting_user=request.user, delegate=delegate)
        messages.success(request, _("%(name)s checked in.") % {"name": delegate.member.name})
    except ValidationError as e:
        show_error(request, e)
    return redirect("congress:session", session.pk)


@login_required
@require_POST
def agenda_add(request, pk):
    session = _session(request, pk)
    require(request.user, "congress.change_congress", session.congress.union, obj=session)
    try:
        services.add_agenda_item(session, acting_user=request.user, title=request.POST.get("title", ""))
    except ValidationError as e:
        show_error(request, e)
    return redirect("congress:session", session.pk)


@login_required
@require_POST
def document_add(request, pk):
    session = _session(request, pk)
    require(request.user, "congress.change_congress", session.congress.union, obj=session)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(session, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Paper added."))
        except ValidationError as e:
            show_error(request, e)
    else:
        messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
    return redirect("congress:session", session.pk)


@login_required
def document_file(request, pk, file_pk):
    doc = get_object(request.user, Document.objects.select_related("session__congress__union"), pk=pk)
    f = doc.files.filter(pk=file_pk).first()
    if f is None:
        raise Http404(_("Not found."))
    return f.response()


@login_required
@require_POST
def motion_add(request, pk):
    session = _session(request, pk)
    require(request.user, "congress.change_congress", session.congress.union, obj=session)
    try:
        services.add_motion(session, acting_user=request.user, title=request.POST.get("title", ""),
                            text=request.POST.get("text", ""))
    except ValidationError as e:
        show_error(request, e)
    return redirect("congress:session", session.pk)


@login_required
@require_POST
def motion_vote(request, pk):
    motion = get_object(request.user, Motion.objects.select_related("session__congress__union"), "change", pk=pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
    else:
        try:
            motion = services.record_vote(motion, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("%(title)s: %(result)s.") % {"title": motion.title,
                                                                      "result": motion.get_state_display()})
        except ValidationError as e:
            show_error(request, e)
    return redirect("congress:session", motion.session_id)


@login_required
@require_POST
def session_close(request, pk):
    session = _session(request, pk)
    require(request.user, "congress.change_congress", session.congress.union, obj=session)
    try:
        services.close_session(session, acting_user=request.user)
        messages.success(request, _("Session closed."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("congress:session", session.pk)


@login_required
def minutes(request, pk):
    """The minutes (会议纪要) as PDF: agenda, papers, attendance against the quorum, motions with
    their figures and the rule that decided each."""
    session = _session(request, pk)
    congress = session.congress
    title = _("Minutes: %(congress)s %(session)s") % {"congress": congress.title, "session": session.title}
    return pdf.document(request, "congress/minutes_pdf.html", {
        "session": session, "congress": congress, "agenda": session.agenda.all(),
        "documents": session.documents.all(), "motions": session.motions.all(), "quorum": services.quorum(session),
        "by_unit": _attendance_by_unit(session),
    }, title=title, issuer=congress.union.name, qr_url=request.path.replace("minutes.pdf", ""), obj=session)


def _attendance_by_unit(session):
    return (session.congress.units.select_related("union").annotate(
        seated=Count("delegates", filter=Q(delegates__ended_on__isnull=True), distinct=True),
        present=Count("delegates__attendances", filter=Q(delegates__attendances__session=session,
                                                         delegates__ended_on__isnull=True), distinct=True)))


# --- the member's phone page -------------------------------------------------------------------


@login_required
def my_congress(request):
    """A member sees the congresses they are a delegate of, and each one's sessions and agenda."""
    member = Member.objects.of_user(request.user)
    seats = list(queries.member_seats(member)) if member else []
    for seat in seats:
        seat.sessions = list(seat.congress.sessions.prefetch_related("agenda", "documents"))
        seat.checked = set(Attendance.objects.filter(delegate=seat).values_list("session_id", flat=True))
    return render(request, "congress/h5_mine.html", {"title": _("My congress seat"), "member": member,
                                                     "seats": seats})
