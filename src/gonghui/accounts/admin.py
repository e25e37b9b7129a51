"""The operator's admin at /ops/: users with their grants, roles, grants.

The whole admin site needs a superuser verified with TOTP (django-otp's OTPAdminSite), and
every change made in it is copied into the audit trail from Django's own admin log.
"""

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from gonghui.core import audit
from gonghui.core.crypto import lookup_hash

from .models import Grant, Role, User

# Every admin page asks for a verified second factor, not only the ones registered here.
admin.site.__class__ = OTPAdminSite


class GrantInline(admin.TabularInline):
    model = Grant
    extra = 0
    raw_id_fields = ("union",)
    fields = ("role", "union", "covers_subtree", "created_at")
    readonly_fields = ("created_at",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "kind", "phone", "is_active", "is_superuser", "last_login")
    list_filter = ("kind", "is_active", "is_superuser", "grants__role")
    search_fields = ("username", "full_name")  # and the whole mobile number, by its hash (see below)
    ordering = ("username",)
    inlines = (GrantInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("kind", "full_name", "phone", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "kind", "full_name", "phone", "usable_password",
                                                 "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_search_results(self, request, queryset, search_term):
        """The phone column is encrypted: a whole number is found through its look-up hash."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term.isdigit() and len(term) == 11:
            results |= queryset.filter(phone_index=lookup_hash("phone", term))
        return results, may_have_duplicates


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "read_only", "sort")
    search_fields = ("code", "name")
    filter_horizontal = ("permissions",)


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "union", "covers_subtree", "created_at")
    list_filter = ("role", "covers_subtree")
    search_fields = ("user__username", "user__full_name", "union__name")
    autocomplete_fields = ("user",)
    raw_id_fields = ("union",)
    list_select_related = ("user", "role", "union")


@receiver(post_save, sender=LogEntry, dispatch_uid="gonghui.accounts.admin_log_to_audit")
def _admin_change_to_audit(sender, instance, created, **kwargs):
    """Copy each admin log entry (add, change, delete) into the audit trail."""
    if not created:
        return
    entry = instance
    ct = entry.content_type
    action = {ADDITION: "create", CHANGE: "update", DELETION: "delete"}.get(
        entry.action_flag, "update")
    audit.record("admin", actor=entry.user, object_type=f"{ct.app_label}.{ct.model}" if ct else "",
                 object_id=entry.object_id or "", object_repr=entry.object_repr,
                 changes={"message": entry.get_change_message(), "admin_action": action})
