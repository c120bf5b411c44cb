from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    # A document is the deliverable of one phase: the phase number addresses it.
    path("<int:number>/request/", views.report_request_view, name="request"),
    path("<int:number>/retry/", views.report_retry_view, name="retry"),
    path("<int:number>/status/", views.status, name="status"),
    path("<int:number>/download/", views.download, name="download"),
]
