from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.AssessmentList.as_view(), name="list"),
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/items/<int:item_pk>/self/", views.self_assess, name="self_assess"),
    path("<int:pk>/items/<int:item_pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/items/<int:item_pk>/review/", views.review_item, name="review_item"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence, name="evidence"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/tasks/", views.task_add, name="task_add"),
    path("<int:pk>/finish/", views.finish, name="finish"),
    path("tasks/", views.TaskList.as_view(), name="tasks"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("tasks/<int:pk>/verify/", views.task_verify, name="task_verify"),
    path("progress/", views.progress, name="progress"),
    path("not-started/", views.not_started, name="not_started"),
    path("showcases/", views.ShowcaseList.as_view(), name="showcases"),
    path("showcases/new/", views.showcase_create, name="showcase_create"),
    path("showcases/publish/", views.showcase_publish, name="showcase_publish"),
    path("showcases/published/", views.published, name="published"),
    path("survey/", views.survey, name="survey"),
]
