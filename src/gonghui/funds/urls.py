from django.urls import path

from . import views

app_name = "funds"
urlpatterns = [
    path("", views.index, name="index"),
    path("statements/", views.StatementList.as_view(), name="statements"),
    path("statements/new/", views.statement_create, name="statement_create"),
    path("statements/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("contributions/", views.ContributionList.as_view(), name="contributions"),
    path("contributions/new/", views.payment_create, name="payment_create"),
    path("contributions/<int:pk>/", views.contribution_detail, name="contribution_detail"),
    path("contributions/notify/", views.arrears_notify, name="arrears_notify"),
    path("employers/<int:pk>/hand-over/", views.preparatory_hand_over, name="hand_over"),
    path("ledger/", views.LedgerList.as_view(), name="ledger"),
    path("dues/", views.DuesList.as_view(), name="dues"),
    path("dues/new/", views.dues_create, name="dues_create"),
    path("dues/bulk/", views.dues_bulk, name="dues_bulk"),
    path("refunds/", views.RefundList.as_view(), name="refunds"),
    path("refunds/list/", views.refund_list_county, name="refund_list_county"),
    path("refunds/apply/", views.refund_apply, name="refund_apply"),
    path("refunds/<int:pk>/", views.refund_detail, name="refund_detail"),
    path("refund-batches/new/", views.batch_create, name="batch_create"),
    path("refund-batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("refund-batches/<int:pk>/bank-file/", views.batch_bank_file, name="batch_bank_file"),
    path("pairings/", views.PairingList.as_view(), name="pairings"),
    path("pairings/new/", views.pairing_create, name="pairing_create"),
    path("pairings/<int:pk>/", views.pairing_detail, name="pairing_detail"),
]
