"""Terms and office-holders in the /ops/ admin, for the operator to correct a record typed in
wrong (each change copied into the audit trail by accounts.admin). Elections change only
through the services: their counts and approvals must not be edited by hand."""

from django.contrib import admin

from .models import OfficeHolder, Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("union", "number", "elected_on", "years", "ends_on", "delay_until", "closed_on")
    search_fields = ("union__name",)


@admin.register(OfficeHolder)
class OfficeHolderAdmin(admin.ModelAdmin):
    list_display = ("union", "office", "name", "appointment", "from_on", "to_on")
    list_filter = ("office", "appointment")
    search_fields = ("name", "union__name")
