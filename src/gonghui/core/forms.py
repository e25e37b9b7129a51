"""Form pieces shared by every app."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LookupSelect(forms.Widget):
    """A search box that fills a <select> through htmx: for choosing one of thousands of
    unions, employers or divisions without sending them all to the page."""

    template_name = "core/widgets/lookup.html"

    def __init__(self, url_name, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.label_for = None

    def get_context(self, name, value, attrs):
        ctx = super().get_context(name, value, attrs)
        ctx["widget"]["lookup_url"] = reverse(self.url_name)
        ctx["widget"]["current"] = self.label_for(value) if (self.label_for and value not in (None, "")) else None
        return ctx


class LookupField(forms.Field):
    """Cleans the chosen id to an object through `resolve(value)`, which applies the
    user's scope; anything it cannot resolve is "not a valid choice"."""

    default_error_messages = {"invalid_choice": _("Choose a valid option; type to search.")}

    def __init__(self, url_name, resolve, label_for, **kwargs):
        self.resolve = resolve
        widget = LookupSelect(url_name)
        widget.label_for = label_for
        super().__init__(widget=widget, **kwargs)

    def prepare_value(self, value):
        return getattr(value, "pk", value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        obj = self.resolve(value)
        if obj is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return obj


def form_page(request, form, title, on_valid, *, template="orgs/form.html", drop_empty=False, **context):
    """The one way a form page works: on a valid POST call `on_valid(cleaned_data)` (a service
    call that returns a redirect); a service's ValidationError lands on the form's fields.
    `drop_empty` leaves out empty fields, so an edit keeps what was not typed again."""
    from django.core.exceptions import ValidationError
    from django.shortcuts import render

    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if drop_empty:
            data = {k: v for k, v in data.items() if v not in (None, "")}
        try:
            return on_valid(data)
        except ValidationError as e:
            apply_service_errors(form, e)
    return render(request, template, {"title": title, "form": form, **context})


def apply_service_errors(form, error):
    """Show a service's ValidationError on the form: on the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def show_error(request, error):
    """A service's ValidationError as one message on the next page (for actions without a form)."""
    messages.error(request, " ".join(error.messages))


def bootstrap(form):
    """Give every widget of `form` its Bootstrap class, so templates render fields plainly."""
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, LookupSelect | forms.HiddenInput):
            continue
        css = "form-select" if isinstance(w, forms.Select) else (
            "form-check-input" if isinstance(w, forms.CheckboxInput) else "form-control")
        classes = w.attrs.get("class", "").split()
        if css not in classes:
            w.attrs["class"] = " ".join([*classes, css])
    return form


def _messages_for(field):
    """The messages of one form field, each naming the field and, where there is one, its limit
    (Django's own say "this field" and "this value": 确保该变量包含不超过 60 字符)."""
    label = str(field.label or "").rstrip(":：") or _("This field")
    if isinstance(field, forms.IntegerField):
        invalid = _("%(label)s must be a whole number.")
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        invalid = _("%(label)s must be a number.")
    elif isinstance(field, forms.DateTimeField):
        invalid = _("%(label)s must be a date and time such as 2026-05-01 09:30.")
    elif isinstance(field, forms.DateField):
        invalid = _("%(label)s must be a date such as 2026-05-01.")
    elif isinstance(field, forms.TimeField):
        invalid = _("%(label)s must be a time such as 09:30.")
    elif isinstance(field, forms.EmailField):
        invalid = _("%(label)s is not a valid e-mail address.")
    else:
        invalid = _("%(label)s is not valid.")
    out = {
        "required": _("Please fill in %(label)s."),
        "max_length": _("%(label)s is longer than %(n)d characters."),
        "min_length": _("%(label)s needs at least %(n)d characters."),
        "max_value": _("%(label)s can be at most %(limit)s."),
        "min_value": _("%(label)s must be at least %(limit)s."),
        "max_digits": _("%(label)s has more than %(n)s digits."),
        "max_decimal_places": _("%(label)s has more than %(n)s decimal places."),
        "max_whole_digits": _("%(label)s has more than %(n)s digits before the decimal point."),
        "invalid": invalid,
        "invalid_choice": _("%(label)s: choose one of the options offered."),
        "invalid_list": _("%(label)s: choose from the options offered."),
        "empty": _("%(label)s: the file is empty."),
        "missing": _("%(label)s: no file was sent."),
    }
    return label, out


# Django's stock messages are replaced; a message a form sets itself is kept.
_STOCK = {}


def _stock_messages(field):
    cls = type(field)
    if cls not in _STOCK:
        stock = {}
        for klass in reversed(cls.__mro__):
            if klass.__module__.startswith("django."):
                stock.update(getattr(klass, "default_error_messages", {}))
        _STOCK[cls] = stock
    return _STOCK[cls]


class LabelledMessage:
    """A lazy message filled with the field's label and the limit the validator reports: Django
    puts a field's error_messages[code] in place of a validator's message and fills it with the
    validator's params (limit_value, show_value), so the label is put in here and the limit there."""

    def __init__(self, template, label):
        self.template, self.label = template, label

    def __mod__(self, params):
        params = dict(params or {})
        limit = params.get("limit_value", params.get("max", ""))
        return str(self.template) % {"label": self.label, "n": limit if isinstance(limit, int) else 0,
                                     "limit": limit}

    def __str__(self):
        return self % {}


def label_errors(form):
    """Give every field of `form` messages that name it and its limit (issue 21: Django's default
    messages never reach a reader)."""
    for field in form.fields.values():
        label, messages_ = _messages_for(field)
        stock = _stock_messages(field)
        for code, template in messages_.items():
            current = field.error_messages.get(code)
            if current is None or current is stock.get(code):  # the same lazy message, not a copy
                field.error_messages[code] = LabelledMessage(template, label)
    return form


class LabelledErrorsMixin:
    """Every form's messages name the field and its limit (see label_errors), also of fields a
    form adds in its __init__: they are labelled as the form is checked."""

    def full_clean(self):
        label_errors(self)
        super().full_clean()


class BootstrapMixin(LabelledErrorsMixin):
    """Forms that add fields in __init__ call bootstrap(self) again at the end (it is idempotent)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
