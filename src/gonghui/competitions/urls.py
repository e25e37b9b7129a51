from django.urls import path

from . import views

app_name = "competitions"
urlpatterns = [
    path("", views.CompetitionList.as_view(), name="list"),
    path("new/", views.competition_create, name="create"),
    path("figures/", views.figures, name="figures"),
    path("awards/", views.AwardList.as_view(), name="awards"),
    path("awards/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("<int:pk>/", views.competition_detail, name="detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/judges/", views.judge_add, name="judge_add"),
    path("<int:pk>/ladder/", views.ladder, name="ladder"),
    path("<int:pk>/confer/", views.confer, name="confer"),
    path("rounds/<int:pk>/", views.sheet, name="sheet"),
    path("rounds/<int:pk>/publish/", views.publish, name="publish"),
    path("scores/<int:pk>/correct/", views.correct, name="correct"),
    path("innovations/", views.InnovationList.as_view(), name="innovations"),
    path("innovations/new/", views.innovation_create, name="innovation_create"),
    path("innovations/<int:pk>/", views.innovation_detail, name="innovation"),
    path("innovations/<int:pk>/<str:action>/", views.innovation_action, name="innovation_action"),
]
