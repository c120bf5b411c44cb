"""The portfolio's summary in the public schema follows the municipality's own data."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from engagements.models import DueItem, MunicipalitySummary
from engagements.summaries import summary_refresh
from phases.models import Activity, Meeting, Phase
from phases.services import activity_save
from tests.conftest import persona


def overdue_activity(days: int = 3) -> Activity:
    activity = Activity.objects.filter(phase__number=1).order_by("position").first()
    activity.due_date = timezone.localdate() - timedelta(days=days)
    return activity


def test_a_saved_activity_refreshes_the_summary_once_the_change_is_committed(
    in_alpha, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        activity_save(activity=overdue_activity(), actor=persona("carla"))

    assert len(callbacks) == 1
    item = DueItem.objects.get(municipality=in_alpha)
    assert (item.kind, item.due_on) == ("activity", timezone.localdate() - timedelta(days=3))


def test_many_saves_in_one_transaction_queue_one_refresh(
    in_alpha, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        for activity in Activity.objects.filter(phase__number=1):
            activity.due_date = timezone.localdate()
            activity.save()

    assert len(callbacks) == 1


def test_a_change_that_is_rolled_back_never_reaches_the_summary(
    in_alpha, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                overdue_activity().save()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    assert callbacks == []
    assert not DueItem.objects.filter(municipality=in_alpha).exists()


def test_the_summary_has_the_current_phase_its_progress_and_the_next_meetings(in_alpha):
    phase = Phase.objects.get(number=1)
    phase.activities.filter(position__lt=2).update(status=Activity.Status.DONE)
    starts = timezone.now() + timedelta(days=2)
    Meeting.objects.create(
        phase=phase,
        kind=Meeting.Kind.INTRODUCTORY,
        title="Auftaktveranstaltung",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    Meeting.objects.create(
        phase=phase,
        kind=Meeting.Kind.OTHER,
        title="Long past",
        starts_at=starts - timedelta(days=30),
        ends_at=starts - timedelta(days=30, hours=-1),
    )

    summary = summary_refresh(municipality=in_alpha)

    assert summary.phase_title == phase.title
    assert (summary.finished_activity_count, summary.activity_count) == (2, 5)
    meetings = DueItem.objects.filter(municipality=in_alpha, kind=DueItem.Kind.MEETING)
    assert [(m.title, m.starts_at) for m in meetings] == [("Auftaktveranstaltung", starts)]


def test_activities_of_an_approved_phase_or_finished_ones_are_nobody_s_to_do(in_alpha):
    done = overdue_activity()
    done.status = Activity.Status.DONE
    done.save()
    summary_refresh(municipality=in_alpha)

    assert not DueItem.objects.filter(municipality=in_alpha).exists()


def test_rebuild_summaries_rebuilds_every_municipality(alpha, beta):
    MunicipalitySummary.objects.all().delete()

    call_command("rebuild_summaries", stdout=StringIO())

    connection.set_schema_to_public()
    assert set(MunicipalitySummary.objects.values_list("municipality__slug", flat=True)) == {
        "alpha",
        "beta",
    }
