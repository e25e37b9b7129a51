"""Competition pages: the list and the form, a competition's page (entrants, judges, reward
ladder, rounds), a round's score sheet (a judge's scores, the live ranking, publication, and
corrections once published), awards with their certificates, the figures page, and 五小 entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gonghui.core import audit, pdf
from gonghui.core.access import can, get_object, needs, require
from gonghui.core.forms import apply_service_errors, form_page, show_error
from gonghui.core.listing import ListPage
from gonghui.members.models import Member

from . import services
from .filtersets import AwardFilterSet, CompetitionFilterSet, InnovationFilterSet
from .forms import (
    ClaimForm,
    CompetitionForm,
    CorrectionForm,
    InnovationForm,
    JudgeForm,
    LadderForm,
    RegisterForm,
    ReviewForm,
    VerifyForm,
)
from .models import Award, Competition, Innovation, Level, Registration, Round, Score
from .tables import AwardTable, CompetitionTable, InnovationTable

FORM = "orgs/form.html"


class CompetitionList(ListPage):
    model = Competition
    filterset_class = CompetitionFilterSet
    table_class = CompetitionTable
    title = gettext_lazy("Labour and skills competitions")
    add_url_name = "competitions:create"

    def get_queryset(self):
        return super().get_queryset().select_related("union")


@needs("competitions.add_competition")
def competition_create(request):
    form = CompetitionForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})

    def save(data):
        c = services.create_competition(
            acting_user=request.user, union=data["union"], name=data["name"], kind=data["kind"], level=data["level"],
            year=data["year"], scoring_rule=data["scoring_rule"], theory_weight=data["theory_weight"] or 0,
            score_min=data["score_min"], score_max=data["score_max"], tie_rule=data["tie_rule"], teams=data["teams"],
            max_age=data["max_age"], trade=data["trade"], rounds=data["rounds"].replace("，", ",").split(","))
        messages.success(request, _("Competition created: register the entrants and add the judges."))
        return redirect("competitions:detail", c.pk)

    return form_page(request, form, _("New competition"), save, template=FORM)


def _competition(request, pk, action="view"):
    return get_object(request.user, Competition.objects.select_related("union"), action, pk=pk)


def _ladder_text(c):
    return "\n".join(f"{s.place_from},{s.place_to},{s.title},{s.honour_level},{'+1' if s.grade_up else ''}"
                     for s in c.ladder.all())


def _detail(request, c, **forms):
    manage = can(request.user, "competitions.change_competition", c.union)
    regs = Registration.objects.restrict(request.user).filter(competition=c).select_related("member", "union")
    return render(request, "competitions/detail.html", {
        "title": c.name, "c": c, "manage": manage, "regs": regs.prefetch_related("team_members"),
        "judges": c.judges.select_related("union"), "rounds": c.rounds.all(), "ladder": c.ladder.all(),
        "awards": Award.objects.restrict(request.user).filter(competition=c).select_related("member")[:200],
        "may_register": can(request.user, "competitions.add_registration") and c.state == Competition.State.OPEN,
        "register_form": forms.get("register_form") or RegisterForm(),
        "judge_form": forms.get("judge_form") or JudgeForm(user=request.user),
        "ladder_form": forms.get("ladder_form") or LadderForm(initial={"ladder": _ladder_text(c)}),
        "may_confer": can(request.user, "competitions.add_award", c.union),
        "history": audit.history(c) if manage else [],
    })


@login_required
def competition_detail(request, pk):
    return _detail(request, _competition(request, pk))


@login_required
@require_POST
def register(request, pk):
    c = _competition(request, pk)
    require(request.user, "competitions.add_registration", obj=c)
    form = RegisterForm(request.POST)
    if form.is_valid():
        m = Member.objects.restrict(request.user).filter(number=form.cleaned_data["number"].strip()).first()
        try:
            if m is None:
                raise ValidationError({"number": _("No member with this number in your unions.")})
            r = services.register(c, acting_user=request.user, member=m)
            messages.success(request, _("%(name)s registered as entrant %(no)d.") % {"name": m.name, "no": r.number})
            return redirect("competitions:detail", c.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _detail(request, c, register_form=form)


@login_required
@require_POST
def judge_add(request, pk):
    c = _competition(request, pk)
    require(request.user, "competitions.add_judge", c.union, obj=c)
    form = JudgeForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.add_judge(c, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Judge added."))
            return redirect("competitions:detail", c.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _detail(request, c, judge_form=form)


def parse_ladder(text):
    steps = []
    for line in (text or "").replace("，", ",").splitlines():
        if not line.strip():
            continue
        cells = [x.strip() for x in line.split(",")] + [""] * 5
        steps.append({"place_from": cells[0], "place_to": cells[1], "title": cells[2], "honour_level": cells[3],
                      "grade_up": cells[4] in {"+1", "1", "yes", "是"}})
    return steps


@login_required
@require_POST
def ladder(request, pk):
    c = _competition(request, pk)
    require(request.user, "competitions.change_competition", c.union, obj=c)
    form = LadderForm(request.POST)
    if form.is_valid():
        try:
            services.set_ladder(c, acting_user=request.user, steps=parse_ladder(form.cleaned_data["ladder"]))
            messages.success(request, _("Reward ladder saved."))
            return redirect("competitions:detail", c.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _detail(request, c, ladder_form=form)


@login_required
@require_POST
def confer(request, pk):
    c = _competition(request, pk)
    try:
        made = services.confer_rewards(c, acting_user=request.user)
        messages.success(request, _("%(n)d awards made from the final ranking.") % {"n": len(made)})
    except ValidationError as e:
        show_error(request, e)
    return redirect("competitions:detail", c.pk)


# --- rounds: score sheets, ranking, publication, corrections ----------------------------------------

def _round(request, pk):
    return get_object(request.user, Round.objects.select_related("competition", "competition__union"), pk=pk)


def _sheet_context(request, rnd, judge=None, errors=None, posted=None):
    c = rnd.competition
    # scores and the ranking so far are the organiser's: the unions below see the published ranking only
    sees_scores = can(request.user, "competitions.view_score", c.union)
    judges = list(c.judges.select_related("union")) if sees_scores else []
    regs = list(c.registrations.filter(state=Registration.State.REGISTERED).select_related("member", "union"))
    have = {(s.registration_id, s.judge_id, s.part): s for s in rnd.scores.select_related(
        "judge", "registration__member")} if sees_scores else {}
    rows = []
    if judge is not None:
        for r in regs:
            cells = []
            for p in c.parts:
                s = have.get((r.pk, judge.pk, p))
                key = f"s_{r.pk}_{p}"
                cells.append({"name": key, "part": Score.Part(p).label, "conflict": judge.union_id == r.union_id,
                              "value": (posted or {}).get(key, s.value if s else "")})
            rows.append({"r": r, "cells": cells})
    try:
        ranking, ranking_error = (services.results(rnd, complete=False) if sees_scores else []), None
    except ValidationError as e:
        ranking, ranking_error = [], " ".join(e.messages)
    missing = len(services.expected_sheets(rnd)) - len(have)
    placings = list(rnd.placings.select_related("registration__member")) if rnd.published else []
    scores_by_reg = {}
    for s in have.values():
        scores_by_reg.setdefault(s.registration_id, []).append(s)
    return {
        "title": f"{c.name} · {rnd.name}", "c": c, "rnd": rnd, "judges": judges, "judge": judge, "rows": rows,
        "errors": errors or [], "ranking": ranking, "ranking_error": ranking_error, "missing": max(missing, 0),
        "placings": placings, "scores_by_reg": scores_by_reg, "sees_scores": sees_scores,
        "may_score": can(request.user, "competitions.add_score", c.union),
        "may_publish": can(request.user, "competitions.change_round", c.union),
        "may_correct": can(request.user, "competitions.change_score", c.union),
        "correction_form": CorrectionForm(),
        "changes": [ch for s in have.values() for ch in s.changes.all()] if rnd.published else [],
    }


@login_required
def sheet(request, pk):
    rnd = _round(request, pk)
    c = rnd.competition
    judge = None
    jid = request.POST.get("judge") or request.GET.get("judge")
    if jid and str(jid).isdigit():
        judge = c.judges.filter(pk=jid).first()
    if request.method == "POST":
        if judge is None or judge.user_id != request.user.pk:  # the organiser's staff, or the judge themself
            require(request.user, "competitions.add_score", c.union, obj=rnd)
        if judge is None:
            return render(request, "competitions/sheet.html",
                          _sheet_context(request, rnd, errors=[_("Choose the judge whose sheet this is.")]))
        regs = {r.pk: r for r in c.registrations.filter(state=Registration.State.REGISTERED)}
        lines = []
        for key, value in request.POST.items():
            if key.startswith("s_") and value.strip():
                _s, rid, part = key.split("_", 2)
                if rid.isdigit() and int(rid) in regs:
                    lines.append((regs[int(rid)], part, value))
        try:
            services.enter_scores(rnd, acting_user=request.user, judge=judge, lines=lines)
            messages.success(request, _("Scores of judge %(j)s saved.") % {"j": judge.name})
            return redirect(reverse("competitions:sheet", args=[rnd.pk]) + "?" + urlencode({"judge": judge.pk}))
        except ValidationError as e:
            return render(request, "competitions/sheet.html",
                          _sheet_context(request, rnd, judge, errors=e.messages, posted=request.POST))
    return render(request, "competitions/sheet.html", _sheet_context(request, rnd, judge))


@login_required
@require_POST
def publish(request, pk):
    rnd = _round(request, pk)
    try:
        services.publish_ranking(rnd, acting_user=request.user)
        messages.success(request, _("Ranking published: the scores of this round are locked."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("competitions:sheet", rnd.pk)


@login_required
@require_POST
def correct(request, pk):
    s = get_object(request.user, Score.objects.select_related("round", "round__competition__union", "judge",
                                                             "registration"), pk=pk)
    form = CorrectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"value": _("Give the corrected score as a number.")})
        services.correct_score(s, acting_user=request.user, value=form.cleaned_data["value"],
                               reason=form.cleaned_data["reason"])
        messages.success(request, _("Score corrected and the ranking updated; the change is recorded."))
    except ValidationError as e:
        show_error(request, e)
    return redirect("competitions:sheet", s.round_id)


# --- awards, certificates, figures --------------------------------------------------------------------

class AwardList(ListPage):
    model = Award
    filterset_class = AwardFilterSet
    table_class = AwardTable
    title = gettext_lazy("Competition awards")

    def get_queryset(self):
        return super().get_queryset().select_related("member", "competition")


@login_required
def certificate(request, pk):
    a = get_object(request.user, Award.objects.select_related("member", "competition", "competition__union"), pk=pk)
    c = a.competition
    return pdf.document(request, "competitions/certificate_pdf.html", {"a": a, "c": c},
                        title=_("Certificate %(no)s") % {"no": a.certificate_no}, issuer=c.union.name, obj=a,
                        qr_url=reverse("competitions:certificate", args=[a.pk]))


def award_figures(qs):
    """Awards of competitions by competition level, honour title and level: each a link to its rows."""
    rows = (qs.exclude(title="").order_by().values("competition__level", "title", "honour_level")
            .annotate(n=Count("pk")).order_by("competition__level", "title", "honour_level"))
    from gonghui.honours import titles

    levels = dict(Level.choices)
    out = []
    for row in rows:
        query = urlencode({"competition_level": row["competition__level"], "title": row["title"],
                           "honour_level": row["honour_level"]})
        out.append({"competition_level": levels.get(row["competition__level"], row["competition__level"]),
                    "title": titles.label(row["title"]), "honour_level": row["honour_level"], "n": row["n"],
                    "url": reverse("competitions:awards") + "?" + query})
    grade_ups = qs.filter(grade_up=True).count()
    return out, grade_ups


@login_required
def figures(request):
    require(request.user, "competitions.view_award")
    awards = Award.objects.restrict(request.user)
    rows, grade_ups = award_figures(awards)
    comps = Competition.objects.restrict(request.user)
    by_level = comps.order_by().values("level").annotate(n=Count("pk"))
    levels = dict(Level.choices)
    return render(request, "competitions/figures.html", {
        "title": _("Competition figures"), "rows": rows, "grade_ups": grade_ups,
        "grade_ups_url": reverse("competitions:awards") + "?grade_up=true",
        "levels": [{"label": levels[r["level"]], "n": r["n"],
                    "url": reverse("competitions:list") + "?" + urlencode({"level": r["level"]})} for r in by_level],
        "innovations": Innovation.objects.restrict(request.user).count(),
    })


# --- 五小 ---------------------------------------------------------------------------------------------

class InnovationList(ListPage):
    model = Innovation
    filterset_class = InnovationFilterSet
    table_class = InnovationTable
    title = gettext_lazy("五小 entries and rationalisation proposals")
    add_url_name = "competitions:innovation_create"

    def get_queryset(self):
        return super().get_queryset().select_related("union", "member")


@needs("competitions.add_innovation")
def innovation_create(request):
    form = InnovationForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})

    def save(data):
        member = None
        if data["number"].strip():
            member = Member.objects.restrict(request.user).filter(number=data["number"].strip()).first()
            if member is None:
                raise ValidationError({"number": _("No member with this number in your unions.")})
        i = services.submit_innovation(acting_user=request.user, union=data["union"], kind=data["kind"],
                                       title=data["title"], description=data["description"], year=data["year"],
                                       member=member, team_name=data["team_name"])
        messages.success(request, _("Entry %(no)s submitted; a colleague reviews it.") % {"no": i.number})
        return redirect("competitions:innovation", i.pk)

    return form_page(request, form, _("New 五小 entry"), save, template=FORM)


INNOVATION_ACTIONS = {"review": ReviewForm, "claim": ClaimForm, "verify": VerifyForm}


def _innovation_page(request, i, forms=None):
    forms = forms or {}
    may = can(request.user, "competitions.change_innovation", i.union)
    return render(request, "competitions/innovation.html", {
        "title": i.title, "i": i, "may": may,
        "forms": {k: forms.get(k) or f() for k, f in INNOVATION_ACTIONS.items()},
        "history": audit.history(i),
    })


@login_required
def innovation_detail(request, pk):
    i = get_object(request.user, Innovation.objects.select_related("union", "member"), pk=pk)
    return _innovation_page(request, i)


@login_required
@require_POST
def innovation_action(request, pk, action):
    i = get_object(request.user, Innovation.objects.select_related("union", "member"), pk=pk)
    if action not in INNOVATION_ACTIONS:
        from django.http import Http404

        raise Http404
    require(request.user, "competitions.change_innovation", i.union, obj=i)
    form = INNOVATION_ACTIONS[action](request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "review":
                services.review_innovation(i, acting_user=request.user, adopt=d["decision"] == "adopt",
                                           note=d["note"])
            elif action == "claim":
                services.claim_saving(i, acting_user=request.user, amount_fen=d["saving"])
            else:
                services.verify_saving(i, acting_user=request.user, amount_fen=d["saving"],
                                       award_grade=d["award_grade"], award_fen=d["award"])
            messages.success(request, _("Saved."))
            return redirect("competitions:innovation", i.pk)
        except ValidationError as e:
            apply_service_errors(form, e)
    return _innovation_page(request, i, {action: form})
