"""The year's hardship rules (multiple, share, days of 公示, exit months) are the operator's to
change, in the /ops/ admin (each change copied into the audit trail by accounts.admin)."""

from django.contrib import admin

from .models import HardshipPolicy


@admin.register(HardshipPolicy)
class HardshipPolicyAdmin(admin.ModelAdmin):
    list_display = ("year", "relative_multiple", "accident_share", "publicity_days", "exit_months")
    ordering = ("-year",)
