from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("otp/", views.otp, name="otp"),
    path("security/", views.security, name="security"),
    path("sms-code/", views.sms_code, name="sms_code"),
    path("staff/", views.StaffList.as_view(), name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/grants/add/", views.grant_add, name="grant_add"),
    path("staff/<int:pk>/unlock/", views.staff_unlock, name="staff_unlock"),
    path("staff/<int:pk>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
    path("staff/<int:pk>/activate/", views.staff_activate, name="staff_activate"),
    path("grants/<int:pk>/remove/", views.grant_remove, name="grant_remove"),
]
