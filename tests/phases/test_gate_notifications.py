"""Mails after a gate decision: who gets them, once only, and a retry after a failed send.

Tasks run eagerly in tests and are queued after commit, so each decision is made inside
django_capture_on_commit_callbacks(execute=True).
"""

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import User
from phases import services
from phases.models import Activity, GateEvent, Phase
from phases.notifications import gate_event_notify
from phases.tasks import notify_gate_event
from tests.conftest import persona


def phase_1() -> Phase:
    return Phase.objects.get(number=1)


def ready() -> Phase:
    Activity.objects.filter(phase__number=1).update(status=Activity.Status.DONE)
    return phase_1()


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def in_review(in_alpha) -> Phase:
    # Queued but never run: the test transaction does not commit outside the capture below.
    services.phase_submit_for_review(phase=ready(), actor=persona("carla"))
    return phase_1()


def test_submitting_mails_the_leads_of_that_municipality_only(
    in_alpha, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        event = services.phase_submit_for_review(
            phase=ready(), actor=persona("carla"), comment="Please sign"
        )

    assert recipients() == ["leo@example.org"]
    message = mail.outbox[0]
    assert "Altstadt" in message.subject
    assert phase_1().title in message.subject
    assert "Please sign" in message.body
    assert "alpha.localhost" in message.body and "/phases/1/" in message.body
    event.refresh_from_db()
    assert event.notified_at is not None


def test_submission_in_the_other_municipality_mails_its_own_lead(
    beta, django_capture_on_commit_callbacks
) -> None:
    with schema_context(beta.schema_name):
        connection.set_tenant(beta)
        Activity.objects.filter(phase__number=1).update(status=Activity.Status.DONE)
        with django_capture_on_commit_callbacks(execute=True):
            services.phase_submit_for_review(phase=phase_1(), actor=persona("bert"))

    assert recipients() == ["berta@example.org"]
    assert "Bergdorf" in mail.outbox[0].subject


def test_approval_mails_the_consultants_not_the_approver(
    in_review, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.phase_approve(phase=in_review, actor=persona("leo"), comment="Agreed")

    assert recipients() == ["carla@example.org"]
    assert "Agreed" in mail.outbox[0].body


def test_sending_back_mails_the_consultants(in_review, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.phase_return(phase=in_review, actor=persona("leo"), comment="Add the IT plan")

    assert recipients() == ["carla@example.org"]
    assert "Add the IT plan" in mail.outbox[0].body


def test_reopening_mails_consultants_and_leads_except_who_reopened(
    in_review, django_capture_on_commit_callbacks
) -> None:
    services.phase_approve(phase=in_review, actor=persona("leo"))

    with django_capture_on_commit_callbacks(execute=True):
        services.phase_reopen(phase=phase_1(), actor=persona("carla"), reason="Scope changed")

    assert recipients() == ["leo@example.org"]


def test_deactivated_accounts_get_no_mail(in_alpha, django_capture_on_commit_callbacks) -> None:
    User.objects.filter(email="leo@example.org").update(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        event = services.phase_submit_for_review(phase=ready(), actor=persona("carla"))

    assert mail.outbox == []
    event.refresh_from_db()
    assert event.notified_at is not None


def test_refused_transition_queues_no_mail(in_alpha, django_capture_on_commit_callbacks) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        services.phase_approve(phase=phase_1(), actor=persona("leo"))

    assert callbacks == []
    assert mail.outbox == []


def test_running_the_task_twice_for_one_event_sends_nothing_the_second_time(
    in_alpha, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        event = services.phase_submit_for_review(phase=ready(), actor=persona("carla"))
    event.refresh_from_db()
    first_notified_at = event.notified_at

    again = notify_gate_event.apply(args=[event.pk], headers={"_schema_name": in_alpha.schema_name})

    assert again.get() == 0
    assert len(mail.outbox) == 1
    event.refresh_from_db()
    assert event.notified_at == first_notified_at


def failing_once(monkeypatch) -> list[int]:
    """Make the next send raise OSError (an unreachable mail server), then send normally."""
    attempts: list[int] = []
    send = EmailBackend.send_messages

    def flaky(self, messages):
        attempts.append(len(messages))
        if len(attempts) == 1:
            raise OSError("Connection refused")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    return attempts


def test_failed_send_leaves_the_event_unnotified_so_a_retry_sends(in_alpha, monkeypatch) -> None:
    event = services.phase_submit_for_review(phase=ready(), actor=persona("carla"))
    attempts = failing_once(monkeypatch)

    with pytest.raises(OSError):
        gate_event_notify(event_id=event.pk)

    event.refresh_from_db()
    assert event.notified_at is None
    assert mail.outbox == []

    assert gate_event_notify(event_id=event.pk) == 1

    event.refresh_from_db()
    assert event.notified_at is not None
    assert recipients() == ["leo@example.org"]
    assert attempts == [1, 1]


def test_task_asks_for_a_retry_when_sending_fails_and_the_retry_mails_once(
    in_alpha, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    attempts = failing_once(monkeypatch)

    # Eagerly run, the task raises the Retry that a worker would schedule.
    with pytest.raises(Retry), django_capture_on_commit_callbacks(execute=True):
        event = services.phase_submit_for_review(phase=ready(), actor=persona("carla"))

    event.refresh_from_db()
    assert event.notified_at is None
    assert mail.outbox == []

    retry = notify_gate_event.apply(args=[event.pk], headers={"_schema_name": in_alpha.schema_name})

    assert retry.get() == 1
    assert attempts == [1, 1]
    assert recipients() == ["leo@example.org"]
    event.refresh_from_db()
    assert event.notified_at is not None


def test_notification_of_an_unknown_event_sends_nothing(in_alpha) -> None:
    assert gate_event_notify(event_id=987654) == 0
    assert mail.outbox == []
    assert not GateEvent.objects.filter(pk=987654).exists()


def test_the_submission_mail_names_the_document_to_review_with_its_link(
    in_alpha, django_capture_on_commit_callbacks
) -> None:
    from tests.reports.test_gate_review import a_version

    a_version(number=1)
    newest = a_version(number=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.phase_submit_for_review(phase=ready(), actor=persona("carla"))

    body = mail.outbox[0].body  # Leo reads German
    assert "Zu prüfendes Dokument: Ergebnispräsentation Phase 1, Version 2 vom" in body
    assert f"alpha.localhost/reports/1/download/?version={newest.number}" in body


def test_without_a_document_the_submission_mail_says_so(
    in_alpha, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.phase_submit_for_review(phase=ready(), actor=persona("carla"))

    assert "Für diese Phase wurde noch kein Dokument erstellt." in mail.outbox[0].body
    assert "/reports/" not in mail.outbox[0].body


def test_the_approval_mail_names_the_document_the_lead_reviewed(
    in_review, django_capture_on_commit_callbacks
) -> None:
    from tests.reports.test_gate_review import a_version

    reviewed = a_version(number=1)
    a_version(number=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.phase_approve(phase=in_review, actor=persona("leo"), reviewed_report=reviewed.pk)

    body = mail.outbox[0].body
    assert "Geprüftes Dokument: Ergebnispräsentation Phase 1, Version 1:" in body
    assert "/reports/1/download/?version=1" in body and "?version=2" not in body
