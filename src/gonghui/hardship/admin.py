"""The year's exit rule (months above 低保) is the operator's to change (the multiple, the
share and the days of 公示 are in the rulebook), in the /ops/ admin (each change copied into
the audit trail by accounts.admin)."""

from django.contrib import admin

from .models import HardshipPolicy


@admin.register(HardshipPolicy)
class HardshipPolicyAdmin(admin.ModelAdmin):
    list_display = ("year", "exit_months")
    ordering = ("-year",)
