"""The operator's view of background work in /ops/: task runs, and the schedule page (each
periodic task, its schedule, last run, outcome and next run; failed runs with their errors,
each with a button to run it now)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit, queue, schedule
from .models import TaskRun

admin.site.index_template = "admin/gonghui_index.html"  # the index links to the schedule page


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    list_display = ("name", "state", "tries", "started_by", "created_at", "finished_at", "result")
    list_filter = ("state", "name")
    search_fields = ("name", "error")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in TaskRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [path("schedule/", self.admin_site.admin_view(self.schedule_view), name="core_taskrun_schedule"),
                *super().get_urls()]

    def schedule_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._run_now(request)
        context = {**self.admin_site.each_context(request), "title": _("Schedule"), "opts": self.model._meta,
                   "entries": schedule.entries(), "failed": schedule.failed(), "labels": queue.label}
        return TemplateResponse(request, "admin/core/taskrun/schedule.html", context)

    def _run_now(self, request):
        """Send a periodic task, or a failed run's task with its arguments again, now."""
        if not request.user.is_superuser:
            raise PermissionDenied
        spec = settings_entry(request.POST.get("entry", ""))
        if spec is not None:
            name, args = spec["task"], list(spec.get("args", ()))
        else:
            run = TaskRun.objects.filter(pk=request.POST.get("run") or None, state=TaskRun.State.FAILED).first() \
                if _is_uuid(request.POST.get("run", "")) else None
            if run is None:
                messages.error(request, _("There is no such task."))
                return redirect("admin:core_taskrun_schedule")
            name, args = run.name, run.args
        started = queue.start(queue.registry()[name], *args, user=request.user)
        audit.record("run", actor=request.user, object_type="core.taskrun", object_id=str(started.pk),
                     object_repr=queue.label(name))
        messages.success(request, _("%(task)s was started.") % {"task": queue.label(name)})
        return redirect("admin:core_taskrun_schedule")


def settings_entry(name):
    from django.conf import settings

    return settings.CELERY_BEAT_SCHEDULE.get(name)


def _is_uuid(text):
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


TaskRunAdmin.schedule_view.short_description = gettext_lazy("Schedule")
