"""The consultancy's own site at BASE_DOMAIN: login, municipalities, firm administration."""

from django.contrib import admin
from django.urls import include, path

from accounts.views import language_view

urlpatterns = [
    path("", include("engagements.urls")),
    path("", include("accounts.urls")),
    path("library/", include("library.urls")),
    path("i18n/setlang/", language_view, name="set_language"),
    path("admin/", admin.site.urls),
]
