from django.urls import path

from . import views

app_name = "engagements"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("due/", views.due_this_week, name="due"),
    path("municipalities/new/", views.municipality_create_view, name="create"),
    path("municipalities/<slug:slug>/", views.municipality_detail, name="detail"),
    path("municipalities/<slug:slug>/logo/", views.municipality_logo, name="logo"),
    path("municipalities/<slug:slug>/members/new/", views.member_add, name="member_add"),
    path(
        "municipalities/<slug:slug>/members/<int:membership_id>/",
        views.member_change,
        name="member_change",
    ),
]
