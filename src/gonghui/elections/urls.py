from django.urls import path

from . import views

app_name = "elections"
urlpatterns = [
    path("terms/", views.TermList.as_view(), name="terms"),
    path("terms/new/", views.term_create, name="term_create"),
    path("terms/<int:pk>/", views.term_detail, name="term_detail"),
    path("holders/", views.HolderList.as_view(), name="holders"),
    path("holders/new/", views.holder_create, name="holder_create"),
    path("holders/<int:pk>/recall/", views.holder_recall, name="holder_recall"),
    path("", views.ElectionList.as_view(), name="elections"),
    path("new/", views.election_create, name="election_create"),
    path("<int:pk>/", views.election_detail, name="election_detail"),
    path("<int:pk>/<str:action>/", views.election_action, name="election_action"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/ballot.pdf", views.ballot_pdf, name="ballot_pdf"),
    path("rounds/<int:pk>/result.pdf", views.result_pdf, name="result_pdf"),
]
