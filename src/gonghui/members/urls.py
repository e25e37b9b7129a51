from django.urls import path

from . import cleanup_views, views

app_name = "members"
urlpatterns = [
    path("", views.MemberList.as_view(), name="list"),
    path("new/", views.member_create, name="create"),
    path("card/", views.my_card, name="card"),
    path("verify/", views.verify_card, name="verify"),
    path("transfers/", views.TransferList.as_view(), name="transfers"),
    path("transfers/in/", views.transfer_in, name="transfer_in"),
    path("transfers/<int:pk>/decide/", views.transfer_decide, name="transfer_decide"),
    path("transfers/<int:pk>/withdraw/", views.transfer_withdraw, name="transfer_withdraw"),
    path("unions/", views.union_directory, name="union_directory"),
    path("cleanup/", cleanup_views.cleanup_page, name="cleanup"),
    path("cleanup/act/", cleanup_views.cleanup_act, name="cleanup_act"),
    path("cleanup/report/", cleanup_views.cleanup_report, name="cleanup_report"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/event/", views.member_event, name="event"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/reveal/<str:field>/", views.member_reveal, name="reveal"),
]
