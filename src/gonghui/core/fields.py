"""``SealedField``: a model field whose column only ever holds an SM4 token (see crypto.py).

    phone = SealedField(_("mobile phone"), kind="phone", index="phone_index", null=True, blank=True)
    phone_index = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

The attribute reads as a ``Sealed`` (masked when printed); assigning a plain ``str`` is fine,
and saving seals it with the current key and writes its HMAC-SM3 into the `index` sibling.
Find rows by the sibling: ``User.objects.filter(phone_index=lookup_hash("phone", phone))``;
filtering on the sealed column itself is refused, as it could never match.

``tail_index="id_tail_index"`` keeps a second sibling with the keyed hash of the value's last
four characters (crypto.tail_hash), for a search by "the last four" ("" when there is no value).

Declare the index fields after the sealed field (Django saves fields in order, and the index
is filled while the sealed field is prepared), and name both in ``save(update_fields=...)``.
"""

from django import forms
from django.core import checks, exceptions
from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from . import crypto
from .crypto import Sealed


class SealedWith(models.Lookup):
    """``field__sealed_with="k1"``: rows whose token was sealed with that key (``LIKE 'k1:%'``);
    what key rotation uses to find the rows still to do."""

    lookup_name = "sealed_with"
    prepare_rhs = False

    def process_rhs(self, compiler, connection):
        if not isinstance(self.rhs, str) or not crypto.KEY_ID.match(self.rhs):
            raise ValueError("sealed_with takes a key id (letters and digits)")
        return "%s", [f"{self.rhs}:%"]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]


class SealedExact(models.lookups.Exact):
    """Only ``field=None`` (which Django turns into ``isnull``): an equality test against a
    token could never match, since every seal uses a fresh IV."""

    def __init__(self, lhs, rhs):
        if rhs is not None:
            field = lhs.output_field
            hint = (f"filter on {field.index!r} with lookup_hash({field.kind!r}, value)" if field.index
                    else "it has no look-up index")
            raise exceptions.FieldError(f"{field.model._meta.label}.{field.name} is encrypted and cannot be "
                                        f"compared with a value; {hint}.")
        super().__init__(lhs, rhs)


class SealedFormField(forms.CharField):
    """Shows the masked value; submitting the mask unchanged keeps the stored value."""

    def prepare_value(self, value):
        return value.masked if isinstance(value, Sealed) else value

    def has_changed(self, initial, data):
        if isinstance(initial, Sealed):
            data = self.to_python(data)
            return data != initial.masked and not (data and initial == data)
        return super().has_changed(initial, data)


class SealedField(models.TextField):
    description = _("Encrypted text (SM4-GCM)")
    ALLOWED_LOOKUPS = ("isnull", "sealed_with", "exact")

    def __init__(self, *args, kind="", index=None, tail_index=None, **kwargs):
        self.kind = kind
        self.index = index
        self.tail_index = tail_index
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        if self.index:
            kwargs["index"] = self.index
        if self.tail_index:
            kwargs["tail_index"] = self.tail_index
        return name, path, args, kwargs

    # --- checks ------------------------------------------------------------------------------

    def check(self, **kwargs):
        return [*super().check(**kwargs), *self._check_index(self.index), *self._check_index(self.tail_index)]

    def _check_index(self, name):
        if not name:
            return []
        opts = self.model._meta
        try:
            sibling = opts.get_field(name)
        except exceptions.FieldDoesNotExist:
            return [checks.Error(f"index names {name!r}, which is not a field of {opts.label}.",
                                 obj=self, id="gonghui.E101")]
        errors = []
        if not isinstance(sibling, models.CharField) or (sibling.max_length or 0) < 64:
            errors.append(checks.Error(f"index field {name!r} must be a CharField of max_length >= 64 "
                                       "(a hex HMAC-SM3).", obj=self, id="gonghui.E102"))
        fields = list(opts.concrete_fields)
        if sibling in fields and self in fields and fields.index(sibling) < fields.index(self):
            errors.append(checks.Error(f"index field {name!r} must be declared after {self.name!r}: it is "
                                       "filled while the sealed field is saved.", obj=self, id="gonghui.E103"))
        return errors

    # --- lookups -----------------------------------------------------------------------------

    def get_lookup(self, lookup_name):
        if lookup_name not in self.ALLOWED_LOOKUPS:
            hint = f" filter on {self.index!r} with lookup_hash({self.kind!r}, value)" if self.index else ""
            raise exceptions.FieldError(
                f"{self.model._meta.label}.{self.name} is encrypted and cannot be filtered with "
                f"{lookup_name!r};{hint or ' it has no look-up index'}.")
        return super().get_lookup(lookup_name)

    # --- values ------------------------------------------------------------------------------

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return Sealed(value, self.kind)

    def to_python(self, value):
        """A token from a fixture or a dump becomes a Sealed; anything else is plaintext (a
        str that is sealed when the row is saved)."""
        if value is None or value == "":
            return None
        if isinstance(value, Sealed):
            return value
        value = str(value)
        if crypto.looks_sealed(value):
            return Sealed(value, self.kind)
        return value

    def _sealed(self, value):
        """`value` as a Sealed under the current key (None for empty)."""
        if value is None or value == "":
            return None
        if isinstance(value, Sealed):
            return value if value.is_current() else Sealed.wrap(value.reveal(), self.kind)
        return Sealed.wrap(str(value), self.kind)

    def pre_save(self, model_instance, add):
        current = getattr(model_instance, self.attname)
        sealed = self._sealed(current)
        if sealed is not current:
            setattr(model_instance, self.attname, sealed)
        if self.index and (sealed is not current or getattr(model_instance, self.index) is None):
            setattr(model_instance, self.index, sealed.lookup_hash() if sealed is not None else None)
        if self.tail_index and (sealed is not current or not getattr(model_instance, self.tail_index)):
            setattr(model_instance, self.tail_index,
                    crypto.tail_hash(self.kind, sealed.reveal()) if sealed is not None else "")
        return sealed

    def get_prep_value(self, value):
        """The token; a plain str is sealed here, so plaintext never reaches the database."""
        if value is None or value == "":
            return None
        if isinstance(value, Sealed):
            return value.token
        if hasattr(value, "resolve_expression"):
            return value
        return crypto.seal(str(value))

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return self.get_prep_value(value) or ""

    # --- validation and forms ----------------------------------------------------------------

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not self.index or value in (None, ""):
            return
        sibling = model_instance._meta.get_field(self.index)
        if not sibling.unique:
            return
        digest = value.lookup_hash() if isinstance(value, Sealed) else crypto.lookup_hash(self.kind, value)
        others = type(model_instance)._base_manager.filter(**{self.index: digest})
        if model_instance.pk is not None:
            others = others.exclude(pk=model_instance.pk)
        if others.exists():
            raise exceptions.ValidationError(
                _("%(model)s with this %(field)s already exists."),
                code="unique",
                params={"model": model_instance._meta.verbose_name, "field": self.verbose_name})

    def save_form_data(self, instance, data):
        current = getattr(instance, self.attname)
        if isinstance(current, Sealed) and data == current.masked:
            return  # the form showed the mask and nobody changed it
        super().save_form_data(instance, data)

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": SealedFormField, "max_length": None, **kwargs})


SealedField.register_lookup(SealedWith)
SealedField.register_lookup(SealedExact)


@receiver(pre_save, dispatch_uid="gonghui.core.fields.sealed_update_fields")
def _guard_update_fields(sender, instance, update_fields=None, raw=False, **kwargs):
    """save(update_fields=[sealed]) without its index would leave a stale look-up hash."""
    if not update_fields or raw:
        return
    for f in sender._meta.concrete_fields:
        if not isinstance(f, SealedField) or f.name not in update_fields:
            continue
        for sibling in (f.index, f.tail_index):
            if sibling and sibling not in update_fields:
                raise ValueError(f"{sender._meta.label}.save(update_fields=...) names {f.name!r} but not its "
                                 f"index {sibling!r}; name both.")
