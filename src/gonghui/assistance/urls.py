from django.urls import path

from . import views, year_report_views

app_name = "assistance"
urlpatterns = [
    path("", views.ProgrammeList.as_view(), name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/budget/", views.programme_budget, name="programme_budget"),
    path("programmes/<int:pk>/close/", views.programme_close, name="programme_close"),
    path("programmes/<int:pk>/publish/", views.programme_publish, name="programme_publish"),
    path("programmes/<int:pk>/publicity/", views.programme_publicity, name="programme_publicity"),
    path("programmes/<int:pk>/publicity.pdf", views.programme_publicity_pdf, name="programme_publicity_pdf"),
    path("programmes/<int:pk>/batch/", views.programme_batch, name="programme_batch"),
    path("applications/", views.ApplicationList.as_view(), name="application_list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/bulk/", views.application_bulk, name="application_bulk"),
    path("applications/members/", views.member_lookup, name="member_lookup"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/review/", views.application_review, name="application_review"),
    path("applications/<int:pk>/publish/", views.application_publish, name="application_publish"),
    path("applications/<int:pk>/account/", views.application_account, name="application_account"),
    path("applications/<int:pk>/files/<int:attachment_pk>/", views.application_attachment,
         name="application_attachment"),
    path("batches/", views.BatchList.as_view(), name="batch_list"),
    path("batches/layout/", views.layout_edit, name="layout"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/file/", views.batch_file, name="batch_file"),
    path("batches/<int:pk>/result/", views.batch_result, name="batch_result"),
    path("batches/<int:pk>/reissue/", views.batch_reissue, name="batch_reissue"),
    path("visits/", views.VisitList.as_view(), name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/photos/<int:photo_pk>/", views.visit_photo, name="visit_photo"),
    path("report/", year_report_views.year_report_page, name="year_report"),
    path("my/", views.my_assistance, name="my"),
    path("my/apply/<int:programme_pk>/", views.my_apply, name="my_apply"),
]
