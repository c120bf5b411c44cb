"""The demo's meetings and council sessions: the story each demo municipality tells, once."""

from datetime import date, timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.utils import timezone

from accounts.models import User
from phases import demo
from phases.models import Activity, CouncilSession, Meeting, Phase
from tests.conftest import persona


@pytest.fixture
def demo_users(in_alpha) -> dict[str, User]:
    # Altstadt stands in for the demo municipality; the personas for the demo accounts.
    return {
        "berater@wegweiser.example": persona("carla"),
        "lead@musterstadt.example": persona("leo"),
        "mitglied@musterstadt.example": persona("mia"),
        "lead@beispielhausen.example": persona("leo"),
    }


def test_musterstadt_has_two_meetings_done_and_its_results_presentation_planned(
    demo_users,
) -> None:
    demo.seed(SimpleNamespace(slug="musterstadt"), demo_users)

    done, planned = (
        list(Meeting.objects.filter(ends_at__lt=timezone.now())),
        list(Meeting.objects.filter(starts_at__gt=timezone.now())),
    )
    assert [m.kind for m in done] == [Meeting.Kind.PRELIMINARY, Meeting.Kind.INTRODUCTORY]
    assert all(m.participants.exists() and m.minutes and m.decisions.exists() for m in done)
    assert all(m.follow_up_tasks.exists() for m in done)
    assert [m.kind for m in planned] == [Meeting.Kind.RESULTS]
    assert all(m.activity and m.activity.phase_id == m.phase_id for m in done + planned)
    linked = Meeting.objects.get(kind=Meeting.Kind.INTRODUCTORY).participants.filter(
        user__isnull=False
    )
    assert {p.user_id for p in linked} >= {persona("leo").pk, persona("mia").pk}


def test_beispielhausen_has_the_council_approving_the_survey(demo_users) -> None:
    Phase.objects.filter(number=1).update(state=Phase.State.APPROVED)
    Phase.objects.filter(number=2).update(state=Phase.State.ACTIVE)

    demo.seed(SimpleNamespace(slug="beispielhausen"), demo_users)

    survey = CouncilSession.objects.get(body="Hauptausschuss")
    assert survey.outcome == CouncilSession.Outcome.APPROVED
    assert survey.phase.number == 2
    assert survey.meeting.kind == Meeting.Kind.RESULTS
    assert Meeting.objects.filter(phase__number=1, kind=Meeting.Kind.INTRODUCTORY).exists()


def test_seeding_twice_adds_nothing(demo_users) -> None:
    demo.seed(SimpleNamespace(slug="musterstadt"), demo_users)
    counts = (Meeting.objects.count(), Activity.objects.count())

    demo.seed(SimpleNamespace(slug="musterstadt"), demo_users)

    assert (Meeting.objects.count(), Activity.objects.count()) == counts


@pytest.mark.parametrize("weekday", range(7))
def test_the_demo_s_days_fall_on_working_days_and_keep_their_order_whatever_today_is(weekday):
    # The demo is dated relative to the day it is loaded: try it on every day of a week.
    monday = date(2026, 11, 23)
    with mock.patch.object(timezone, "localdate", return_value=monday + timedelta(weekday)):
        days = {offset: demo.workday(offset) for offset in range(-300, 60)}
        assert all(day.weekday() < 5 for day in days.values())
        assert all(0 <= (monday + timedelta(weekday + o) - d).days <= 2 for o, d in days.items())
        assert all(days[offset] < days[offset + 3] for offset in range(-300, 57))
        # Eichhorst: its document, then its presentation, then the submission to the lead.
        built = demo.at(demo.EICHHORST_PRESENTATION - 2, 11)
        presented = demo.at(demo.EICHHORST_PRESENTATION, 17)
        assert built < presented < demo.at(demo.EICHHORST_SUBMITTED, 9)
