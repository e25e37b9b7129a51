from django.urls import path

from . import views

app_name = "hardship"
urlpatterns = [
    path("", views.HardshipList.as_view(), name="list"),
    path("new/", views.create, name="create"),
    path("bulk/", views.bulk_review, name="bulk"),
    path("mine/", views.my_files, name="mine"),
    path("publicity/", views.publicity, name="publicity"),
    path("publicity.pdf", views.publicity_pdf, name="publicity_pdf"),
    path("dibao/", views.DibaoList.as_view(), name="dibao_list"),
    path("dibao/new/", views.dibao_create, name="dibao_create"),
    path("dibao/<int:pk>/edit/", views.dibao_edit, name="dibao_edit"),
    path("objections/<int:pk>/decide/", views.decide_objection, name="decide_objection"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/objection/", views.objection, name="objection"),
    path("<int:pk>/exit/", views.exit_file, name="exit"),
    path("<int:pk>/income/", views.income, name="income"),
    path("<int:pk>/recheck/", views.recheck, name="recheck"),
    path("<int:pk>/return/", views.return_file, name="return"),
    path("<int:pk>/attach/", views.attach, name="attach"),
]
