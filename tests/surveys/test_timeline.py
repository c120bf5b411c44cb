"""Responses over time: per day (or week), by channel, with invitations and reminders."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from surveys.models import Recipient, Response, Survey
from surveys.timeline import response_timeline
from tests.conftest import browser_of
from tests.surveys import results_factories as make

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def responses_on(survey: Survey, day: date, count: int, channel: str = "personal") -> None:
    for _ in range(count):
        Response.objects.create(
            survey=survey,
            group=make.group("citizens"),
            channel=channel,
            language="de",
            submitted_on=day,
        )


def recipient(survey: Survey, invited: date | None, reminded: date | None = None) -> None:
    def moment(day: date | None):
        # Half past midnight in Berlin: still the day before in UTC.
        return None if day is None else timezone.make_aware(datetime.combine(day, time(0, 30)))

    Recipient.objects.create(
        survey=survey,
        group=make.group("citizens"),
        email=f"{Recipient.objects.count()}@example.org",
        invited_at=moment(invited),
        reminded_at=moment(reminded),
    )


def opened(survey: Survey, days_ago: int) -> Survey:
    survey.opened_at = timezone.now() - timedelta(days=days_ago)
    survey.save(update_fields=["opened_at"])
    return survey


def test_each_day_from_the_opening_counts_its_responses_invitations_and_reminders(in_alpha):
    survey = opened(make.survey(), days_ago=9)
    for _ in range(3):
        recipient(survey, invited=TODAY - timedelta(days=8), reminded=TODAY - timedelta(days=2))
    responses_on(survey, TODAY - timedelta(days=8), 2)
    responses_on(survey, TODAY - timedelta(days=8), 1, channel="open")
    responses_on(survey, TODAY - timedelta(days=2), 4)

    timeline = response_timeline(survey)

    assert not timeline.weekly
    assert timeline.first == TODAY - timedelta(days=9) and timeline.last == TODAY
    assert len(timeline.steps) == 10  # the quiet days in between are there, empty
    by_day = {step.start: step for step in timeline.steps}
    invitation_day = by_day[TODAY - timedelta(days=8)]
    assert (invitation_day.personal, invitation_day.open, invitation_day.invited) == (2, 1, 3)
    assert (
        by_day[TODAY - timedelta(days=2)].responses,
        by_day[TODAY - timedelta(days=2)].reminded,
    ) == (4, 3)
    assert by_day[TODAY - timedelta(days=5)].responses == 0
    assert timeline.total == 7 and timeline.busiest.start == TODAY - timedelta(days=2)
    assert [step.start for step in timeline.eventful] == [
        TODAY - timedelta(days=8),
        TODAY - timedelta(days=2),
    ]


def test_a_closed_survey_ends_on_its_closing_day(in_alpha):
    survey = opened(make.survey(), days_ago=30)
    survey.closed_at = timezone.now() - timedelta(days=20)
    survey.save(update_fields=["closed_at"])
    responses_on(survey, TODAY - timedelta(days=25), 5)

    timeline = response_timeline(survey)

    assert timeline.last == TODAY - timedelta(days=20)


def test_a_long_survey_is_shown_by_the_week_from_monday(in_alpha):
    survey = opened(make.survey(), days_ago=100)
    monday = TODAY - timedelta(days=TODAY.weekday())
    responses_on(survey, monday - timedelta(days=14), 2)  # a Monday
    responses_on(survey, monday - timedelta(days=10), 3)  # the Friday of that week

    timeline = response_timeline(survey)

    assert timeline.weekly
    assert all(step.start.weekday() == 0 for step in timeline.steps)
    week = next(step for step in timeline.steps if step.start == monday - timedelta(days=14))
    assert week.responses == 5


def test_a_survey_nothing_happened_in_has_no_timeline(in_alpha):
    assert response_timeline(make.survey()) is None


def test_the_results_page_shows_the_timeline_of_all_responses_only(alpha, in_alpha):
    survey = opened(make.survey(), days_ago=3)
    responses_on(survey, TODAY - timedelta(days=1), 6)
    client = browser_of("carla", alpha)

    whole = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    citizens = make.group("citizens").pk
    filtered = client.get(f"/surveys/{survey.pk}/results/?group={citizens}").content.decode()

    assert "Responses over time" in whole and "6 responses from" in whole
    assert "Responses over time" not in filtered


def test_another_municipality_s_responses_are_not_in_the_timeline(alpha, beta, in_alpha):
    survey = opened(make.survey(), days_ago=3)
    responses_on(survey, TODAY, 1)
    with schema_context(beta.schema_name):
        foreign = opened(make.survey(), days_ago=3)
        responses_on(foreign, TODAY - timedelta(days=1), 9)

    timeline = response_timeline(survey)

    assert timeline.total == 1


def test_the_recipients_page_shows_what_the_invitations_and_reminders_brought(alpha, in_alpha):
    survey = opened(make.survey(), days_ago=3)
    recipient(survey, invited=TODAY - timedelta(days=2), reminded=TODAY)
    responses_on(survey, TODAY - timedelta(days=2), 2)

    page = browser_of("carla", alpha).get(f"/surveys/{survey.pk}/recipients/").content.decode()

    assert "Responses over time" in page and "2 responses from" in page
    assert "Invitations sent" in page and "Reminders sent" in page
