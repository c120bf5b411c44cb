"""Invitations and reminders: one mail each, never twice, failures shown per recipient."""

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from smtplib import SMTPException
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.template import TemplateSyntaxError
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from surveys.models import AccessToken, Recipient, Survey, token_hash
from surveys.services import mailing
from surveys.services.lifecycle import survey_close, survey_emails_erase, surveys_emails_erase_due
from surveys.tasks import send_survey_mail, surveys_housekeeping
from tests.conftest import browser_of, signed_in_client
from tests.integration.test_celery_worker import SmtpSink, _free_port
from tests.surveys.factories import group, small_survey

pytestmark = pytest.mark.django_db
Status = Recipient.MailStatus
PROJECT = Path(__file__).resolve().parents[2]


@dataclass
class MailServer(SmtpSink):
    """The worker tests' SMTP sink, able to misbehave as real mail servers do."""

    busy_for: int = 0  # how many times MAIL is answered "try again later"
    refusal: str = ""  # the answer to RCPT, e.g. a bounce
    seconds_before_accepting: float = 0.0  # between storing a mail and saying "250"

    async def handle_MAIL(self, server, session, envelope, address, mail_options) -> str:
        if self.busy_for:
            self.busy_for -= 1
            return "421 4.3.2 Busy, try again later"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if self.refusal:
            return self.refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(self.seconds_before_accepting)
        return reply


@pytest.fixture
def mail_server(settings, monkeypatch) -> Iterator[MailServer]:
    """Mails leave by real SMTP to a server in this process; tasks retry inline."""
    from config.celery_app import app

    server = MailServer(port=_free_port())
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_TIMEOUT = 1
    # Eager retries run inline; propagating would stop at the first.
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    yield server
    controller.stop()


def listed(survey: Survey, *emails: str, group_key: str = "employees") -> list[Recipient]:
    return [
        Recipient.objects.create(survey=survey, group=group(group_key), email=email)
        for email in emails
    ]


def link_in(message) -> str:
    return re.search(r"https?://\S+/s/(\S+)/", message.body).group(1)


def german_part(body: str) -> str:
    return body.split("\n\n", 1)[1]


def test_each_recipient_gets_one_invitation_with_a_personal_working_link(
    alpha, in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    listed(survey, "anna@example.org", "ben@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.invitations_queue(survey=survey) == 2

    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ben@example.org"]
    tokens = {link_in(m) for m in mail.outbox}
    assert len(tokens) == 2 and all(len(t) >= 43 for t in tokens)
    assert all("Digital town (de)" in m.subject for m in mail.outbox)  # Altstadt speaks German
    assert set(Recipient.objects.values_list("invitation_status", flat=True)) == {Status.SENT}
    browser = signed_in_client(None, alpha)
    assert browser.get(f"/s/{tokens.pop()}/")["Location"] == "/s/respond/"
    assert not any(t in str(list(Recipient.objects.values())) for t in tokens)


def test_a_redelivered_or_retried_task_sends_no_second_mail(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    (anna,) = listed(survey, "anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)

    send_survey_mail.apply(args=[anna.pk, "invitation"])
    send_survey_mail.apply(args=[anna.pk, "invitation"])

    assert len(mail.outbox) == 1
    assert anna.tokens.count() == 1


def test_a_mail_claimed_by_a_lost_worker_is_not_sent_again_by_a_redelivery(in_alpha):
    survey = small_survey()
    (anna,) = listed(survey, "anna@example.org")
    Recipient.objects.filter(pk=anna.pk).update(invitation_status=Status.SENDING)

    assert mailing.survey_mail_send(recipient_id=anna.pk, kind="invitation") is False

    assert mail.outbox == []


def test_an_smtp_failure_is_retried_and_then_shown_on_the_recipient(in_alpha, monkeypatch):
    from config.celery_app import app

    # Eager retries run inline; propagating would stop at the first.
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    survey = small_survey()
    (anna,) = listed(survey, "anna@example.org")
    Recipient.objects.filter(pk=anna.pk).update(invitation_status=Status.QUEUED)

    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=SMTPException("mailbox unavailable"),
    ) as send:
        send_survey_mail.apply(args=[anna.pk, "invitation"], throw=False)

    anna.refresh_from_db()
    assert send.call_count == 6  # the first try and five retries
    assert anna.invitation_status == Status.FAILED
    assert "mailbox unavailable" in anna.last_error
    assert not anna.tokens.exists()


def test_reminders_go_only_to_those_who_have_not_answered(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    anna, ben = listed(survey, "anna@example.org", "ben@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)
    Recipient.objects.filter(pk=ben.pk).update(answered=True)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.reminders_queue(survey=survey) == 1

    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert "Reminder" in mail.outbox[0].subject or "Erinnerung" in mail.outbox[0].subject
    anna.refresh_from_db()
    assert anna.reminders_sent == 1 and anna.tokens.count() == 2


def test_mails_speak_the_municipality_s_language(beta, django_capture_on_commit_callbacks):
    with tenant_context(beta):
        survey = small_survey()
        listed(survey, "bea@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            mailing.invitations_queue(survey=survey)

    assert "asks for your view" in mail.outbox[0].subject
    assert "Your personal link" in mail.outbox[0].body


def test_the_scheduled_reminder_reaches_non_respondents_once_the_days_have_passed(
    in_alpha, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    survey = small_survey()
    Survey.objects.filter(pk=survey.pk).update(remind_after_days=7)
    anna, ben = listed(survey, "anna@example.org", "ben@example.org")
    Recipient.objects.filter(pk=anna.pk).update(
        invitation_status=Status.SENT, invited_at=timezone.now() - timedelta(days=8)
    )
    Recipient.objects.filter(pk=ben.pk).update(
        invitation_status=Status.SENT, invited_at=timezone.now() - timedelta(days=2)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.reminders_queue_due() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.reminders_queue_due() == 0

    assert [m.to for m in mail.outbox] == [["anna@example.org"]]


def test_further_automatic_reminders_follow_the_last_mail_up_to_the_survey_s_number(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    Survey.objects.filter(pk=survey.pk).update(remind_after_days=7, automatic_reminders=3)

    def days_ago(days: int):
        return timezone.now() - timedelta(days=days)

    people = listed(survey, *(f"{name}@example.org" for name in ("anna", "ben", "carl", "dora")))
    for person, reminded, sent in zip(people, (8, 3, 8, None), (1, 1, 3, 0), strict=True):
        Recipient.objects.filter(pk=person.pk).update(
            invitation_status=Status.SENT,
            invited_at=days_ago(22),
            reminder_status=Status.SENT if sent else Status.NONE,
            reminded_at=days_ago(reminded) if reminded else None,
            reminders_sent=sent,
        )

    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.reminders_queue_due() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.reminders_queue_due() == 0  # a week after these, the next

    # anna: a week since her first reminder; dora: never reminded. ben was reminded three days
    # ago, carl has had all three.
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "dora@example.org"]
    assert Recipient.objects.get(email="anna@example.org").reminders_sent == 2


def test_a_reminder_sent_by_hand_counts_and_puts_off_the_automatic_one(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    Survey.objects.filter(pk=survey.pk).update(remind_after_days=7, automatic_reminders=2)
    (anna,) = listed(survey, "anna@example.org")
    Recipient.objects.filter(pk=anna.pk).update(
        invitation_status=Status.SENT, invited_at=timezone.now() - timedelta(days=10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.reminders_queue(survey=survey) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.reminders_queue_due() == 0  # the last mail went out just now

    Recipient.objects.filter(pk=anna.pk).update(reminded_at=timezone.now() - timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.reminders_queue_due() == 1
    Recipient.objects.filter(pk=anna.pk).update(reminded_at=timezone.now() - timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.reminders_queue_due() == 0  # two reminders in all: the number is reached
    assert Recipient.objects.get(pk=anna.pk).reminders_sent == 2


@pytest.mark.parametrize("number", ["0", "4"])
def test_the_number_of_automatic_reminders_is_one_to_three(alpha, in_alpha, number):
    survey = small_survey()
    browser = browser_of("carla", alpha)
    form = browser.get(f"/surveys/{survey.pk}/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(automatic_reminders=number, remind_after_days="7")

    page = browser.post(f"/surveys/{survey.pk}/edit/", data)

    assert page.status_code == 200
    assert "Ensure this value is" in page.content.decode()
    assert Survey.objects.get(pk=survey.pk).automatic_reminders == 1


def test_nothing_is_sent_for_a_closed_survey(in_alpha):
    survey = small_survey()
    (anna,) = listed(survey, "anna@example.org")
    Recipient.objects.filter(pk=anna.pk).update(invitation_status=Status.QUEUED)
    survey_close(survey=survey)

    assert mailing.survey_mail_send(recipient_id=anna.pk, kind="invitation") is False
    assert mail.outbox == []
    # No longer "on its way" for good: it will not go out.
    anna.refresh_from_db()
    assert anna.invitation_status == Status.NONE


def test_nothing_is_sent_past_the_closing_date_before_the_survey_is_closed(in_alpha):
    survey = small_survey()
    (anna,) = listed(survey, "anna@example.org")
    Recipient.objects.filter(pk=anna.pk).update(invitation_status=Status.QUEUED)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(seconds=1))

    assert mailing.survey_mail_send(recipient_id=anna.pk, kind="invitation") is False
    assert mail.outbox == []


def test_addresses_are_erased_after_the_retention_period_and_responses_stay(in_alpha):
    from datetime import timedelta

    from django.utils import timezone

    from surveys.models import Response

    survey = small_survey()
    listed(survey, "anna@example.org")
    Response.objects.create(
        survey=survey, group=group("employees"), channel="personal", language="de"
    )
    survey_close(survey=survey)
    Survey.objects.filter(pk=survey.pk).update(closed_at=timezone.now() - timedelta(days=89))
    assert surveys_emails_erase_due() == 0

    Survey.objects.filter(pk=survey.pk).update(closed_at=timezone.now() - timedelta(days=91))
    assert surveys_emails_erase_due() == 1

    assert list(Recipient.objects.values_list("email", flat=True)) == [""]
    assert Response.objects.filter(survey=survey).count() == 1
    survey.refresh_from_db()
    assert survey.emails_erased_at is not None


def test_addresses_of_an_open_survey_are_not_erased_on_request(in_alpha):
    from django.core.exceptions import ValidationError

    survey = small_survey()
    listed(survey, "anna@example.org")

    with pytest.raises(ValidationError):
        survey_emails_erase(survey=survey)


def test_the_housekeeping_task_visits_every_municipality(alpha, beta):
    from datetime import timedelta

    from django.utils import timezone

    for municipality in (alpha, beta):
        with schema_context(municipality.schema_name):
            survey = small_survey()
            Survey.objects.filter(pk=survey.pk).update(
                closes_at=timezone.now() - timedelta(hours=1)
            )

    totals = surveys_housekeeping.apply().get()

    assert totals["closed"] == 2


def test_in_local_runs_the_outbox_page_shows_sent_mails_with_clickable_links(
    alpha, in_alpha, settings, tmp_path, django_capture_on_commit_callbacks
):
    from tests.conftest import browser_of

    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    survey = small_survey()
    listed(survey, "anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)

    page = browser_of("carla", alpha).get("/surveys/outbox/").content.decode()

    assert "anna@example.org" in page
    assert re.search(r'<a href="https?://alpha\.localhost[^"]*/s/[\w-]+/\?lang=de"', page)


def _invited_through_the_task(survey: Survey, email: str) -> Recipient:
    (person,) = listed(survey, email)
    Recipient.objects.filter(pk=person.pk).update(invitation_status=Status.QUEUED)
    send_survey_mail.apply(args=[person.pk, "invitation"], throw=False)
    person.refresh_from_db()
    return person


def _link_works(alpha, body: str) -> bool:
    token = re.search(r"https?://\S+/s/(\S+)/", body).group(1)
    return signed_in_client(None, alpha).get(f"/s/{token}/")["Location"] == "/s/respond/"


def test_a_mail_the_server_accepted_is_not_sent_again_when_saying_goodbye_times_out(
    alpha, in_alpha, mail_server
):
    survey = small_survey()

    with mock.patch("smtplib.SMTP.quit", side_effect=TimeoutError("timed out")):
        anna = _invited_through_the_task(survey, "anna@example.org")

    assert len(mail_server.mails) == 1
    assert anna.invitation_status == Status.SENT and anna.last_error == ""
    assert _link_works(alpha, mail_server.mails[0].body)


def test_a_mail_the_server_took_but_confirmed_too_late_is_not_sent_again_and_says_so(
    alpha, in_alpha, mail_server
):
    mail_server.seconds_before_accepting = 3  # longer than EMAIL_TIMEOUT
    survey = small_survey()

    anna = _invited_through_the_task(survey, "anna@example.org")

    assert len(mail_server.mails) == 1
    assert anna.invitation_status == Status.SENT
    assert "did not confirm" in anna.last_error
    assert _link_works(alpha, mail_server.mails[0].body)


def test_a_mail_the_server_never_took_is_tried_again_and_arrives_once(in_alpha, mail_server):
    mail_server.busy_for = 1
    survey = small_survey()

    anna = _invited_through_the_task(survey, "anna@example.org")

    assert len(mail_server.mails) == 1
    assert anna.invitation_status == Status.SENT and anna.tokens.count() == 1


def test_a_mail_that_cannot_be_composed_shows_as_failed_with_its_error(alpha, in_alpha):
    survey = small_survey()

    with mock.patch(
        "surveys.services.mailing.render_to_string",
        side_effect=TemplateSyntaxError("Invalid block tag 'endblok'"),
    ):
        anna = _invited_through_the_task(survey, "anna@example.org")

    assert mail.outbox == []
    assert anna.invitation_status == Status.FAILED and not anna.tokens.exists()
    page = browser_of("carla", alpha).get(f"/surveys/{survey.pk}/recipients/").content.decode()
    assert "The mail could not be composed" in page and "endblok" in page
    assert "Try failed invitations again" in page


def _claimed(recipient: Recipient, ago: timedelta, field: str = "invitation_status") -> None:
    """As a worker's claim leaves a row: being sent, with the new mail's token made then."""
    Recipient.objects.filter(pk=recipient.pk).update(**{field: Status.SENDING})
    AccessToken.objects.create(
        recipient=recipient,
        token_hash=token_hash(f"claimed-{recipient.pk}-{field}"),
        created_at=timezone.now() - ago,
    )


def test_a_mail_left_being_sent_by_a_lost_worker_shows_as_failed_and_can_be_sent_again(
    alpha, in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    anna, ben = listed(survey, "anna@example.org", "ben@example.org")
    _claimed(anna, ago=timedelta(hours=1))  # its worker is long gone
    _claimed(ben, ago=timedelta(seconds=5))  # its worker is sending right now

    surveys_housekeeping.apply()

    anna.refresh_from_db()
    ben.refresh_from_db()
    assert mail.outbox == []  # nobody is mailed again unasked
    assert anna.invitation_status == Status.FAILED and "interrupted" in anna.last_error
    assert ben.invitation_status == Status.SENDING
    browser = browser_of("carla", alpha)
    page = browser.get(f"/surveys/{survey.pk}/recipients/").content.decode()
    assert "1 failed" in page and "may or may not have arrived" in page

    with django_capture_on_commit_callbacks(execute=True):
        browser.post(f"/surveys/{survey.pk}/invitations/", {"retry_failed": "1"})

    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    anna.refresh_from_db()
    assert anna.invitation_status == Status.SENT and anna.last_error == ""


def test_an_interrupted_reminder_is_not_sent_again_by_the_scheduled_reminder(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    Survey.objects.filter(pk=survey.pk).update(remind_after_days=7)
    (anna,) = listed(survey, "anna@example.org")
    Recipient.objects.filter(pk=anna.pk).update(
        invitation_status=Status.SENT, invited_at=timezone.now() - timedelta(days=8)
    )
    _claimed(anna, ago=timedelta(hours=1), field="reminder_status")

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            surveys_housekeeping.apply()

    anna.refresh_from_db()
    assert mail.outbox == []
    assert anna.reminder_status == Status.FAILED and "interrupted" in anna.last_error


def _settings_in_a_new_process(**environment: str) -> subprocess.CompletedProcess:
    show = "from django.conf import settings as s; print(s.EMAIL_USE_SSL, s.EMAIL_TIMEOUT)"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {show}"],
        cwd=PROJECT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_smtps_and_the_smtp_timeout_are_set_from_the_environment():
    started = _settings_in_a_new_process(EMAIL_USE_SSL="true", EMAIL_TIMEOUT="7")

    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["True", "7"]


def test_starttls_and_smtps_together_stop_the_start_with_a_clear_error():
    started = _settings_in_a_new_process(EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")

    assert started.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL are both set" in started.stderr


def test_the_invitation_letter_and_its_signature_replace_the_standard_words(
    alpha, in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    Survey.objects.filter(pk=survey.pk).update(
        invitation_de="Liebe Kolleginnen und Kollegen,\n\nwie digital arbeiten wir?",
        signature_de="Anna Bürgermeister, Bürgermeisterin",
    )
    _anna, ben = listed(survey, "anna@example.org", "ben@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)
    Recipient.objects.filter(pk=ben.pk).update(answered=True)
    invitation = mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mailing.reminders_queue(survey=survey)
    reminder = mail.outbox[0].body

    for body in (invitation, reminder):
        assert "Liebe Kolleginnen und Kollegen,\n\nwie digital arbeiten wir?" in body
        assert "Hallo," not in body  # the letter brings its own greeting
        assert "Anna Bürgermeister, Bürgermeisterin\nAltstadt" in body
        assert re.search(r"/s/\S+/", body) and "anonym" in body
    # The German part (the municipality's language) comes first; the survey speaks English too.
    assert not german_part(invitation).startswith("Eine Erinnerung")
    assert german_part(reminder).startswith("Eine Erinnerung von Altstadt")


def test_a_plain_text_mail_shows_ampersands_and_brackets_as_written(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    Survey.objects.filter(pk=survey.pk).update(
        title_de="Bürger & Verwaltung <digital>", invitation_de="Fragen? „Ruf & Rat“"
    )
    listed(survey, "anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)

    assert "Bürger & Verwaltung <digital>" in mail.outbox[0].subject
    assert "„Ruf & Rat“" in mail.outbox[0].body and "&amp;" not in mail.outbox[0].body


def test_the_recipients_page_previews_the_invitation_as_it_will_be_sent(alpha, in_alpha):
    survey = small_survey()
    Survey.objects.filter(pk=survey.pk).update(
        invitation_de="Liebe Kolleginnen und Kollegen, bitte machen Sie mit.",
        signature_de="Anna Bürgermeister",
    )

    page = browser_of("carla", alpha).get(f"/surveys/{survey.pk}/recipients/").content.decode()

    preview = page.split('id="mail-preview"')[1].split("</details>")[0]
    assert "Liebe Kolleginnen und Kollegen, bitte machen Sie mit." in preview
    assert "Anna Bürgermeister" in preview and "/s/…/" in preview
    assert "Digital town (de)" in preview  # the subject, in the municipality's language
