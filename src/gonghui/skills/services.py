"""Every write of 一户一产业工人 with its permission check and audit record; a refused input
(a certificate before the training is completed, a blank household) writes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import require

from .models import Enrolment, Level, Worker, Workshop


def _text(value, field, label, max_length, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Give the %(label)s.") % {"label": label}})
    if len(value) > max_length:
        raise ValidationError({field: _("The %(label)s is longer than %(n)d characters.") % {
            "label": label, "n": max_length}})
    return value


@transaction.atomic
def enrol(*, acting_user, union, household, person, trade, course, enrolled_on=None, member=None):
    require(acting_user, "skills.add_enrolment", union, obj=union)
    if member is not None and not member.union_path.startswith(union.path):
        raise ValidationError({"member": _("%(name)s is not a member of %(union)s or a union below it.") % {
            "name": member.name, "union": union.name}})
    e = Enrolment.objects.create(
        union=union, household=_text(household, "household", _("household (head and village)"), 120),
        person=_text(person, "person", _("trainee"), 60), trade=_text(trade, "trade", _("trade"), 60),
        course=_text(course, "course", _("course"), 120), enrolled_on=enrolled_on or timezone.localdate(),
        member=member, created_by=acting_user)
    audit.record("create", actor=acting_user, obj=e, union=union)
    return e


@transaction.atomic
def complete(enrolment, *, acting_user, completed_on, level="", certificate_no=""):
    """The training is completed; a skill certificate (技能等级) gained is recorded with its number."""
    require(acting_user, "skills.change_enrolment", enrolment.union, obj=enrolment)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.state != Enrolment.State.ENROLLED:
        raise ValidationError(_("This enrolment is already %(state)s.") % {"state": enrolment.get_state_display()})
    if not isinstance(completed_on, datetime.date) or completed_on < enrolment.enrolled_on \
            or completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("Give the day the training was completed: not before the "
                                                 "enrolment, not a future day.")})
    if level and level not in Level.values:
        raise ValidationError({"level": _("Choose a skill level from the list.")})
    certificate_no = _text(certificate_no, "certificate_no", _("certificate number"), 40, required=bool(level))
    enrolment.state, enrolment.completed_on = Enrolment.State.COMPLETED, completed_on
    enrolment.level, enrolment.certificate_no = level or "", certificate_no
    enrolment.save(update_fields=["state", "completed_on", "level", "certificate_no"])
    audit.record("update", actor=acting_user, obj=enrolment, union=enrolment.union,
                 changes={"state": ["enrolled", "completed"], "level": [None, level]})
    return enrolment


@transaction.atomic
def create_workshop(*, acting_user, union, name, village, product, employer=None, opened_on=None, workers=()):
    """A workshop with its workers [(person, household)]; a worker without a name or household
    refuses the whole list."""
    require(acting_user, "skills.add_workshop", union, obj=union)
    w = Workshop.objects.create(union=union, name=_text(name, "name", _("name"), 120),
                                village=_text(village, "village", _("village"), 120),
                                product=_text(product, "product", _("product or work"), 120), employer=employer,
                                opened_on=opened_on or timezone.localdate(), created_by=acting_user)
    rows = []
    for i, (person, household) in enumerate(workers, start=1):
        if not (person or "").strip() or not (household or "").strip():
            raise ValidationError({"workers": _("Line %(n)d: give the worker's name and household.") % {"n": i}})
        rows.append(Worker(workshop=w, person=person.strip()[:60], household=household.strip()[:120],
                           joined_on=w.opened_on))
    Worker.objects.bulk_create(rows)
    audit.record("create", actor=acting_user, obj=w, union=union, changes={"workers": [None, len(rows)]})
    return w
