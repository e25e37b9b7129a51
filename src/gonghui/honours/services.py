"""Every write of the honours registry and its selection rounds: the permission check, the rule
(read from the rulebook for the round's jurisdiction and named in every refusal), the audit record,
in one transaction. A refused input writes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import require
from gonghui.members.models import Member

from . import titles
from .models import Honour

# The derived 劳模 tag: a member is a model worker while they hold (state "held") a title marked
# `model_worker` in the code table — 劳动模范 and 先进工作者 (the same honour for staff of public
# bodies) — at city level or above ("市级以上劳模", the line the 劳模 policies draw, e.g. 郑州's
# re-nomination rule in rules/wave2.md B). County and industry titles, 五一劳动奖章, 工匠 and the
# other titles are honours but do not make their holder a 劳模.
MODEL_WORKER_LEVELS = (Honour.Level.NATIONAL, Honour.Level.PROVINCIAL, Honour.Level.CITY)


def _text(value, field, label, max_length=None, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    if max_length and len(value) > max_length:
        raise ValidationError({field: _("The %(label)s is longer than %(n)d characters.") % {
            "label": label, "n": max_length}})
    return value


def model_worker_q():
    from django.db.models import Q

    return Q(state=Honour.State.HELD, title__in=titles.model_worker_titles(), level__in=MODEL_WORKER_LEVELS)


def refresh_model_worker_tags(member_ids):
    """Set `Member.is_model_worker` from the registry for these members (see MODEL_WORKER_LEVELS
    for which honours count); returns how many tags changed."""
    ids = {getattr(m, "pk", m) for m in member_ids if m is not None}
    if not ids:
        return 0
    holders = set(Honour.objects.filter(model_worker_q(), member_id__in=ids).values_list("member_id", flat=True))
    on = Member.objects.filter(pk__in=holders, is_model_worker=False).update(is_model_worker=True)
    off = Member.objects.filter(pk__in=ids - holders, is_model_worker=True).update(is_model_worker=False)
    return on + off


def registry_union(*, member=None, union=None, employer=None):
    """The union whose registry holds an honour: the member's, the collective union itself, or
    the employer's own union."""
    if member is not None:
        return member.union
    if union is not None:
        return union
    if employer is not None:
        return employer.scope_union()
    return None


def check_holder(title, *, member=None, union=None, employer=None, collective_name=""):
    t = titles.TITLES.get(title)
    if t is None:
        raise ValidationError({"title": _("Choose a title from the code table.")})
    collective = union is not None or employer is not None or bool(collective_name)
    if member is not None and collective:
        raise ValidationError({"member": _("An honour is held by a person or by a collective, not both.")})
    if member is None and not collective:
        raise ValidationError({"member": _("Name the holder: a member, or a union, employer or team.")})
    if t.holder == titles.PERSON and member is None:
        raise ValidationError({"member": _("%(title)s is held by a person: choose the member.") % {
            "title": t.label}})
    if t.holder == titles.COLLECTIVE and member is not None:
        raise ValidationError({"member": _("%(title)s is held by a collective: name the union, employer or "
                                           "team.") % {"title": t.label}})
    return t


@transaction.atomic
def confer(*, acting_user, title, level, year, conferring_body, member=None, union=None, employer=None,
           collective_name="", certificate_no="", source=""):
    """Record a held honour, with its audit entry, and refresh the member's derived 劳模 tag."""
    check_holder(title, member=member, union=union, employer=employer, collective_name=collective_name)
    if level not in Honour.Level.values:
        raise ValidationError({"level": _("Choose a level: national, provincial, city, county or industry.")})
    this_year = timezone.localdate().year
    if not isinstance(year, int) or isinstance(year, bool) or not 1950 <= year <= this_year + 1:
        raise ValidationError({"year": _("Give the year the honour was conferred (1950 to %(y)s).") % {
            "y": this_year + 1}})
    conferring_body = _text(conferring_body, "conferring_body", _("conferring body"), 120)
    collective_name = _text(collective_name, "collective_name", _("collective"), 120, required=False)
    certificate_no = _text(certificate_no, "certificate_no", _("certificate number"), 60, required=False)
    source = _text(source, "source", _("source"), 200, required=False)
    home = registry_union(member=member, union=union, employer=employer)
    if home is None:
        raise ValidationError({"employer": _("Name the union or the employer the team belongs to, so the "
                                             "honour has a registry.")})
    require(acting_user, "honours.add_honour", home)
    if member is not None and Honour.objects.filter(member=member, title=title, level=level, year=year,
                                                    state=Honour.State.HELD).exists():
        raise ValidationError({"member": _("%(name)s already holds this honour for %(year)s.") % {
            "name": member.name, "year": year}})
    honour = Honour.objects.create(
        registered_with=home, member=member, union=union, employer=employer, collective_name=collective_name,
        title=title, level=level, year=year, conferring_body=conferring_body, certificate_no=certificate_no,
        source=source, created_by=acting_user)
    audit.record("create", actor=acting_user, obj=honour, changes={
        "title": [None, title], "level": [None, level], "year": [None, year],
        "conferring_body": [None, conferring_body], "certificate_no": [None, certificate_no],
        "source": [None, source]})
    if member is not None:
        refresh_model_worker_tags([member.pk])
    return honour


@transaction.atomic
def revoke(honour, *, acting_user, reason, on=None):
    """撤销: the title is withdrawn (e.g. for a serious offence); the row stays with its reason."""
    require(acting_user, "honours.change_honour", honour.registered_with)
    reason = _text(reason, "reason", _("reason for revoking"), 300)
    if honour.state != Honour.State.HELD:
        raise ValidationError(_("Only a held honour can be revoked; this one is %(state)s.") % {
            "state": honour.get_state_display()})
    return _set_state(honour, acting_user, Honour.State.REVOKED, reason, on)


@transaction.atomic
def mark_deceased(honour, *, acting_user, on=None, reason=""):
    """The holder has died: every honour they hold is kept as 'deceased' (out of services and the
    derived tag, still in the registry and the history)."""
    require(acting_user, "honours.change_honour", honour.registered_with)
    if honour.member_id is None:
        raise ValidationError(_("Only a person can be marked deceased."))
    if honour.state != Honour.State.HELD:
        raise ValidationError(_("Only a held honour can be marked deceased; this one is %(state)s.") % {
            "state": honour.get_state_display()})
    reason = _text(reason, "reason", _("reason"), 300, required=False) or _("holder deceased")
    out = None
    for h in Honour.objects.select_for_update().filter(member_id=honour.member_id, state=Honour.State.HELD):
        changed = _set_state(h, acting_user, Honour.State.DECEASED, reason, on)
        if h.pk == honour.pk:
            out = changed
    return out


def _set_state(honour, acting_user, state, reason, on):
    on = on or timezone.localdate()
    if not isinstance(on, datetime.date):
        raise ValidationError({"on": _("Give a valid date.")})
    before = honour.state
    honour.state, honour.state_reason, honour.state_changed_on = state, reason, on
    honour.save(update_fields=["state", "state_reason", "state_changed_on"])
    audit.record("update", actor=acting_user, obj=honour, changes={"state": [before, state]}, reason=reason)
    if honour.member_id:
        refresh_model_worker_tags([honour.member_id])
    return honour
