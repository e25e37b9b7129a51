from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("focus/", views.focus, name="focus"),
    path("help/", views.help_index, name="help"),
    path("help/<slug:topic>/", views.help_topic, name="help_topic"),
    path("audit/", views.AuditList.as_view(), name="audit_list"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
    path("audit/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("tasks/<uuid:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<uuid:pk>/file/", views.task_file, name="task_file"),
]
