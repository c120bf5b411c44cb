"""Celery entry points for surveys: mails, and the periodic housekeeping of every municipality."""

from celery import shared_task
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import get_tenant_model, schema_context

from engagements.summaries import summary_refresh_after_commit

from .models import Survey
from .results import counts_bring_up_to_date
from .services.lifecycle import surveys_close_due, surveys_emails_erase_due
from .services.mailing import (
    invitations_send_due,
    recipients_mark_interrupted,
    reminders_queue_due,
    survey_mail_give_up,
    survey_mail_send,
)
from .services.responding import counts_pending_key, recipients_unlink

MAX_RETRIES = 5


@shared_task(bind=True, max_retries=MAX_RETRIES)
def send_survey_mail(self, recipient_id: int, kind: str) -> bool:
    """Send one invitation or reminder; a redelivered or retried task never mails twice."""
    try:
        return survey_mail_send(recipient_id=recipient_id, kind=kind)
    except Exception as error:
        if self.request.retries >= self.max_retries:
            survey_mail_give_up(
                recipient_id=recipient_id, kind=kind, error=f"{type(error).__name__}: {error}"
            )
            return False
        # 30 s, 60 s, 120 s, … : an SMTP server that hiccups gets time to recover.
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 600)) from error


@shared_task
def survey_counts_bring_up_to_date(survey_id: int) -> None:
    """Count a survey's new responses for its results (queued after they are stored), unlink
    their recipients (recipients_unlink), and refresh the portfolio's response rate."""
    cache.delete(counts_pending_key(survey_id))
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is not None:
        recipients_unlink(survey_id=survey.pk)
        counts_bring_up_to_date(survey)
        summary_refresh_after_commit(connection.schema_name)


@shared_task
def surveys_housekeeping() -> dict[str, int]:
    """Close surveys past their date, send scheduled invitations and due reminders, erase
    addresses past retention, and show as failed the mails a lost worker left "being sent".

    Queued by Celery beat in the public schema; visits every municipality's schema in turn.
    """
    totals = {"closed": 0, "invitations": 0, "reminders": 0, "erased": 0, "interrupted": 0}
    municipalities = get_tenant_model().objects.exclude(schema_name="public")
    for schema_name in municipalities.values_list("schema_name", flat=True):
        with schema_context(schema_name):
            totals["interrupted"] += recipients_mark_interrupted()
            totals["closed"] += surveys_close_due()
            totals["invitations"] += invitations_send_due()
            totals["reminders"] += reminders_queue_due()
            totals["erased"] += surveys_emails_erase_due()
    return totals
