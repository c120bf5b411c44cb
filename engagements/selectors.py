from django.conf import settings
from django.db.models import QuerySet

from accounts.models import User

from .models import Municipality


def municipalities_for(user: User) -> QuerySet[Municipality]:
    """The municipalities a user can reach: all for firm admins, else those with a membership."""
    municipalities = Municipality.objects.exclude(schema_name="public")
    if not user.is_firm_admin:
        municipalities = municipalities.filter(memberships__user=user)
    return municipalities.order_by("name")


def municipality_link(municipality: Municipality, path: str = "/") -> str:
    """An absolute link into a municipality's site, for mails sent outside a request."""
    domain = municipality.domains.filter(is_primary=True).values_list("domain", flat=True).first()
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{domain}{port}{path}"
