"""Mails about gate decisions, and reminders of sign-offs that wait. Run by Celery in the
municipality's schema."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Membership, Role
from engagements.selectors import municipality_link

from .models import GateEvent, Phase
from .selectors import pending_submission

if TYPE_CHECKING:
    from reports.models import ReportVersion

# Who acts next: a submission goes to the leads who sign, a decision back to the consultants.
RECIPIENT_ROLES = {
    GateEvent.Kind.SUBMITTED: [Role.LEAD],
    GateEvent.Kind.APPROVED: [Role.CONSULTANT, Role.LEAD],
    GateEvent.Kind.RETURNED: [Role.CONSULTANT],
    GateEvent.Kind.REOPENED: [Role.CONSULTANT, Role.LEAD],
}


def _document(event: GateEvent) -> "ReportVersion | None":
    """The version of the phase's document the mail names: for a submission the newest one,
    which the lead is to review; for an approval the one the lead reviewed. None if none."""
    # Imported here: reports builds on phases, and phases loads without it (as phase_approve).
    from reports.models import GateReview
    from reports.selectors import ready_versions_of_phase

    if event.kind == GateEvent.Kind.SUBMITTED:
        return ready_versions_of_phase(event.phase.number).first()
    if event.kind == GateEvent.Kind.APPROVED:
        review = GateReview.objects.filter(gate_event=event).select_related("report_version")
        return next((found.report_version for found in review), None)
    return None


def gate_event_notify(*, event_id: int) -> int:
    """Send the mails for one gate event, at most once even if the task runs twice.

    The event is claimed under a row lock and marked as notified in the same transaction
    that sends; if sending fails the transaction rolls back and the retry finds it unclaimed.
    """
    with transaction.atomic():
        event = (
            GateEvent.objects.select_for_update(skip_locked=True)
            .select_related("phase")
            .filter(pk=event_id, notified_at__isnull=True)
            .first()
        )
        if event is None:
            return 0
        sent = _mail(event, RECIPIENT_ROLES[event.kind], reminder=False)
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
    return sent


def gate_reminders_send(*, now: datetime | None = None) -> int:
    """Remind the leads of a sign-off that has waited settings.GATE_REMINDER_DAYS since its
    submission, and again after as many days more; how many mails went out. Each phase is
    claimed under a row lock and marked in the transaction that sends, as gate_event_notify
    does: however often it runs, a lead gets one reminder per period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.GATE_REMINDER_DAYS)
    due = Q(review_reminded_at__isnull=True) | Q(review_reminded_at__lte=cutoff)
    sent = 0
    for phase_id in Phase.objects.filter(due, state=Phase.State.IN_REVIEW).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            phase = (
                Phase.objects.select_for_update(skip_locked=True)
                .filter(due, pk=phase_id, state=Phase.State.IN_REVIEW)
                .first()
            )
            submission = phase and pending_submission(phase)
            if submission is None or submission.created_at > cutoff:
                continue
            sent += _mail(submission, [Role.LEAD], reminder=True)
            phase.review_reminded_at = now
            phase.save(update_fields=["review_reminded_at"])
    return sent


def _mail(event: GateEvent, roles: list[str], *, reminder: bool) -> int:
    """Mail the active members of `roles` but the event's actor about `event`, each in their
    language; how many."""
    municipality = connection.tenant
    recipients = (
        Membership.objects.filter(
            municipality_id=municipality.pk, role__in=roles, user__is_active=True
        )
        .exclude(user_id=event.actor_id)
        .select_related("user")
    )
    link = municipality_link(municipality, event.phase.get_absolute_url())
    document = _document(event)
    document_link = document and municipality_link(
        municipality,
        f"{reverse('reports:download', args=[document.phase_number])}?version={document.number}",
    )
    messages = []
    for membership in recipients:
        user = membership.user
        context = {
            "event": event,
            "reminder": reminder,
            "phase": event.phase,
            "municipality": municipality,
            "recipient": user,
            "link": link,
            "document": document,
            "document_link": document_link,
        }
        with translation.override(user.language):
            subject = render_to_string("emails/gate_event_subject.txt", context).strip()
            body = render_to_string("emails/gate_event.txt", context)
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    send_mass_mail(messages, fail_silently=False)
    return len(messages)
