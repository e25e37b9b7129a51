"""The rulebook and the calendar in /ops/: values are added, never edited in place (a change is
a new dated row, the old ones stay as history); a year's holidays are entered as one table,
saved whole or refused whole. Every change goes through services (audited, then recompute)."""


from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .deadlines import recompute_after_commit
from .models import CalendarDay, Deadline, Rule, RuleValue


class RuleValueInline(admin.TabularInline):
    model = RuleValue
    fields = ("jurisdiction", "valid_from", "valid_to", "value", "unit", "source", "note", "created_at",
              "created_by")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("jurisdiction", "-valid_from")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("name", "label", "kind", "min_value", "max_value")
    list_filter = ("kind",)
    search_fields = ("name", "label", "description")
    inlines = [RuleValueInline]

    def get_readonly_fields(self, request, obj=None):
        return ("name", "kind") if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RuleValue)
class RuleValueAdmin(admin.ModelAdmin):
    list_display = ("rule", "jurisdiction", "valid_from", "valid_to", "value", "unit", "source", "created_by")
    list_filter = ("jurisdiction", "rule__kind")
    search_fields = ("rule__name", "rule__label", "source", "note")
    autocomplete_fields = ("rule",)
    fields = ("rule", "jurisdiction", "valid_from", "valid_to", "value", "unit", "source", "note")
    date_hierarchy = "valid_from"

    def get_readonly_fields(self, request, obj=None):
        # An existing value is history: to change a rule, add a new value from a later date.
        return self.fields if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        obj.created_by = request.user
        obj.save()
        services.record_value(obj, request.user)


class HolidayTableForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    lines = forms.CharField(label=_("Days"), widget=forms.Textarea(attrs={"rows": 30, "cols": 60}),
                            help_text=_("One day a line: date, holiday or working (a weekend day made a working "
                                         "day), name. For example: 2027-01-01 holiday 元旦"))


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)
    change_list_template = "admin/rules/calendarday/change_list.html"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        recompute_after_commit()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        recompute_after_commit()

    def get_urls(self):
        return [path("year/", self.admin_site.admin_view(self.year_view), name="rules_calendarday_year"),
                *super().get_urls()]

    def year_view(self, request):
        if not self.has_change_permission(request) or not self.has_add_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if request.method == "POST":
            form = HolidayTableForm(request.POST)
            if form.is_valid():
                year = form.cleaned_data["year"]
                try:
                    n = services.save_holiday_year(year, form.cleaned_data["lines"], acting_user=request.user)
                except ValidationError as e:
                    for field, errs in e.message_dict.items():
                        form.add_error(field if field in form.fields else None, errs)
                else:
                    messages.success(request, gettext("Saved the %(year)s holiday table: %(n)d days.")
                                     % {"year": year, "n": n})
                    return redirect(reverse("admin:rules_calendarday_changelist") + f"?date__year={year}")
        else:
            year = int(request.GET.get("year") or timezone.localdate().year + 1)
            form = HolidayTableForm(initial={"year": year, "lines": services.holiday_table_text(year)})
        return render(request, "admin/rules/calendarday/year.html", {
            **self.admin_site.each_context(request), "form": form, "opts": self.model._meta,
            "title": gettext("Holiday table of a year")})


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ("kind", "title", "union", "due_on", "closed_at")
    list_filter = ("kind",)
    search_fields = ("title", "object_id")
    raw_id_fields = ("union", "responsible", "member")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


