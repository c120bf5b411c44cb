"""Invitations and reminders: one mail each, never twice, failures shown per recipient."""

import re
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django_tenants.utils import schema_context, tenant_context

from surveys.models import Recipient, Survey
from surveys.services import mailing
from surveys.services.lifecycle import survey_close, survey_emails_erase, surveys_emails_erase_due
from surveys.tasks import send_survey_mail, surveys_housekeeping
from tests.conftest import signed_in_client
from tests.surveys.factories import group, small_survey

pytestmark = pytest.mark.django_db
Status = Recipient.MailStatus


def listed(survey: Survey, *emails: str, group_key: str = "employees") -> list[Recipient]:
    return [
        Recipient.objects.create(survey=survey, group=group(group_key), email=email)
        for email in emails
    ]


def link_in(message) -> str:
    return re.search(r"https?://\S+/s/(\S+)/", message.body).group(1)


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
        "django.core.mail.EmailMessage.send", side_effect=SMTPException("mailbox unavailable")
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


def test_nothing_is_sent_for_a_closed_survey(in_alpha):
    survey = small_survey()
    (anna,) = listed(survey, "anna@example.org")
    Recipient.objects.filter(pk=anna.pk).update(invitation_status=Status.QUEUED)
    survey_close(survey=survey)

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
    assert re.search(r'<a href="https?://alpha\.localhost[^"]*/s/[\w-]+/"', page)
