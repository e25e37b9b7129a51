from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("", views.TeamList.as_view(), name="teams"),
    path("new/", views.team_create, name="team_create"),
    path("<int:pk>/", views.team_detail, name="team_detail"),
    path("<int:pk>/volunteers/", views.team_volunteers, name="team_volunteers"),
    path("<int:pk>/activities/", views.team_activity, name="team_activity"),
    path("volunteers/", views.VolunteerList.as_view(), name="volunteers"),
    path("activities/", views.ActivityList.as_view(), name="activities"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/<str:action>/", views.activity_action, name="activity_action"),
    path("shifts/", views.ShiftList.as_view(), name="shifts"),
    path("hours/", views.hours, name="hours"),
    path("figures/", views.figures, name="figures"),
    path("my/", views.my_hours, name="my_hours"),
]
