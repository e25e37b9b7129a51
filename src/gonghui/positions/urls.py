from django.urls import path

from . import views

app_name = "positions"
urlpatterns = [
    path("", views.PositionList.as_view(), name="list"),
    path("new/", views.position_create, name="create"),
    path("map/", views.position_map, name="map"),
    path("selection/", views.selection, name="selection"),
    path("near/", views.near, name="near"),
    path("<int:pk>/", views.position_detail, name="detail"),
    path("<int:pk>/edit/", views.position_edit, name="edit"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
    path("p/<str:code>/", views.public, name="public"),
    path("p/<str:code>/qr.svg", views.qr_svg, name="qr"),
    path("p/<str:code>/check-in/", views.check_in, name="check_in"),
    path("p/<str:code>/rate/", views.rate, name="rate"),
]
