from django.urls import path

from . import views

app_name = "wcongress"
urlpatterns = [
    path("", views.CongressList.as_view(), name="list"),
    path("new/", views.congress_create, name="create"),
    path("<int:pk>/", views.congress_detail, name="detail"),
    path("<int:pk>/delegates/", views.delegate_add, name="delegate_add"),
    path("<int:pk>/sessions/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/vote/", views.vote, name="vote"),
    path("sessions/<int:pk>/report/", views.session_report, name="session_report"),
    path("proposals/", views.ProposalList.as_view(), name="proposals"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/<str:action>/", views.proposal_action, name="proposal_action"),
    path("disclosures/", views.DisclosureList.as_view(), name="disclosures"),
    path("disclosures/plan/", views.disclosure_plan, name="disclosure_plan"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="disclosure_detail"),
    path("my/proposals/", views.my_proposals, name="my_proposals"),
    path("my/proposals/new/", views.my_proposal_new, name="my_proposal_new"),
    path("my/proposals/<int:pk>/", views.my_proposal, name="my_proposal"),
    path("my/disclosures/", views.my_disclosures, name="my_disclosures"),
]
