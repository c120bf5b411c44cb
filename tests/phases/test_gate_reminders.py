"""A sign-off that waits reminds the municipal leads: after GATE_REMINDER_DAYS, once per period
however often the beat runs, never after the decision, each municipality its own leads."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

from django.core import mail
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format
from django_tenants.utils import tenant_context

from phases import services
from phases.models import Activity, GateEvent, Phase
from phases.notifications import gate_reminders_send
from phases.tasks import gate_reminders
from tests.conftest import browser_of, persona


def submitted(days_ago: int) -> Phase:
    """Phase 1 of the current municipality, submitted `days_ago` days ago by its consultant."""
    Activity.objects.filter(phase__number=1).update(status=Activity.Status.DONE)
    consultant = persona("carla" if connection.schema_name == "alpha" else "bert")
    phase = Phase.objects.get(number=1)
    event = services.phase_submit_for_review(phase=phase, actor=consultant, comment="Bitte")
    GateEvent.objects.filter(pk=event.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return Phase.objects.get(number=1)


def both_submitted_nine_days_ago(*municipalities) -> None:
    for municipality in municipalities:
        with tenant_context(municipality):
            submitted(days_ago=9)
    mail.outbox.clear()


def test_a_sign_off_waiting_a_week_reminds_the_lead_once_per_week(in_alpha, settings):
    settings.GATE_REMINDER_DAYS = 7
    phase = submitted(days_ago=8)

    assert gate_reminders_send() == 1
    (reminder,) = mail.outbox
    assert reminder.to == ["leo@example.org"]
    assert f"„{phase.title}“ wartet noch auf Ihre Freigabe" in reminder.subject
    assert "noch auf Ihre Entscheidung" in reminder.body and "/phases/1/" in reminder.body
    # The beat runs every hour: nothing more this week, the next one a week later.
    assert gate_reminders_send() == 0
    assert gate_reminders_send(now=timezone.now() + timedelta(days=6)) == 0
    assert gate_reminders_send(now=timezone.now() + timedelta(days=7, hours=1)) == 1
    assert len(mail.outbox) == 2


def test_a_fresh_submission_or_a_decided_phase_reminds_nobody(in_alpha, settings):
    settings.GATE_REMINDER_DAYS = 7
    phase = submitted(days_ago=3)

    assert gate_reminders_send() == 0
    services.phase_approve(phase=phase, actor=persona("leo"))
    assert gate_reminders_send(now=timezone.now() + timedelta(days=30)) == 0
    assert not [message for message in mail.outbox if "Freigabe" in message.subject]


def test_a_phase_sent_back_and_submitted_again_waits_from_the_new_submission(in_alpha, settings):
    settings.GATE_REMINDER_DAYS = 7
    phase = submitted(days_ago=10)
    assert gate_reminders_send() == 1
    services.phase_return(phase=phase, actor=persona("leo"), comment="Zahlen fehlen")
    services.phase_submit_for_review(phase=Phase.objects.get(number=1), actor=persona("carla"))

    # The last reminder is more than a week old, but the new submission is not.
    assert gate_reminders_send(now=timezone.now() + timedelta(days=6)) == 0
    assert gate_reminders_send(now=timezone.now() + timedelta(days=8)) == 1


def test_the_beat_task_reminds_each_municipality_s_own_leads(alpha, beta, settings):
    settings.GATE_REMINDER_DAYS = 7
    both_submitted_nine_days_ago(alpha, beta)

    assert gate_reminders.apply().get() == 2

    assert sorted(address for message in mail.outbox for address in message.to) == [
        "berta@example.org",
        "leo@example.org",
    ]
    bergdorf = next(m for m in mail.outbox if m.to == ["berta@example.org"])
    assert "Bergdorf" in bergdorf.subject and "wartet noch auf Ihre Freigabe" in bergdorf.subject
    assert "alpha" not in bergdorf.body


def test_a_failing_mail_server_reminds_again_at_the_next_beat(alpha, beta, settings):
    settings.GATE_REMINDER_DAYS = 7
    both_submitted_nine_days_ago(alpha, beta)

    with mock.patch("phases.notifications.send_mass_mail", side_effect=SMTPServerDisconnected):
        assert gate_reminders.apply().get() == 0
    assert gate_reminders.apply().get() == 2  # neither phase was marked


def test_the_pages_say_when_the_lead_was_reminded_of_this_submission(in_alpha, settings):
    settings.GATE_REMINDER_DAYS = 7
    told = "The lead was reminded by e-mail on"
    phase = submitted(days_ago=8)
    assert told not in browser_of("carla", in_alpha).get("/").content.decode()

    gate_reminders_send()
    today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")

    for path in ("/", "/phases/1/"):
        page = browser_of("carla", in_alpha).get(path).content.decode()
        assert f"{told} {today}." in page, path
    # The lead is asked to decide, not told about herself.
    assert told not in browser_of("leo", in_alpha).get("/").content.decode()
    # Sent back and submitted again: that reminder was about the earlier submission.
    services.phase_return(phase=phase, actor=persona("leo"), comment="Zahlen fehlen")
    services.phase_submit_for_review(phase=Phase.objects.get(number=1), actor=persona("carla"))
    for path in ("/", "/phases/1/"):
        assert told not in browser_of("carla", in_alpha).get(path).content.decode(), path
