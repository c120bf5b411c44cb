from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from .permissions import can_create_municipality, can_manage_staff, can_read_audit_log
from .selectors import public_site_url


def navigation(request: HttpRequest) -> dict:
    tenant = getattr(request, "tenant", None)
    on_municipality_site = tenant is not None and tenant.schema_name != "public"
    # Error pages raised before authentication (an unknown host) have no user yet.
    user = getattr(request, "user", AnonymousUser())
    return {
        "municipality": tenant if on_municipality_site else None,
        "on_municipality_site": on_municipality_site,
        # Absolute: error pages on an unknown host must lead back to the consultancy's site.
        "public_site_url": public_site_url(request),
        "nav_can_create_municipality": can_create_municipality(user),
        "nav_can_read_audit_log": can_read_audit_log(user),
        "nav_can_manage_staff": can_manage_staff(user),
    }
