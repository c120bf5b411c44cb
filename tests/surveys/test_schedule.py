"""Invitations at a chosen time: a draft opens then, and nobody is invited twice."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from surveys.models import Question, Recipient, Survey
from surveys.services import mailing
from surveys.services.lifecycle import survey_close, survey_open
from surveys.tasks import surveys_housekeeping
from tests.conftest import browser_of
from tests.surveys.factories import small_survey
from tests.surveys.test_mailing import listed

pytestmark = pytest.mark.django_db

IN_AN_HOUR = timedelta(hours=1)


def run_due(django_capture_on_commit_callbacks, after: timedelta = IN_AN_HOUR * 2) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return mailing.invitations_send_due(now=timezone.now() + after)


def test_a_scheduled_draft_opens_and_invites_everyone_listed_when_its_time_comes(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey(state=Survey.State.DRAFT)
    listed(survey, "anna@example.org")
    mailing.invitations_schedule(survey=survey, at=timezone.now() + IN_AN_HOUR)
    listed(survey, "ben@example.org")  # added after scheduling: invited all the same

    early = run_due(django_capture_on_commit_callbacks, after=timedelta(minutes=30))
    assert early == 0 and mail.outbox == []
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.DRAFT

    sent = run_due(django_capture_on_commit_callbacks)

    survey.refresh_from_db()
    assert sent == 2 and survey.state == Survey.State.OPEN
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ben@example.org"]
    assert survey.invitations_scheduled_at is None and survey.schedule_problem == ""
    assert run_due(django_capture_on_commit_callbacks) == 0 and len(mail.outbox) == 2


def test_for_an_open_survey_only_those_not_yet_invited_get_one(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    listed(survey, "anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)
    listed(survey, "ben@example.org")
    mailing.invitations_schedule(survey=survey, at=timezone.now() + IN_AN_HOUR)

    run_due(django_capture_on_commit_callbacks)

    assert [m.to[0] for m in mail.outbox] == ["anna@example.org", "ben@example.org"]


def test_the_housekeeping_sends_what_is_due(in_alpha, django_capture_on_commit_callbacks):
    survey = small_survey()
    listed(survey, "anna@example.org")
    Survey.objects.filter(pk=survey.pk).update(
        invitations_scheduled_at=timezone.now() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        totals = surveys_housekeeping()

    assert totals["invitations"] == 1 and [m.to[0] for m in mail.outbox] == ["anna@example.org"]


@pytest.mark.parametrize(
    "when, message",
    [
        (timedelta(minutes=-5), "in the future"),
        (timedelta(days=20), "closes before then"),
    ],
)
def test_a_time_in_the_past_or_after_the_closing_is_refused(in_alpha, when, message):
    survey = small_survey()
    survey.closes_at = timezone.now() + timedelta(days=10)
    survey.save(update_fields=["closes_at"])

    with pytest.raises(ValidationError, match=message):
        mailing.invitations_schedule(survey=survey, at=timezone.now() + when)

    assert Survey.objects.get(pk=survey.pk).invitations_scheduled_at is None


def test_a_draft_that_could_not_open_or_a_closed_survey_is_not_scheduled(in_alpha):
    untranslated = small_survey(state=Survey.State.DRAFT)
    Question.objects.filter(survey=untranslated, key="grade").update(text_en="")
    closed = survey_close(survey=small_survey(title="Closed"))

    with pytest.raises(ValidationError, match="lack a language version"):
        mailing.invitations_schedule(survey=untranslated, at=timezone.now() + IN_AN_HOUR)
    with pytest.raises(ValidationError, match="closed"):
        mailing.invitations_schedule(survey=closed, at=timezone.now() + IN_AN_HOUR)

    assert not Survey.objects.filter(invitations_scheduled_at__isnull=False).exists()


def test_a_cancelled_schedule_sends_nothing(in_alpha, django_capture_on_commit_callbacks):
    survey = small_survey()
    listed(survey, "anna@example.org")
    mailing.invitations_schedule(survey=survey, at=timezone.now() + IN_AN_HOUR)

    mailing.invitations_schedule_cancel(survey=survey)

    assert run_due(django_capture_on_commit_callbacks) == 0 and mail.outbox == []


def test_closing_the_survey_drops_its_schedule(in_alpha):
    survey = small_survey()
    mailing.invitations_schedule(survey=survey, at=timezone.now() + IN_AN_HOUR)

    survey_close(survey=survey)

    assert Survey.objects.get(pk=survey.pk).invitations_scheduled_at is None


def test_a_draft_broken_after_scheduling_stays_a_draft_and_the_consultant_is_told(
    alpha, in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey(state=Survey.State.DRAFT)
    listed(survey, "anna@example.org")
    mailing.invitations_schedule(survey=survey, at=timezone.now() + IN_AN_HOUR)
    Question.objects.filter(survey=survey, key="grade").update(text_en="")

    assert run_due(django_capture_on_commit_callbacks) == 0

    survey.refresh_from_db()
    assert survey.state == Survey.State.DRAFT and mail.outbox == []
    assert survey.invitations_scheduled_at is None
    assert "lack a language version" in survey.schedule_problem
    page = browser_of("carla", alpha).get(f"/surveys/{survey.pk}/recipients/").content.decode()
    assert "could not open at the scheduled time" in page and "question “grade”" in page
    assert Recipient.objects.get(survey=survey).invitation_status == Recipient.MailStatus.NONE
    # Put right and opened by hand, the warning goes.
    Question.objects.filter(survey=survey, key="grade").update(text_en="Your grade")
    survey_open(survey=survey)
    assert Survey.objects.get(pk=survey.pk).schedule_problem == ""


def test_the_consultant_schedules_and_cancels_on_the_recipients_page(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    browser = browser_of("carla", alpha)
    at = (timezone.localtime() + timedelta(days=3)).replace(hour=8, minute=0, second=0)

    form = browser.get(f"/surveys/{survey.pk}/recipients/").content.decode()
    scheduled = browser.post(
        f"/surveys/{survey.pk}/invitations/schedule/",
        {"at": at.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    ).content.decode()

    assert "Open the survey and send the invitations at" in form
    assert Survey.objects.get(pk=survey.pk).invitations_scheduled_at == at.replace(microsecond=0)
    assert "The invitations go out at" in scheduled and "the survey opens on" in scheduled
    browser.post(f"/surveys/{survey.pk}/invitations/schedule/cancel/")
    assert Survey.objects.get(pk=survey.pk).invitations_scheduled_at is None


def test_a_missing_or_garbled_time_is_refused_with_a_message(alpha, in_alpha):
    survey = small_survey()
    browser = browser_of("carla", alpha)

    for value in ("", "next monday"):
        page = browser.post(
            f"/surveys/{survey.pk}/invitations/schedule/", {"at": value}, follow=True
        ).content.decode()
        assert "Choose a day and a time." in page

    assert Survey.objects.get(pk=survey.pk).invitations_scheduled_at is None


@pytest.mark.parametrize(
    "today, morning",
    [("2026-11-27", "2026-11-30"), ("2026-11-28", "2026-11-30"), ("2026-11-24", "2026-11-25")],
)
def test_the_time_offered_is_the_next_working_morning_at_eight(today, morning):
    noon = timezone.make_aware(datetime.fromisoformat(f"{today}T12:00"))

    offered = timezone.localtime(mailing.next_working_morning(noon))

    assert offered.isoformat().startswith(f"{morning}T08:00:00")


def test_the_survey_list_and_page_show_when_the_invitations_go_out(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    at = timezone.localtime() + timedelta(days=2)
    mailing.invitations_schedule(survey=survey, at=at)
    browser = browser_of("carla", alpha)
    shown = f"opens and invites on {at.strftime('%m/%d/%Y')}"

    assert shown in browser.get("/surveys/").content.decode()
    assert shown in browser.get(f"/surveys/{survey.pk}/").content.decode()
