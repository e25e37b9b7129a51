"""Operator configuration at /ops/: each year's criteria, their most points and guidance."""

from django.contrib import admin

from .models import Criterion


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("year", "criteria_set", "code", "name", "max_score", "satisfaction", "sort")
    list_filter = ("year", "criteria_set")
    list_editable = ("max_score", "sort")
    ordering = ("-year", "criteria_set", "sort")
