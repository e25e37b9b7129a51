from django.urls import path

from . import views

app_name = "rights"
urlpatterns = [
    path("requests/", views.RequestList.as_view(), name="list"),
    path("requests/new/", views.request_create, name="create"),
    path("requests/board/", views.board, name="board"),
    path("requests/<int:pk>/", views.request_detail, name="detail"),
    path("requests/<int:pk>/files/<int:file_pk>/", views.request_file, name="file"),
    path("requests/<int:pk>/<str:action>/", views.request_action, name="action"),
    path("legal-aid/", views.LegalAidList.as_view(), name="aid_list"),
    path("legal-aid/new/", views.aid_create, name="aid_create"),
    path("legal-aid/<int:pk>/", views.aid_detail, name="aid_detail"),
    path("legal-aid/<int:pk>/<str:action>/", views.aid_action, name="aid_action"),
    path("legal-aid/roster/", views.ProviderList.as_view(), name="providers"),
    path("legal-aid/roster/new/", views.provider_create, name="provider_create"),
    path("my/", views.my_requests, name="my_requests"),
    path("my/new/", views.my_request_new, name="my_request_new"),
    path("my/<int:pk>/", views.my_request, name="my_request"),
    path("ask/", views.ask, name="ask"),
    path("ask/status/", views.ask_status, name="ask_status"),
]
