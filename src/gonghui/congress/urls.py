from django.urls import path

from . import views

app_name = "congress"
urlpatterns = [
    path("", views.CongressList.as_view(), name="list"),
    path("new/", views.congress_create, name="create"),
    path("<int:pk>/", views.congress_detail, name="detail"),
    path("<int:pk>/delegates/new/", views.delegate_add, name="delegate_add"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("delegates/", views.DelegateList.as_view(), name="delegates"),
    path("delegates/<int:pk>/replace/", views.delegate_replace, name="delegate_replace"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="attendance"),
    path("sessions/<int:pk>/checkin/", views.session_checkin, name="checkin"),
    path("sessions/<int:pk>/checkin/<int:delegate_pk>/", views.session_checkin_delegate, name="checkin_delegate"),
    path("sessions/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("sessions/<int:pk>/papers/", views.document_add, name="document_add"),
    path("sessions/<int:pk>/motions/", views.motion_add, name="motion_add"),
    path("sessions/<int:pk>/close/", views.session_close, name="session_close"),
    path("sessions/<int:pk>/minutes.pdf", views.minutes, name="minutes"),
    path("papers/<int:pk>/files/<int:file_pk>/", views.document_file, name="document_file"),
    path("motions/<int:pk>/vote/", views.motion_vote, name="motion_vote"),
    path("my/", views.my_congress, name="my"),
]
