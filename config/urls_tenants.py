"""A municipality's own site at <slug>.BASE_DOMAIN."""

from django.urls import include, path

from accounts.views import handoff_view, language_view, logout_view
from engagements.views import tenant_logo

urlpatterns = [
    path("", include("phases.urls")),
    path("taxonomy/", include("taxonomy.urls")),
    path("", include("surveys.urls")),
    path("benchmark/", include("engagements.urls_tenant")),
    path("library/", include("library.urls_tenant")),
    path("reports/", include("reports.urls")),
    path("analysis/", include("interviews.urls")),
    path("roadmap/", include("roadmap.urls")),
    path("handoff/", handoff_view, name="handoff"),
    path("logout/", logout_view, name="logout"),
    path("branding/logo/", tenant_logo, name="logo"),
    path("i18n/setlang/", language_view, name="set_language"),
]
