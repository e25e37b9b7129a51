"""Every write to regions, employers and unions, with its rules and its audit record.

Views and the API parse input and call these; they never save models themselves. Each
function takes the acting user, checks the permission on the union it touches, raises
ValidationError (Chinese messages naming the field) on bad input and changes nothing then.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import PROTECT, ProtectedError
from django.dispatch import Signal
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.access import refuse, require, subtree_q
from gonghui.core.crypto import Sealed
from gonghui.core.models import Code

from . import choices
from .models import Employer, Region, Union
from .validators import clean_uscc

UNION_FIELDS = ("name", "kind", "region", "employer", "founded_on", "chair_name", "contact_phone", "address")
EMPLOYER_FIELDS = ("name", "uscc", "industry", "ownership", "headcount", "region", "address", "status")

# Signals other apps use to keep their rows in step with the tree; receivers run inside the
# service's transaction, so a receiver that raises undoes the whole change.
union_merged = Signal()          # (union, into, acting_user): move your rows from union to into
union_revoked_checks = Signal()  # (union): raise ValidationError if the union still has open work


def _check_code(value, table, field):
    if value is not None and (not isinstance(value, Code) or value.table != table):
        raise ValidationError({field: _("Choose a value from the code table.")})


def _check_region(region, field="region"):
    if not isinstance(region, Region):
        raise ValidationError({field: _("Choose a valid administrative division code.")})


def _require_name(name):
    if not (name or "").strip():
        raise ValidationError({"name": _("The name may not be empty.")})


# --- regions -------------------------------------------------------------------------------

@transaction.atomic
def save_region(*, acting_user, code, name, parent=None, region=None):
    """Create (region=None) or rename a division. Codes follow GB/T 2260 and nest by prefix."""
    require(acting_user, "orgs.change_region" if region else "orgs.add_region")
    _require_name(name)
    code = (code or "").strip()
    if region is None:
        if not code.isdigit() or len(code) not in (6, 9):
            raise ValidationError({"code": _("A division code has 6 digits (county and above) or 9 "
                                             "digits (township), for example 430421.")})
        if Region.objects.filter(code=code).exists():
            raise ValidationError({"code": _("The division code %(code)s already exists.") % {"code": code}})
        level = 4 if len(code) == 9 else (1 if code.endswith("0000") else 2 if code.endswith("00") else 3)
        if level > 1 and (parent is None or not code.startswith(parent.prefix)):
            raise ValidationError({"parent": _("The parent division must contain code %(code)s.")
                                   % {"code": code}})
        region = Region.objects.create(code=code, name=name.strip(), level=level, parent=parent)
        audit.record("create", actor=acting_user, obj=region, changes=audit.diff({}, audit.snapshot(region)))
        return region
    before = audit.snapshot(region)
    region.name = name.strip()
    region.save(update_fields=["name"])
    audit.record("update", actor=acting_user, obj=region, changes=audit.diff(before, audit.snapshot(region)))
    return region


# --- employers -----------------------------------------------------------------------------

def _validate_employer(data, instance=None):
    _require_name(data.get("name"))
    data["name"] = data["name"].strip()
    try:
        data["uscc"] = clean_uscc(data.get("uscc"))
    except ValidationError as e:
        raise ValidationError({"uscc": e.messages}) from None
    clash = Employer.objects.filter(uscc=data["uscc"])
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    other = clash.first()
    if other is not None:
        raise ValidationError({"uscc": _("The unified social credit code %(code)s is already used by "
                                         "another employer.") % {"code": data["uscc"]}})
    _check_region(data.get("region"))
    _check_code(data.get("industry"), choices.INDUSTRY, "industry")
    _check_code(data.get("ownership"), choices.OWNERSHIP, "ownership")
    if data.get("headcount") is not None and int(data["headcount"]) < 0:
        raise ValidationError({"headcount": _("The headcount cannot be negative.")})


def _employer_in_area(user, perm, employer):
    """An employer is written by whoever may see it (the scope rule) and holds `perm`."""
    if not Employer.objects.filter(Employer.scope_q(user, perm), pk=employer.pk).exists():
        refuse(user, employer, perm)


@transaction.atomic
def create_employer(*, acting_user, **data):
    require(acting_user, "orgs.add_employer")
    _validate_employer(data)
    employer = Employer(**{k: v for k, v in data.items() if k in EMPLOYER_FIELDS})
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError:
        raise ValidationError({"uscc": _("The unified social credit code %(code)s is already used by "
                                         "another employer.") % {"code": data["uscc"]}}) from None
    _employer_in_area(acting_user, "orgs.add_employer", employer)
    audit.record("create", actor=acting_user, obj=employer, changes=audit.diff({}, audit.snapshot(employer)))
    return employer


@transaction.atomic
def update_employer(employer, *, acting_user, **data):
    _employer_in_area(acting_user, "orgs.change_employer", employer)
    merged = {f: getattr(employer, f) for f in EMPLOYER_FIELDS} | data
    _validate_employer(merged, instance=employer)
    before = audit.snapshot(employer)
    for k in EMPLOYER_FIELDS:
        setattr(employer, k, merged[k])
    employer.save()
    _employer_in_area(acting_user, "orgs.change_employer", employer)
    audit.record("update", actor=acting_user, obj=employer, changes=audit.diff(before, audit.snapshot(employer)))
    return employer


# --- unions --------------------------------------------------------------------------------

_CONTACT_PHONE = re.compile(r"\+?[0-9][0-9 ()\-]*")


def _contact_phone(value, current=None):
    """A union's contact phone as typed (a landline such as 0734-8123456 or a mobile), None for
    none. The mask a form or the API showed, sent back unchanged, keeps the stored number."""
    if isinstance(value, Sealed):
        return value
    value = (value or "").strip()
    if isinstance(current, Sealed) and value == current.masked:
        return current
    if not value:
        return None
    if len(value) > 20 or not _CONTACT_PHONE.fullmatch(value) or sum(c.isdigit() for c in value) < 5:
        raise ValidationError({"contact_phone": _(
            "A contact phone has at least 5 digits and at most 20 characters (digits, spaces, dashes, brackets, "
            "a leading +), for example 0734-8123456 or 13800138000.")})
    return value


def _check_founded_on(founded_on):
    """A founding date is history: not before 中华全国总工会 itself was founded (a date like
    0129-07-23 is a typing error), and not in the future."""
    from django.utils import timezone

    from gonghui.core.dates import ACFTU_FOUNDED, show

    if founded_on is None:
        return
    if founded_on < ACFTU_FOUNDED:
        raise ValidationError({"founded_on": _(
            "Founded on: the date cannot be before %(date)s, the day the All-China Federation of Trade "
            "Unions was founded; check the year.") % {"date": show(ACFTU_FOUNDED)}})
    if founded_on > timezone.localdate():
        raise ValidationError({"founded_on": _("Founded on: the date cannot be in the future.")})


def _validate_union(data, parent, current_phone=None):
    data["contact_phone"] = _contact_phone(data.get("contact_phone"), current_phone)
    _require_name(data.get("name"))
    data["name"] = data["name"].strip()
    if data.get("kind") not in choices.UnionKind.values:
        raise ValidationError({"kind": _("Choose a kind of union.")})
    _check_region(data.get("region"))
    employer = data.get("employer")
    if employer is not None and not isinstance(employer, Employer):
        raise ValidationError({"employer": _("Choose an employer.")})
    if parent is not None and not parent.is_active:
        raise ValidationError({"parent": _("The union %(name)s has been revoked or merged; "
                                           "new unions cannot be placed under it.") % {"name": parent.name}})


@transaction.atomic
def create_union(*, acting_user, parent, **data):
    """Add a union under `parent` (the user needs the add permission there)."""
    require(acting_user, "orgs.add_union", parent)
    _validate_union(data, parent)
    _check_founded_on(data.get("founded_on"))
    fields = {k: v for k, v in data.items() if k in UNION_FIELDS}
    union = Union.objects.add_child(parent, fields)
    audit.record("create", actor=acting_user, obj=union, changes=audit.diff({}, audit.snapshot(union)))
    return union


@transaction.atomic
def update_union(union, *, acting_user, **data):
    require(acting_user, "orgs.change_union", union)
    merged = {f: getattr(union, f) for f in UNION_FIELDS} | data
    _validate_union(merged, None, union.contact_phone)
    if merged["founded_on"] != union.founded_on:  # a date kept from before the check stays editable around
        _check_founded_on(merged["founded_on"])
    before = audit.snapshot(union)
    for k in UNION_FIELDS:
        setattr(union, k, merged[k])
    union.save()
    audit.record("update", actor=acting_user, obj=union, changes=audit.diff(before, audit.snapshot(union)))
    return union


def reveal_contact_phone(union, *, acting_user):
    """A union's contact phone in full, for users holding the reveal right on it; every reveal
    is recorded, as for members' phones."""
    require(acting_user, "orgs.reveal_union", union)
    audit.record("reveal", actor=acting_user, obj=union, changes={"field": [None, "contact_phone"]})
    return union.contact_phone.reveal() if union.contact_phone else ""


@transaction.atomic
def move_union(union, *, acting_user, new_parent, reason):
    """Move a union (and everything below it) under another parent; both ends need the right."""
    require(acting_user, "orgs.move_union", union)
    require(acting_user, "orgs.move_union", new_parent)
    _require_reason(reason)
    if new_parent.path.startswith(union.path):
        raise ValidationError({"parent": _("A union cannot be moved under itself or one of its own "
                                           "subordinate unions.")})
    if not new_parent.is_active:
        raise ValidationError({"parent": _("The target union %(name)s is not active.")
                               % {"name": new_parent.name}})
    if union.depth == 1:
        raise ValidationError({"parent": _("The top-level federation cannot be moved.")})
    old_parent = Union.objects.get_parent(union)
    if old_parent.pk == new_parent.pk:
        raise ValidationError({"parent": _("The union is already under %(name)s.") % {"name": new_parent.name}})
    old_path = union.path
    Union.objects.move(union, new_parent, "last-child")
    union.refresh_from_db()
    audit.record("move", actor=acting_user, obj=union, reason=reason,
                 changes={"parent": [old_parent.name, new_parent.name], "path": [old_path, union.path]})
    return union


def _require_reason(reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give the reason; it is kept in the history.")})


def _active_children(union):
    return Union.objects.filter(subtree_q("path", union.path), depth=union.depth + 1,
                                status=choices.UnionStatus.ACTIVE)


@transaction.atomic
def revoke_union(union, *, acting_user, reason):
    """撤销: the union stops; its rows stay for the record. Subordinate unions must be
    revoked or moved first, so no active union is left under a revoked one."""
    require(acting_user, "orgs.revoke_union", union)
    _require_reason(reason)
    if not union.is_active:
        raise ValidationError(_("The union %(name)s is not active.") % {"name": union.name})
    if union.depth == 1:
        raise ValidationError(_("The top-level federation cannot be revoked."))
    n = _active_children(union).count()
    if n:
        raise ValidationError(_("%(name)s still has %(n)d active subordinate unions; revoke or move them "
                                "first.") % {"name": union.name, "n": n})
    union_revoked_checks.send(sender=Union, union=union)
    before = audit.snapshot(union)
    union.status = choices.UnionStatus.REVOKED
    union.status_reason = reason.strip()
    union.save(update_fields=["status", "status_reason", "updated_at"])
    audit.record("revoke", actor=acting_user, obj=union, reason=reason,
                 changes=audit.diff(before, audit.snapshot(union)))
    return union


@transaction.atomic
def merge_union(union, *, acting_user, into, reason):
    """并转: `union`'s subordinate unions move under `into` and it is marked merged. Other
    apps move their rows (members ...) on the `union_merged` signal, inside this transaction."""
    require(acting_user, "orgs.merge_union", union)
    require(acting_user, "orgs.merge_union", into)
    _require_reason(reason)
    if into.pk == union.pk or into.path.startswith(union.path):
        raise ValidationError({"into": _("A union cannot be merged into itself or one of its own "
                                         "subordinate unions.")})
    if not union.is_active or not into.is_active:
        raise ValidationError({"into": _("Both unions must be active to merge.")})
    if union.depth == 1:
        raise ValidationError(_("The top-level federation cannot be merged."))
    moved = []
    for child in list(_active_children(union)):
        Union.objects.move(child, into, "last-child")
        moved.append(child.name)
    union.refresh_from_db()
    union_merged.send(sender=Union, union=union, into=into, acting_user=acting_user)
    before = audit.snapshot(union)
    union.status = choices.UnionStatus.MERGED
    union.merged_into = into
    union.status_reason = reason.strip()
    union.save(update_fields=["status", "merged_into", "status_reason", "updated_at"])
    audit.record("merge", actor=acting_user, obj=union, reason=reason,
                 changes=audit.diff(before, audit.snapshot(union)) | {"children_moved": [[], moved]})
    return union


def why_not_deletable(union):
    """Why `union` cannot be deleted, or None when it can: the tree's root never; a union with
    subordinate unions or rows that belong to it (members, files ...) only after they are gone
    (revoke or merge it instead). The detail page asks this before it offers 删除."""
    if union.depth == 1:
        return _("%(name)s is the top of the union tree and cannot be deleted.") % {"name": union.name}
    if union.numchild or Union.objects.filter(subtree_q("path", union.path)).exclude(pk=union.pk).exists():
        return _("%(name)s still has subordinate unions and cannot be deleted; revoke it or "
                 "merge it into another union instead.") % {"name": union.name}
    kinds = sorted({str(rel.related_model._meta.verbose_name) for rel in union._meta.related_objects
                    if rel.on_delete is PROTECT and not rel.many_to_many and rel.related_model is not Union
                    and rel.related_model._default_manager.filter(**{rel.field.name: union}).exists()})
    if kinds:
        return _("%(name)s still has %(what)s and cannot be deleted; revoke it or merge it "
                 "into another union instead.") % {"name": union.name, "what": "、".join(kinds)}
    return None


@transaction.atomic
def delete_union(union, *, acting_user, reason):
    """Delete a union entered by mistake (see why_not_deletable for what is refused)."""
    require(acting_user, "orgs.delete_union", union)
    _require_reason(reason)
    refusal = why_not_deletable(union)
    if refusal:
        raise ValidationError(refusal)
    snap = audit.snapshot(union)
    parent = Union.objects.get_parent(union)
    try:
        with transaction.atomic():
            Union.objects.filter(pk=union.pk).delete()
    except ProtectedError as e:
        kinds = sorted({str(o._meta.verbose_name) for o in e.protected_objects})
        raise ValidationError(_("%(name)s still has %(what)s and cannot be deleted; revoke it or merge it "
                                "into another union instead.") % {"name": union.name, "what": "、".join(kinds)}
                              ) from None
    audit.record("delete", actor=acting_user, union=parent, object_type="orgs.union", object_id=snap["id"],
                 object_repr=snap["name"], reason=reason, changes=audit.diff(snap, {}))


