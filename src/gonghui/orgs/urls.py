from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("unions/", views.UnionList.as_view(), name="union_list"),
    path("unions/new/", views.union_create, name="union_create"),
    path("unions/lookup/", views.union_lookup, name="union_lookup"),
    path("unions/<int:pk>/", views.union_detail, name="union_detail"),
    path("unions/<int:pk>/edit/", views.union_edit, name="union_edit"),
    path("unions/<int:pk>/reveal/", views.union_reveal, name="union_reveal"),
    path("unions/<int:pk>/move/", views.union_move, name="union_move"),
    path("unions/<int:pk>/merge/", views.union_merge, name="union_merge"),
    path("unions/<int:pk>/revoke/", views.union_revoke, name="union_revoke"),
    path("unions/<int:pk>/delete/", views.union_delete, name="union_delete"),
    path("employers/", views.EmployerList.as_view(), name="employer_list"),
    path("employers/new/", views.employer_create, name="employer_create"),
    path("employers/lookup/", views.employer_lookup, name="employer_lookup"),
    path("employers/<int:pk>/", views.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
    path("regions/", views.RegionList.as_view(), name="region_list"),
    path("regions/lookup/", views.region_lookup, name="region_lookup"),
    path("regions/<str:pk>/", views.region_detail, name="region_detail"),
]
