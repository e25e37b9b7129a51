"""/ops/: congresses are run from the staff pages; the operators' admin only reads them."""

from django.contrib import admin

from .models import Congress


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ("title", "union", "kind", "opens_on", "seats", "state")
    search_fields = ("title",)
    readonly_fields = [f.name for f in Congress._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
