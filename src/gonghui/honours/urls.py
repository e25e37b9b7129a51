from django.urls import path

from . import views

app_name = "honours"
urlpatterns = [
    path("", views.HonourList.as_view(), name="list"),
    path("new/", views.honour_create, name="create"),
    path("<int:pk>/", views.honour_detail, name="detail"),
    path("<int:pk>/certificate/", views.certificate, name="certificate"),
    path("<int:pk>/<str:action>/", views.honour_action, name="action"),
    path("report/", views.honours_report, name="report"),
    path("rounds/", views.RoundList.as_view(), name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("rounds/<int:pk>/<str:action>/", views.round_action, name="round_action"),
    path("nominations/", views.NominationList.as_view(), name="nominations"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/<str:action>/", views.nomination_action, name="nomination_action"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("visits/", views.VisitList.as_view(), name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("subsidies/living/new/", views.subsidy_create, {"kind": "living"}, name="subsidy_living"),
    path("subsidies/special/new/", views.subsidy_create, {"kind": "special"}, name="subsidy_special"),
    path("my/", views.my_honours, name="my_honours"),
]
