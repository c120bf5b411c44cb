from django.urls import path

from . import views

app_name = "library_offer"
urlpatterns = [path("offer/", views.offer, name="offer")]
