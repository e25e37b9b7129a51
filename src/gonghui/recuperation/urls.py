from django.urls import path

from . import views

app_name = "recuperation"
urlpatterns = [
    path("", views.BatchList.as_view(), name="batches"),
    path("new/", views.batch_create, name="batch_create"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/candidates/", views.candidates_add, name="candidates_add"),
    path("<int:pk>/<str:action>/", views.batch_action, name="batch_action"),
    path("bases/", views.BaseList.as_view(), name="bases"),
    path("bases/new/", views.base_create, name="base_create"),
    path("bases/<int:pk>/", views.base_detail, name="base_detail"),
    path("offers/", views.OfferList.as_view(), name="offers"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("my/", views.my_offers, name="my_offers"),
    path("my/<int:pk>/", views.my_offer, name="my_offer"),
]
