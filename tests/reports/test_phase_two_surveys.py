"""Which surveys the Phase 2 results presentation draws on."""

from datetime import timedelta

from django.utils import timezone

from phases.models import Activity, GateEvent, Phase
from reports.documents.phase_two import phase_two_results
from tests.conftest import persona
from tests.surveys import results_factories as make


def _opened(survey, days_ago: int, activity: Activity | None = None):
    survey.opened_at = timezone.now() - timedelta(days=days_ago)
    survey.activity = activity
    survey.save(update_fields=["opened_at", "activity"])
    return survey


def _labels() -> list[str]:
    return [part.label for part in phase_two_results(timezone.now()).context["parts"]]


def test_a_later_wave_run_after_the_sign_off_is_not_part_of_phase_two(in_alpha):
    first = _opened(make.survey("Readiness"), days_ago=200)
    GateEvent.objects.create(
        phase=Phase.objects.get(number=2),
        kind=GateEvent.Kind.APPROVED,
        actor=persona("leo"),
        actor_name="Leo",
        created_at=timezone.now() - timedelta(days=150),
    )
    _opened(make.survey("Readiness", instrument=first.instrument), days_ago=10)
    activity = Activity.objects.filter(phase__number=2).first()
    _opened(make.survey("Late survey of the phase"), days_ago=5, activity=activity)
    _opened(
        make.survey("Survey of the roadmap"),
        days_ago=5,
        activity=Activity.objects.filter(phase__number=4).first(),
    )

    assert _labels() == ["Readiness · wave 1", "Late survey of the phase · wave 1"]


def test_before_the_sign_off_every_survey_of_no_other_phase_counts(in_alpha):
    _opened(make.survey("Readiness"), days_ago=20)
    _opened(make.survey("Citizens"), days_ago=2)

    assert _labels() == ["Readiness · wave 1", "Citizens · wave 1"]
