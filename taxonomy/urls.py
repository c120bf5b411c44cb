from django.urls import path

from . import views

app_name = "taxonomy"
urlpatterns = [
    path("", views.taxonomy, name="index"),
    path("dimensions/new/", views.dimension_edit, name="dimension_create"),
    path("dimensions/<int:pk>/", views.dimension_edit, name="dimension_edit"),
    path("dimensions/<int:pk>/delete/", views.dimension_delete, name="dimension_delete"),
    path("topics/new/", views.topic_edit, name="topic_create"),
    path("topics/<int:pk>/", views.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/delete/", views.topic_delete, name="topic_delete"),
]
