from django.urls import path

from . import views

app_name = "interviews"
urlpatterns = [
    path("", views.synthesis, name="synthesis"),
    path("findings/", views.finding_list, name="findings"),
    path("findings/new/", views.finding_create, name="finding_create"),
    path("findings/<int:pk>/", views.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/delete/", views.finding_delete, name="finding_delete"),
    path("documents/", views.document_list, name="documents"),
    path("documents/upload/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/review/", views.document_review, name="document_review"),
    path("documents/<int:pk>/file/", views.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("guides/", views.guide_list, name="guides"),
    path("guides/<int:pk>/", views.guide_detail, name="guide_detail"),
    path("guides/<int:pk>/edit/", views.guide_edit, name="guide_edit"),
    path("guides/<int:pk>/copy/", views.guide_copy, name="guide_copy"),
    path("interviews/", views.interview_list, name="interviews"),
    path("interviews/new/", views.interview_create, name="interview_create"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/notes/", views.interview_notes, name="interview_notes"),
    path("interviews/<int:pk>/notes/<int:note>/code/", views.note_code, name="note_code"),
    path("interviews/<int:pk>/delete/", views.interview_delete, name="interview_delete"),
    path("maturity/", views.maturity, name="maturity"),
    path("maturity/<int:topic>/", views.maturity_rate, name="maturity_rate"),
    path("results/", views.results, name="results"),
]
