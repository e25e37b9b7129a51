"""Operator configuration at /ops/: the default bank file layout (the one without a union) and
the yearly cap per member. Unions set their own layouts on the batches page."""

from django.contrib import admin

from .models import AssistancePolicy, BankFileLayout


@admin.register(BankFileLayout)
class BankFileLayoutAdmin(admin.ModelAdmin):
    list_display = ("name", "union")
    raw_id_fields = ("union",)


@admin.register(AssistancePolicy)
class AssistancePolicyAdmin(admin.ModelAdmin):
    list_display = ("year", "yearly_cap_fen")
