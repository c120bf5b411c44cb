"""Reads for accounts: where a user may go, addresses of the two kinds of site, the audit log."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.request import split_domain_port

from .models import AuditEntry, Membership, User


def _origin(request: HttpRequest, host: str) -> str:
    """Scheme and port as the browser used them (from the Host header), with another host."""
    try:
        _, port = split_domain_port(request.get_host())
    except DisallowedHost:
        port = ""
    return f"{request.scheme}://{host}{':' + port if port else ''}"


def public_site_url(request: HttpRequest, path: str = "/") -> str:
    return _origin(request, settings.BASE_DOMAIN) + path


def municipality_site_url(request: HttpRequest, municipality, path: str = "/") -> str:
    domain = municipality.domains.filter(is_primary=True).values_list("domain", flat=True).first()
    return _origin(request, domain or f"{municipality.slug}.{settings.BASE_DOMAIN}") + path


def members_of(municipality) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(municipality=municipality)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def audit_entries(
    *,
    municipality_id: int | None = None,
    action: str = "",
    actor: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if municipality_id:
        entries = entries.filter(municipality_id=municipality_id)
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(actor_email__icontains=actor)
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    return entries


def firm_staff() -> QuerySet[User]:
    return User.objects.filter(is_firm_staff=True).order_by("-is_active", "full_name")
