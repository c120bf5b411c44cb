from django.urls import path

from . import views

app_name = "phases"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("phases/<int:number>/", views.phase_detail, name="detail"),
    path(
        "phases/<int:number>/<str:transition>/",
        views.phase_transition,
        name="transition",
    ),
    path("phases/<int:number>/activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/move/", views.activity_move, name="activity_move"),
]
