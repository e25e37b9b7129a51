"""A member's copy of their own personal data (个人信息保护法 第四十五条: the right to consult and
copy; 第四十四条: to know how it is handled).

Collected generically, so a new app's records are in the copy without a change here: the member
row, every row of any model that points at the member (join and transfer requests, hardship files,
applications, claims, registrations, proposals …), and the audit entries about the member, which
say who read or changed their sensitive fields and when. Values are the member's own, so sealed
fields are opened; look-up hashes, pinyin keys and tree bookkeeping are left out (derived, and
meaningless to a person). Rows about other people that merely hang under the member's rows (a
hardship file's household members) are left out: they are those people's data.
"""

import datetime
import json

from django.apps import apps
from django.db import models
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.crypto import Sealed
from gonghui.core.models import AuditEntry

from .models import Member

FORMAT = "gonghui-personal-data/1"
_DERIVED = ("_index", "_pinyin", "_initials", "_hash", "union_path", "path", "depth", "numchild")


def _shown(field):
    return not any(field.name.endswith(s) or field.name == s for s in _DERIVED)


def _value(obj, field):
    """A field's value as a person reads it: the label of a choice, the name of a related row,
    the plaintext of a sealed value, dates as ISO text."""
    if field.is_relation:
        related = getattr(obj, field.name)
        return str(related) if related is not None else None
    value = getattr(obj, field.attname)
    if isinstance(value, Sealed):
        return value.reveal()
    if field.choices and value not in (None, ""):
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _row(obj):
    return {str(f.verbose_name): _value(obj, f) for f in obj._meta.concrete_fields if _shown(f)}


def _pointing_fields():
    """(model, field) for every foreign key and one-to-one field that points at Member."""
    for model in apps.get_models():
        if model is Member:
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is Member:
                yield model, f


def _fields_of(entry, model):
    """What an audit entry touched, in words: the field a reveal opened, or the fields changed."""
    named = (entry.changes or {}).get("field")
    if entry.action == "reveal" and isinstance(named, list) and len(named) == 2:
        try:
            return str(model._meta.get_field(named[1]).verbose_name)
        except Exception:  # noqa: BLE001 - a field since renamed: its code name then
            return str(named[1])
    return "、".join(str(label) for label, _before, _after in audit.describe(entry))


def collect(member):
    """The member's data as a dict of sections: {section title: [rows]}, the last section the
    audit entries about the member's rows (who read or changed what, when)."""
    sections = {str(Member._meta.verbose_name): [_row(member)]}
    objects = {Member._meta.label_lower: (Member, {str(member.pk)})}
    pointing = list(_pointing_fields())
    for model, field in pointing:
        found = list(model._base_manager.filter(**{field.name: member}).order_by("pk"))
        if not found:
            continue
        title = str(model._meta.verbose_name_plural)
        if sum(1 for m, _f in pointing if m is model) > 1:
            title = f"{title}（{field.verbose_name}）"
        sections.setdefault(title, []).extend(_row(o) for o in found)
        objects.setdefault(model._meta.label_lower, (model, set()))[1].update(str(o.pk) for o in found)
    where = models.Q(pk__in=[])
    for label, (_model, ids) in objects.items():
        where |= models.Q(object_type=label, object_id__in=ids)
    sections["谁查看或修改了我的信息"] = [
        {"时间": timezone.localtime(e.at).isoformat(), "操作人": e.actor_label or "系统",
         "操作": str(e.action_label), "对象": e.object_repr, "字段": _fields_of(e, objects[e.object_type][0])}
        for e in AuditEntry.objects.filter(where).order_by("id")]
    return sections


def copy_for(member, *, acting_user):
    """The copy as a UTF-8 JSON file's bytes; making it is recorded in the audit trail."""
    body = {"format": FORMAT, "made_at": timezone.localtime().isoformat(), "member_number": member.number,
            "sections": collect(member)}
    audit.record("personal_data_copy", actor=acting_user, obj=member)
    return json.dumps(body, ensure_ascii=False, indent=2, default=str).encode()
