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


class BootstrapMixin:
    """Forms that add fields in __init__ call bootstrap(self) again at the end (it is idempotent)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
