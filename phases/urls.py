from django.urls import path

from . import views, views_meetings

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
    # Meetings and events of the phases; council sessions.
    path("meetings/", views_meetings.meeting_list, name="meeting_list"),
    path(
        "phases/<int:number>/meetings/new/",
        views_meetings.meeting_create,
        name="meeting_create",
    ),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views_meetings.meeting_delete, name="meeting_delete"),
    path(
        "meetings/<int:pk>/calendar.ics",
        views_meetings.meeting_calendar,
        name="meeting_calendar",
    ),
    path(
        "meetings/<int:pk>/participants/",
        views_meetings.participant_create,
        name="participant_create",
    ),
    path("participants/<int:pk>/", views_meetings.participant_edit, name="participant_edit"),
    path(
        "participants/<int:pk>/delete/",
        views_meetings.participant_delete,
        name="participant_delete",
    ),
    path("meetings/<int:pk>/decisions/", views_meetings.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views_meetings.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/delete/", views_meetings.decision_delete, name="decision_delete"),
    path("meetings/<int:pk>/tasks/", views_meetings.follow_up_create, name="follow_up_create"),
    path("council/", views_meetings.council_list, name="council_list"),
    path("council/new/", views_meetings.council_create, name="council_create"),
    path("council/<int:pk>/", views_meetings.council_edit, name="council_edit"),
    path("council/<int:pk>/delete/", views_meetings.council_delete, name="council_delete"),
]
