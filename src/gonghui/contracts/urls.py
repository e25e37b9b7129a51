from django.urls import path

from . import views

app_name = "contracts"
urlpatterns = [
    path("", views.ContractList.as_view(), name="list"),
    path("new/", views.contract_create, name="create"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/employers/", views.CoverageEmployerList.as_view(), name="coverage_employers"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.contract_action, name="action"),
]
