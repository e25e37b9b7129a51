"""/ops/: operators edit the kinds and their facilities standards."""

from django.contrib import admin

from .models import PositionKind


@admin.register(PositionKind)
class PositionKindAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "prefix", "award_title", "sort")
    ordering = ("sort", "code")
