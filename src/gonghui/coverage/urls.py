from django.urls import path

from . import views

app_name = "coverage"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("employers/", views.EmployerList.as_view(), name="employers"),
    path("new-economy/", views.new_economy, name="new_economy"),
    path("industry-unions/", views.IndustryUnionList.as_view(), name="industry_unions"),
    path("targets/", views.TargetList.as_view(), name="targets"),
    path("targets/refresh/", views.targets_refresh, name="targets_refresh"),
    path("targets/bulk/", views.target_bulk, name="target_bulk"),
    path("targets/<int:pk>/", views.target_detail, name="target_detail"),
    path("paper-unions/", views.paper_unions, name="paper_unions"),
    path("paper-unions/<int:union_pk>/propose/", views.case_create, name="case_create"),
    path("cases/", views.CaseList.as_view(), name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/decide/", views.case_decide, name="case_decide"),
    path("report/", views.report, name="report"),
]
