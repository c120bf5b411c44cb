from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django_tenants.middleware.main import TenantMainMiddleware

from .views import unknown_host


class MunicipalityMiddleware(TenantMainMiddleware):
    """django-tenants' routing by host, with our 404 page for hosts it cannot route.

    django-tenants answers a host outside ALLOWED_HOSTS with an empty 404; a person who
    mistyped an address deserves the same helpful page as for an unknown municipality.
    """

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        try:
            self.hostname_from_request(request)
        except DisallowedHost:
            connection.set_schema_to_public()
            return unknown_host(request)
        return super().process_request(request)
