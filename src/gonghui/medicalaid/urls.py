from django.urls import path

from . import views

app_name = "medicalaid"
urlpatterns = [
    path("plans/", views.PlanList.as_view(), name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("enrolments/", views.EnrolmentList.as_view(), name="enrolments"),
    path("enrolments/new/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolled/", views.EnrolledList.as_view(), name="enrolled"),
    path("claims/", views.ClaimList.as_view(), name="claims"),
    path("claims/new/", views.claim_create, name="claim_create"),
    path("claims/bulk/", views.claim_bulk, name="claim_bulk"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/review/", views.claim_review, name="claim_review"),
    path("claims/<int:pk>/pay/", views.claim_pay, name="claim_pay"),
    path("claims/<int:pk>/files/", views.claim_attach, name="claim_attach"),
    path("claims/<int:pk>/files/<int:attachment_pk>/", views.claim_attachment, name="claim_attachment"),
    path("screening/quotas/", views.QuotaList.as_view(), name="quotas"),
    path("screening/quotas/set/", views.quota_set, name="quota_set"),
    path("screening/bookings/", views.BookingList.as_view(), name="bookings"),
    path("screening/bookings/new/", views.booking_create, name="booking_create"),
    path("screening/bookings/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("screening/bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("mine/", views.my_medical_aid, name="mine"),
]
