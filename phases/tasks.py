import logging
import smtplib

from celery import shared_task
from django_tenants.utils import get_tenant_model, tenant_context

from .notifications import gate_event_notify, gate_reminders_send

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=5)
def notify_gate_event(event_id: int) -> int:
    """Mail the people who act next on a gate decision; returns how many were mailed."""
    return gate_event_notify(event_id=event_id)


@shared_task
def gate_reminders() -> int:
    """Remind the leads of every municipality of sign-offs that wait (queued by Celery beat in
    the public schema); how many mails went out. A mail server that fails leaves the phase
    unmarked, and the next beat tries again; the other municipalities are reminded still."""
    sent = 0
    for municipality in get_tenant_model().objects.exclude(schema_name="public"):
        with tenant_context(municipality):
            try:
                sent += gate_reminders_send()
            except (smtplib.SMTPException, OSError):
                logger.exception("Gate reminders of %s not sent", municipality.schema_name)
    return sent
