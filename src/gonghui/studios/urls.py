from django.urls import path

from . import views

app_name = "studios"
urlpatterns = [
    path("", views.StudioList.as_view(), name="list"),
    path("new/", views.studio_create, name="create"),
    path("<int:pk>/", views.studio_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.studio_action, name="action"),
    path("mentorships/", views.MentorshipList.as_view(), name="mentorships"),
    path("mentorships/new/", views.mentorship_create, name="mentorship_create"),
    path("mentorships/<int:pk>/", views.mentorship_detail, name="mentorship"),
    path("alliances/", views.AllianceList.as_view(), name="alliances"),
]
