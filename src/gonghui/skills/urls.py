from django.urls import path

from . import views

app_name = "skills"
urlpatterns = [
    path("", views.figures, name="figures"),
    path("enrolments/", views.EnrolmentList.as_view(), name="enrolments"),
    path("enrolments/new/", views.enrolment_create, name="enrolment_create"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("workshops/", views.WorkshopList.as_view(), name="workshops"),
    path("workshops/new/", views.workshop_create, name="workshop_create"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop_detail"),
]
