from django.urls import path

from . import cleanup_views, join_views, views

app_name = "members"
urlpatterns = [
    path("", views.MemberList.as_view(), name="list"),
    path("new/", views.member_create, name="create"),
    path("card/", views.my_card, name="card"),
    path("my-union/", views.my_union, name="my_union"),
    path("verify/", views.verify_card, name="verify"),
    path("transfers/", views.TransferList.as_view(), name="transfers"),
    path("transfers/in/", views.transfer_in, name="transfer_in"),
    path("transfers/<int:pk>/decide/", views.transfer_decide, name="transfer_decide"),
    path("transfers/<int:pk>/withdraw/", views.transfer_withdraw, name="transfer_withdraw"),
    path("imports/", views.ImportList.as_view(), name="imports"),
    path("imports/new/", views.import_create, name="import_create"),
    path("imports/template/", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/report/", views.import_report, name="import_report"),
    path("imports/<int:pk>/<str:action>/", views.import_action, name="import_action"),
    path("unions/", views.union_directory, name="union_directory"),
    path("join/", join_views.join_apply, name="join_apply"),
    path("join/code/", join_views.join_code, name="join_code"),
    path("join/unions/", join_views.join_unions, name="join_unions"),
    path("join/status/", join_views.join_status, name="join_status"),
    path("join/<int:pk>/withdraw/", join_views.join_withdraw, name="join_withdraw"),
    path("joins/", join_views.JoinList.as_view(), name="join_list"),
    path("joins/<int:pk>/", join_views.join_detail, name="join_detail"),
    path("joins/<int:pk>/decide/", join_views.join_decide, name="join_decide"),
    path("cleanup/", cleanup_views.cleanup_page, name="cleanup"),
    path("cleanup/act/", cleanup_views.cleanup_act, name="cleanup_act"),
    path("cleanup/report/", cleanup_views.cleanup_report, name="cleanup_report"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/event/", views.member_event, name="event"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/reveal/<str:field>/", views.member_reveal, name="reveal"),
]
