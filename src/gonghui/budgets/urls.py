from django.urls import path

from . import views

app_name = "budgets"
urlpatterns = [
    path("", views.BudgetList.as_view(), name="list"),
    path("new/", views.budget_create, name="create"),
    path("report/", views.report, name="report"),
    path("<int:pk>/", views.budget_detail, name="detail"),
    path("<int:pk>/adjust/", views.budget_adjust, name="adjust"),
    path("<int:pk>/accounts.pdf", views.accounts_pdf, name="accounts_pdf"),
    path("<int:pk>/<str:action>/", views.budget_action, name="action"),
    path("adjustments/<int:pk>/<str:action>/", views.adjustment_decide, name="adjustment_decide"),
    path("spending/", views.SpendingList.as_view(), name="spending"),
    path("spending/new/", views.spending_new, name="spending_new"),
    path("spending/<int:pk>/", views.spending_detail, name="spending_detail"),
    path("spending/<int:pk>/<str:action>/", views.spending_action, name="spending_action"),
    path("spending/files/<int:pk>/", views.spending_file, name="spending_file"),
    path("audits/", views.AuditList.as_view(), name="audits"),
    path("audits/new/", views.audit_new, name="audit_new"),
    path("audits/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/report.pdf", views.audit_pdf, name="audit_pdf"),
    path("audits/<int:pk>/<str:action>/", views.audit_action, name="audit_action"),
    path("findings/<int:pk>/rectify/", views.finding_rectify, name="finding_rectify"),
]
