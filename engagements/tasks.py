from celery import shared_task
from django.core.cache import cache
from django_tenants.utils import schema_context

from .models import Municipality
from .summaries import refresh_pending_key, summary_refresh


@shared_task
def municipality_summary_refresh(schema_name: str) -> bool:
    """Refresh one municipality's portfolio summary; idempotent, so a redelivery does no harm."""
    with schema_context("public"):
        cache.delete(refresh_pending_key(schema_name))
    municipality = Municipality.objects.filter(schema_name=schema_name).first()
    if municipality is None:
        return False
    summary_refresh(municipality=municipality)
    return True
