"""Reads for the engagement overview and phase pages."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User

from .models import Activity, Engagement, GateEvent, Phase


def engagement_get() -> Engagement:
    return Engagement.objects.get()


def phases_with_progress() -> QuerySet[Phase]:
    finished = Q(activities__status__in=[Activity.Status.DONE, Activity.Status.SKIPPED])
    return Phase.objects.annotate(
        activity_count=Count("activities"),
        finished_count=Count("activities", filter=finished),
    ).order_by("number")


def current_phase(phases: list[Phase]) -> Phase:
    """The phase being worked on: the first one not yet approved (the last when all are)."""
    return next((phase for phase in phases if phase.state != Phase.State.APPROVED), phases[-1])


def activities_of(phase: Phase) -> QuerySet[Activity]:
    return phase.activities.select_related("owner", "phase").order_by("position", "id")


def overdue_activities() -> QuerySet[Activity]:
    return (
        Activity.objects.filter(due_date__lt=timezone.localdate())
        .exclude(status__in=[Activity.Status.DONE, Activity.Status.SKIPPED])
        # Once a phase is signed off, what it left open is no longer anyone's to-do.
        .exclude(phase__state=Phase.State.APPROVED)
        .select_related("phase", "owner")
        .order_by("due_date")
    )


def gate_history(phase: Phase | None = None) -> QuerySet[GateEvent]:
    events = GateEvent.objects.select_related("phase")
    return events.filter(phase=phase) if phase else events


def possible_owners(municipality) -> QuerySet[User]:
    return User.objects.filter(memberships__municipality=municipality, is_active=True).order_by(
        "full_name"
    )
