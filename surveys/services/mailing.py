"""Invitations and reminders: queued in bulk, each mail sent by its own idempotent task.

A mail is claimed with a conditional UPDATE (queued → sending) before it is sent, so a task
delivered twice, or retried after its mail went out, finds nothing to claim and sends nothing.
Once the mail server has taken a mail it counts as sent, whatever then happens to the
connection; only a mail the server never took is tried again. Where we cannot know whether a
mail left (a worker lost between claiming and recording), never sending twice wins over maybe
sending once: the housekeeping marks the row failed with a note saying so, and the consultant
decides whether to send it again.
"""

import logging
import secrets
import smtplib
import traceback
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from config.celery_app import enqueue_after_commit
from engagements.models import Municipality
from engagements.selectors import municipality_link

from ..models import AccessToken, Recipient, Survey, token_hash
from .lifecycle import refuse_unopenable, survey_open
from .recipients import address_problem

logger = logging.getLogger(__name__)

Status = Recipient.MailStatus
INVITATION, REMINDER = "invitation", "reminder"


def _field(kind: str) -> str:
    return "invitation_status" if kind == INVITATION else "reminder_status"


def _queue(survey: Survey, kind: str, recipients) -> list[int]:
    from ..tasks import send_survey_mail  # the tasks module imports this one

    field = _field(kind)
    ids = list(recipients.values_list("pk", flat=True))
    Recipient.objects.filter(pk__in=ids).update(
        **{field: Status.QUEUED, "last_error": ""},
        **({"invitation_queued_at": timezone.now()} if kind == INVITATION else {}),
    )
    for pk in ids:
        enqueue_after_commit(send_survey_mail, pk, kind)
    return ids


def _require_open(survey: Survey) -> None:
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


@dataclass(frozen=True)
class AddressCorrected:
    recipient: Recipient  # a new row if a link had gone out: see recipient_address_correct
    invited: bool  # a new invitation is on its way


@transaction.atomic
def recipient_address_correct(*, recipient: Recipient, email: str) -> AddressCorrected:
    """Put a recipient's address right (a typo, a mail that bounced).

    A link mailed to the old address may have reached someone else: it stops working, and so
    does a questionnaire begun with it, since the recipient is replaced by a new row, with
    nothing of the old one's mail history. On an open survey the corrected address gets a new
    invitation at once; one not invited yet gets it with the others.
    """
    recipient = Recipient.objects.select_for_update().select_related("survey").get(pk=recipient.pk)
    survey, email = recipient.survey, email.strip()
    if survey.state == Survey.State.CLOSED:
        raise ValidationError(_("The survey is closed: its list no longer changes."))
    if recipient.answered:
        raise ValidationError(_("This recipient has answered: there is nothing to send."))
    if not recipient.email:
        raise ValidationError(_("The addresses of this survey have been erased."))
    if recipient.mail_on_its_way:
        raise ValidationError(
            _("A mail to this address is on its way; correct it once the mail has gone or failed.")
        )
    if problem := address_problem(email):
        raise ValidationError(capfirst(problem) + ".")
    if email == recipient.email:
        raise ValidationError(_("This is the address on the list."))
    if survey.recipients.filter(email__iexact=email).exclude(pk=recipient.pk).exists():
        raise ValidationError(_("%(email)s is on this survey's list already.") % {"email": email})
    if recipient.invitation_status == Status.NONE:
        recipient.email = email
        recipient.save(update_fields=["email"])
        return AddressCorrected(recipient, invited=False)
    corrected = Recipient.objects.create(
        survey=survey, group=recipient.group, department=recipient.department, email=email
    )
    recipient.delete()  # with its links
    invited = survey.is_open() and bool(
        _queue(survey, INVITATION, Recipient.objects.filter(pk=corrected.pk))
    )
    return AddressCorrected(corrected, invited=invited)


DECLINE_SALT = "surveys.decline"


def decline_value(recipient: Recipient) -> str:
    """The signed part of a recipient's "no more mails" address (the mails' List-Unsubscribe).

    Signed, not stored: it names the recipient and the municipality's schema, so it works on
    that municipality's site only, and for as long as the recipient is on the list."""
    return signing.dumps([connection.schema_name, recipient.pk], salt=DECLINE_SALT)


def recipient_for_decline(value: str) -> Recipient | None:
    """The recipient a decline_value names, if it was signed here for this municipality."""
    try:
        schema, recipient_id = signing.loads(value, salt=DECLINE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if schema != connection.schema_name or not isinstance(recipient_id, int):
        return None
    return Recipient.objects.select_related("survey").filter(pk=recipient_id).first()


def recipient_decline(*, recipient_id: int) -> None:
    """The recipient will not take part (said from the questionnaire): no more reminders."""
    Recipient.objects.filter(pk=recipient_id, answered=False, declined_at=None).update(
        declined_at=timezone.now()
    )


def next_working_morning(now=None) -> datetime:
    """The next working day at eight, local time: when invitations are read, not buried."""
    day = timezone.localdate(now) + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(8)))


@transaction.atomic
def invitations_schedule(*, survey: Survey, at: datetime) -> Survey:
    """Have the invitations go out at `at`, to everyone on the list not invited by then; a
    draft opens at that time. What would stop it is refused now, as far as it can be known."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if at <= timezone.now():
        raise ValidationError(_("Choose a time in the future."))
    if survey.state == Survey.State.CLOSED:
        raise ValidationError(_("The survey is closed."))
    if survey.closes_at and survey.closes_at <= at:
        raise ValidationError(
            _("The survey closes before then (%(closes)s): choose an earlier time.")
            % {
                "closes": formats.date_format(
                    timezone.localtime(survey.closes_at), "DATETIME_FORMAT"
                )
            }
        )
    if survey.state == Survey.State.DRAFT:
        refuse_unopenable(survey, at=at)
    survey.invitations_scheduled_at = at
    survey.schedule_problem = ""
    survey.save(update_fields=["invitations_scheduled_at", "schedule_problem"])
    return survey


def invitations_schedule_cancel(*, survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(invitations_scheduled_at=None, schedule_problem="")


def invitations_send_due(now=None) -> int:
    """Open the drafts and send the invitations whose time has come; how many were queued.
    Run by the housekeeping every quarter of an hour."""
    now = now or timezone.now()
    due = Survey.objects.filter(invitations_scheduled_at__lte=now).values_list("pk", flat=True)
    return sum(_scheduled_send(survey_id, now) for survey_id in due)


@transaction.atomic
def _scheduled_send(survey_id: int, now: datetime) -> int:
    survey = Survey.objects.select_for_update().get(pk=survey_id)
    if survey.invitations_scheduled_at is None or survey.invitations_scheduled_at > now:
        return 0  # cancelled, or sent by another run, meanwhile
    problem, queued = "", 0
    try:
        with transaction.atomic():
            if survey.state == Survey.State.DRAFT:
                survey = survey_open(survey=survey)
            queued = invitations_queue(survey=survey)
    except ValidationError as error:
        # The draft was changed since it was scheduled: the consultant is told on its pages.
        problem = " ".join(error.messages)
    Survey.objects.filter(pk=survey_id).update(
        invitations_scheduled_at=None, schedule_problem=problem
    )
    return queued


@transaction.atomic
def reminders_queue(*, survey: Survey, due: datetime | None = None) -> int:
    """Queue a reminder to everyone invited who has not answered; never to those who have.

    `due` (the scheduled reminders): only those whose last mail, invitation or reminder, went
    out by then and who have had fewer than the survey's automatic reminders."""
    _require_open(survey)
    recipients = (
        Recipient.objects.filter(
            survey=survey, invitation_status=Status.SENT, answered=False, declined_at=None
        )
        .exclude(email="")
        .exclude(reminder_status__in=[Status.QUEUED, Status.SENDING])
    )
    if due is not None:
        # A failed reminder waits for the consultant: it may have been interrupted after it
        # left, and trying it again unasked could send it twice.
        recipients = (
            recipients.alias(last_mail=Coalesce("reminded_at", "invited_at"))
            .filter(last_mail__lte=due, reminders_sent__lt=survey.automatic_reminders)
            .exclude(reminder_status=Status.FAILED)
        )
    return len(_queue(survey, REMINDER, recipients))


def reminders_queue_due(now=None) -> int:
    """The scheduled reminders: `remind_after_days` after the last mail, as many as the survey
    has automatic reminders."""
    now = now or timezone.now()
    queued = 0
    for survey in Survey.objects.filter(state=Survey.State.OPEN, remind_after_days__isnull=False):
        if survey.is_open(now):
            due = now - timezone.timedelta(days=survey.remind_after_days)
            queued += reminders_queue(survey=survey, due=due)
    return queued


def _claim(recipient_id: int, kind: str) -> bool:
    claimed = (
        Recipient.objects.filter(
            Q(survey__closes_at__isnull=True) | Q(survey__closes_at__gt=timezone.now()),
            pk=recipient_id,
            answered=False,
            survey__state=Survey.State.OPEN,
            **{_field(kind): Status.QUEUED},
            # A reminder queued before its recipient declined stays unsent.
            **({"declined_at": None} if kind == REMINDER else {}),
        )
        .exclude(email="")
        .update(**{_field(kind): Status.SENDING, "attempts": F("attempts") + 1})
    )
    return claimed == 1


class UnconfirmedHandOver(Exception):
    """The connection broke while the mail server was taking the mail: it may have kept it."""


def _broke_during_data(error: BaseException) -> bool:
    # A refusal is an answer: the server kept nothing. A connection that breaks inside the DATA
    # exchange may break after the server stored the mail and before its "250" reached us (a
    # slow content filter outlasting EMAIL_TIMEOUT), so the mail may well be on its way.
    if isinstance(error, smtplib.SMTPResponseException):
        return False
    data = smtplib.SMTP.data.__code__
    return any(frame.f_code is data for frame, _line in traceback.walk_tb(error.__traceback__))


def _close(backend: BaseEmailBackend) -> None:
    # By now the server has taken the mail or refused it; a QUIT that times out or a connection
    # already gone changes neither, and must not turn a sent mail into one sent again.
    try:
        backend.close()
    except Exception:
        logger.warning("Closing the connection to the mail server failed", exc_info=True)


def _hand_over(message: EmailMessage) -> None:
    """Give the mail to the mail server; returns once the server has accepted it.

    The connection is opened and closed here, not inside `message.send()`: Django's SMTP
    backend closes it in a `finally` after the server accepted the mail, and an error from that
    close would surface as a failed send.
    """
    backend = get_connection(fail_silently=False)
    try:
        backend.open()
        backend.send_messages([message])
    except Exception as error:
        if _broke_during_data(error):
            raise UnconfirmedHandOver(f"{type(error).__name__}: {error}") from error
        raise
    finally:
        _close(backend)


def _record_sent(recipient_id: int, kind: str, note: str = "") -> None:
    now = timezone.now()
    if kind == INVITATION:
        update = {"invitation_status": Status.SENT, "invited_at": now, "last_error": note}
    else:
        update = {
            "reminder_status": Status.SENT,
            "reminded_at": now,
            "reminders_sent": F("reminders_sent") + 1,
            "last_error": note,
        }
    Recipient.objects.filter(pk=recipient_id).update(**update)


@transaction.atomic
def _withdraw(recipient_id: int, kind: str, token: str, status: str, error: str) -> None:
    """The mail did not leave: its link goes, the row shows why."""
    AccessToken.objects.filter(token_hash=token_hash(token)).delete()
    Recipient.objects.filter(pk=recipient_id).update(
        **{_field(kind): status, "last_error": error[:500]}
    )


def survey_mail_send(*, recipient_id: int, kind: str) -> bool:
    """Send one invitation or reminder if it is still due; returns whether a mail went out.

    Raises the SMTP error after putting the row back in the queue, so the task can retry; that
    happens only when the server never took the mail.
    """
    with transaction.atomic():
        if not _claim(recipient_id, kind):
            return False
        recipient = Recipient.objects.select_related("survey").get(pk=recipient_id)
        token = secrets.token_urlsafe(32)
        AccessToken.objects.create(recipient=recipient, token_hash=token_hash(token))
    try:
        message = _message(recipient, kind, token)
    except Exception as error:
        # A broken template or missing data: a retry would build the same broken mail.
        logger.exception("The %s to recipient %s could not be composed", kind, recipient_id)
        failure = _("The mail could not be composed: %(error)s") % {
            "error": f"{type(error).__name__}: {error}"
        }
        _withdraw(recipient_id, kind, token, Status.FAILED, failure)
        return False
    try:
        _hand_over(message)
    except UnconfirmedHandOver:
        logger.warning("The %s to recipient %s went unconfirmed", kind, recipient_id, exc_info=True)
        # Its link stays valid: the person may well have the mail.
        note = _(
            "The mail server did not confirm this mail before the connection broke; it has "
            "probably arrived."
        )
        _record_sent(recipient_id, kind, note=note)
        return True
    except Exception as error:
        _withdraw(recipient_id, kind, token, Status.QUEUED, f"{type(error).__name__}: {error}")
        raise
    _record_sent(recipient_id, kind)
    return True


def survey_mail_give_up(*, recipient_id: int, kind: str, error: str) -> None:
    """After the last retry: show the failure on the recipient's row."""
    Recipient.objects.filter(pk=recipient_id, **{_field(kind): Status.QUEUED}).update(
        **{_field(kind): Status.FAILED, "last_error": error[:500]}
    )


def recipients_mark_interrupted(now: datetime | None = None) -> int:
    """Rows a lost worker left "being sent": marked failed, with a note, for the consultant.

    Whether such a mail left is not known, so it is never sent again unasked; the consultant
    sees the failure and may send it again (“Try failed invitations again”, or a reminder).
    """
    now = now or timezone.now()
    # The hard time limit ends any task that runs longer, so an older claim belongs to no
    # running task; twice the limit leaves room for clocks that differ between hosts.
    cutoff = now - 2 * timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    # A claim and its mail's token are made in one transaction: the token's time is the claim's.
    claimed_lately = AccessToken.objects.filter(recipient=OuterRef("pk"), created_at__gt=cutoff)
    note = _(
        "Sending was interrupted, so this mail may or may not have arrived. Sending it again may "
        "give the person a second copy."
    )
    marked = 0
    for field in ("invitation_status", "reminder_status"):
        marked += (
            Recipient.objects.filter(**{field: Status.SENDING})
            .exclude(Exists(claimed_lately))
            .update(**{field: Status.FAILED, "last_error": note})
        )
    return marked


def _municipality() -> Municipality:
    # By schema name: in a task or a shell the connection may carry only a placeholder tenant.
    return Municipality.objects.get(schema_name=connection.schema_name)


def _mail_languages(survey: Survey, municipality: Municipality) -> list[str]:
    """The languages of a survey's mails: the survey's, the municipality's first."""
    return sorted(survey.languages, key=lambda code: code != municipality.language)


def _mail_text(survey: Survey, municipality: Municipality, kind: str, link: str) -> tuple[str, str]:
    """Subject and body of an invitation or reminder, in each language the survey speaks, the
    municipality's first: one reads it in the language one answers in. Each language's link
    opens the survey in it; the letter of a language without one gives way to the standard
    words (never to the letter in the other language)."""
    languages = _mail_languages(survey, municipality)
    privacy = municipality_link(municipality, reverse("surveys:privacy"))
    subjects, bodies = [], []
    for language in languages:
        with translation.override(language):
            context = {
                "survey": survey,
                "letter": getattr(survey, f"invitation_{language}"),
                "municipality": municipality,
                "link": f"{link}?lang={language}" if len(languages) > 1 else link,
                "closes_at": survey.closes_at,
                "reminder": kind == REMINDER,
                "privacy_link": f"{privacy}?lang={language}",
            }
            subject = render_to_string("emails/survey_invitation_subject.txt", context)
            subjects.append(" ".join(subject.split()))
            bodies.append(render_to_string("emails/survey_invitation.txt", context).strip())
    if len(languages) == 1:
        return subjects[0], bodies[0] + "\n"
    with translation.override(languages[1]):
        # Translated as "(English version below)", "(Deutsche Fassung weiter unten)".
        below = _("(The version in this language is below.)")
    body = f"{below}\n\n{bodies[0]}\n\n{'―' * 24}\n\n{bodies[1]}\n"
    return " / ".join(subjects), body


@dataclass(frozen=True)
class Envelope:
    """Who a survey mail is from, and where a reply goes: a respondent opens a mail from their
    town rather than from a tool, and asks their question of the town, not of a no-reply box.
    The address itself stays the platform's (DEFAULT_FROM_EMAIL), which may send for it."""

    sender: str
    reply_to: list[str]


def _envelope(municipality: Municipality) -> Envelope:
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return Envelope(
        # Readable, quoted where needed; encoded for the wire when the mail is written.
        sender=str(Address(display_name=municipality.name, addr_spec=address)),
        reply_to=[municipality.contact_email] if municipality.contact_email else [],
    )


@dataclass(frozen=True)
class MailPreview:
    envelope: Envelope
    subject: str
    body: str


def mail_preview(survey: Survey, kind: str = INVITATION) -> MailPreview:
    """The invitation (or reminder) as a recipient reads it, with a stand-in for the link."""
    municipality = _municipality()
    # "…" where each recipient's token goes, unescaped: reverse() would encode it.
    link = municipality_link(municipality, reverse("surveys:token", args=["TOKEN"]))
    subject, body = _mail_text(survey, municipality, kind, link.replace("TOKEN", "…"))
    return MailPreview(_envelope(municipality), subject, body)


def _message(recipient: Recipient, kind: str, token: str) -> EmailMessage:
    municipality = _municipality()
    link = municipality_link(municipality, reverse("surveys:token", args=[token]))
    subject, body = _mail_text(recipient.survey, municipality, kind, link)
    envelope = _envelope(municipality)
    decline = municipality_link(
        municipality, reverse("surveys:decline_link", args=[decline_value(recipient)])
    )
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=envelope.sender,
        to=[recipient.email],
        reply_to=envelope.reply_to,
        headers={
            "Auto-Submitted": "auto-generated",
            # The mail program's own "unsubscribe", one click (RFC 8058), as large mailbox
            # providers expect of mail sent to many: no more reminders about this survey.
            "List-Unsubscribe": f"<{decline}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
