from django.urls import path

from . import views

app_name = "disputes"
urlpatterns = [
    path("", views.DisputeList.as_view(), name="list"),
    path("new/", views.dispute_create, name="create"),
    path("<int:pk>/", views.dispute_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.dispute_action, name="action"),
    path("bodies/", views.BodyList.as_view(), name="bodies"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("referrals/", views.ReferralList.as_view(), name="referrals"),
    path("referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/<int:pk>/report/", views.referral_report, name="referral_report"),
    path("warnings/", views.WatchList.as_view(), name="watches"),
    path("warnings/<int:pk>/", views.watch_detail, name="watch_detail"),
    path("warnings/<int:pk>/action/", views.watch_action, name="watch_action"),
    path("signals/", views.SignalList.as_view(), name="signals"),
    path("signals/new/", views.signal_create, name="signal_create"),
]
