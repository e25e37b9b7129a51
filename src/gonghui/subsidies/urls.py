from django.urls import path

from . import views

app_name = "subsidies"
urlpatterns = [
    path("plans/", views.PlanList.as_view(), name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/positions/", views.plan_positions, name="plan_positions"),
    path("plans/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("programmes/", views.ProgrammeList.as_view(), name="programmes"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/close/", views.programme_close, name="programme_close"),
    path("", views.SubsidyList.as_view(), name="list"),
    path("new/", views.subsidy_create, name="create"),
    path("<int:pk>/", views.subsidy_detail, name="detail"),
    path("<int:pk>/inspect/", views.subsidy_inspect, name="inspect"),
    path("<int:pk>/review/", views.subsidy_review, name="review"),
    path("<int:pk>/pay/", views.subsidy_pay, name="pay"),
    path("<int:pk>/files/<int:attachment_pk>/", views.subsidy_attachment, name="attachment"),
    path("report/", views.report, name="report"),
]
