"""Invitations and reminders: queued in bulk, each mail sent by its own idempotent task.

A mail is claimed with a conditional UPDATE (queued → sending) before it is sent, so a task
delivered twice, or retried after its mail went out, finds nothing to claim and sends nothing.
A worker lost between claiming and recording leaves the row "being sent": we then do not know
whether the mail left, and never sending twice wins over maybe sending once (the consultant
sees the row and may send it again by hand).
"""

import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.celery_app import enqueue_after_commit
from engagements.models import Municipality
from engagements.selectors import municipality_link

from ..models import AccessToken, Recipient, Survey, token_hash

Status = Recipient.MailStatus
INVITATION, REMINDER = "invitation", "reminder"


def _queue(survey: Survey, kind: str, recipients) -> list[int]:
    from ..tasks import send_survey_mail  # the tasks module imports this one

    field = "invitation_status" if kind == INVITATION else "reminder_status"
    ids = list(recipients.values_list("pk", flat=True))
    Recipient.objects.filter(pk__in=ids).update(
        **{field: Status.QUEUED, "last_error": ""},
        **({"invitation_queued_at": timezone.now()} if kind == INVITATION else {}),
    )
    for pk in ids:
        enqueue_after_commit(send_survey_mail, pk, kind)
    return ids


def _require_open(survey: Survey) -> None:
    from django.core.exceptions import ValidationError

    if not survey.is_open():
        raise ValidationError(_("Invitations and reminders go out while the survey is open."))


@transaction.atomic
def invitations_queue(*, survey: Survey, retry_failed: bool = False) -> int:
    """Queue an invitation to everyone not yet invited (and, if asked, those whose mail failed)."""
    _require_open(survey)
    statuses = [Status.NONE, Status.FAILED] if retry_failed else [Status.NONE]
    recipients = Recipient.objects.filter(
        survey=survey, invitation_status__in=statuses, answered=False
    ).exclude(email="")
    return len(_queue(survey, INVITATION, recipients))


@transaction.atomic
def reminders_queue(*, survey: Survey, invited_before=None) -> int:
    """Queue a reminder to everyone invited who has not answered; never to those who have."""
    _require_open(survey)
    recipients = (
        Recipient.objects.filter(survey=survey, invitation_status=Status.SENT, answered=False)
        .exclude(email="")
        .exclude(reminder_status__in=[Status.QUEUED, Status.SENDING])
    )
    if invited_before is not None:
        recipients = recipients.filter(invited_at__lte=invited_before, reminders_sent=0)
    return len(_queue(survey, REMINDER, recipients))


def reminders_queue_due(now=None) -> int:
    """The scheduled reminder: once, `remind_after_days` after the invitation."""
    now = now or timezone.now()
    queued = 0
    for survey in Survey.objects.filter(state=Survey.State.OPEN, remind_after_days__isnull=False):
        if survey.is_open(now):
            cutoff = now - timezone.timedelta(days=survey.remind_after_days)
            queued += reminders_queue(survey=survey, invited_before=cutoff)
    return queued


def _claim(recipient_id: int, kind: str) -> bool:
    field = "invitation_status" if kind == INVITATION else "reminder_status"
    claimed = (
        Recipient.objects.filter(
            pk=recipient_id,
            answered=False,
            survey__state=Survey.State.OPEN,
            **{field: Status.QUEUED},
        )
        .exclude(email="")
        .update(**{field: Status.SENDING, "attempts": F("attempts") + 1})
    )
    return claimed == 1


def survey_mail_send(*, recipient_id: int, kind: str) -> bool:
    """Send one invitation or reminder if it is still due; returns whether a mail went out.

    Raises the SMTP error after putting the row back in the queue, so the task can retry.
    """
    with transaction.atomic():
        if not _claim(recipient_id, kind):
            return False
        recipient = Recipient.objects.select_related("survey").get(pk=recipient_id)
        token = secrets.token_urlsafe(32)
        AccessToken.objects.create(recipient=recipient, token_hash=token_hash(token))
    message = _message(recipient, kind, token)
    field = "invitation_status" if kind == INVITATION else "reminder_status"
    try:
        message.send(fail_silently=False)
    except Exception as error:
        with transaction.atomic():
            AccessToken.objects.filter(token_hash=token_hash(token)).delete()
            Recipient.objects.filter(pk=recipient_id).update(
                **{field: Status.QUEUED, "last_error": f"{type(error).__name__}: {error}"[:500]}
            )
        raise
    now = timezone.now()
    if kind == INVITATION:
        update = {"invitation_status": Status.SENT, "invited_at": now, "last_error": ""}
    else:
        update = {
            "reminder_status": Status.SENT,
            "reminded_at": now,
            "reminders_sent": F("reminders_sent") + 1,
            "last_error": "",
        }
    Recipient.objects.filter(pk=recipient_id).update(**update)
    return True


def survey_mail_give_up(*, recipient_id: int, kind: str, error: str) -> None:
    """After the last retry: show the failure on the recipient's row."""
    field = "invitation_status" if kind == INVITATION else "reminder_status"
    Recipient.objects.filter(pk=recipient_id, **{field: Status.QUEUED}).update(
        **{field: Status.FAILED, "last_error": error[:500]}
    )


def _message(recipient: Recipient, kind: str, token: str) -> EmailMessage:
    # By schema name: in a task or a shell the connection may carry only a placeholder tenant.
    municipality = Municipality.objects.get(schema_name=connection.schema_name)
    survey = recipient.survey
    link = municipality_link(municipality, reverse("surveys:token", args=[token]))
    with translation.override(municipality.language):
        context = {
            "survey": survey,
            "municipality": municipality,
            "link": link,
            "closes_at": survey.closes_at,
            "reminder": kind == REMINDER,
        }
        subject = render_to_string("emails/survey_invitation_subject.txt", context).strip()
        body = render_to_string("emails/survey_invitation.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def recipients_requeue_stuck(*, survey: Survey) -> int:
    """The consultant's explicit choice to send again mails whose worker was lost mid-send."""
    _require_open(survey)
    stuck = Recipient.objects.filter(survey=survey, answered=False).filter(
        Q(invitation_status=Status.SENDING) | Q(invitation_status=Status.FAILED)
    )
    with transaction.atomic():
        return len(_queue(survey, INVITATION, stuck))
