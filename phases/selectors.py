"""Reads for the engagement overview and phase pages, the meetings and the council sessions."""

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User

from .models import Activity, CouncilSession, Engagement, GateEvent, Meeting, Participant, Phase


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
    return (
        phase.activities.select_related("owner", "phase")
        .prefetch_related("meetings")
        .order_by("position", "id")
    )


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
    events = GateEvent.objects.select_related("phase", "report_review__report_version")
    return events.filter(phase=phase) if phase else events


def pending_submission(phase: Phase) -> GateEvent | None:
    """The submission a lead has yet to decide on: the phase's latest, while it is in review."""
    if phase.state != Phase.State.IN_REVIEW:
        return None
    return phase.gate_events.filter(kind=GateEvent.Kind.SUBMITTED).first()  # newest first


def review_reminded_at(phase: Phase, submission: GateEvent | None) -> datetime | None:
    """When the leads were last reminded of `submission` (phases.notifications); None if they
    were not since it was made (a reminder of an earlier round of review does not count)."""
    reminded = phase.review_reminded_at
    if submission is None or reminded is None or reminded <= submission.created_at:
        return None
    return reminded


def possible_owners(municipality) -> QuerySet[User]:
    return User.objects.filter(memberships__municipality=municipality, is_active=True).order_by(
        "full_name"
    )


# --- Meetings and council sessions -----------------------------------------------------------


def meetings_all() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("phase", "activity").annotate(
        participant_count=Count("participants", distinct=True)
    )


def meetings_of(phase: Phase) -> QuerySet[Meeting]:
    return meetings_all().filter(phase=phase)


def meetings_upcoming(now: datetime | None = None) -> QuerySet[Meeting]:
    """Meetings not over yet, the soonest first (one under way counts as upcoming)."""
    return meetings_all().filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "id")


def meetings_past(now: datetime | None = None) -> QuerySet[Meeting]:
    return meetings_all().filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-id")


def next_meeting(now: datetime | None = None) -> Meeting | None:
    """The next meeting of this municipality that has not started yet, or None.

    Runs in the schema of the municipality asked about (the portfolio calls it per municipality).
    """
    return (
        Meeting.objects.select_related("phase")
        .filter(starts_at__gte=now or timezone.now())
        .order_by("starts_at", "id")
        .first()
    )


def meeting_get(pk: int) -> Meeting:
    """One meeting with everything its page shows; Meeting.DoesNotExist when it is not here."""
    return (
        Meeting.objects.select_related("phase", "activity", "organiser")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("user")),
            "decisions",
            Prefetch(
                "follow_up_tasks",
                queryset=Activity.objects.select_related("owner", "phase").order_by(
                    "due_date", "id"
                ),
            ),
            "council_sessions",
        )
        .get(pk=pk)
    )


def council_sessions() -> QuerySet[CouncilSession]:
    return CouncilSession.objects.select_related("phase", "meeting")


def council_sessions_for_report(phase: Phase | None = None) -> QuerySet[CouncilSession]:
    """Council sessions in the order they were held, for a results presentation.

    With a phase: the council's involvement up to that phase, i.e. the sessions recorded for it
    or an earlier phase and those tied to no phase (a council often decides on the engagement as
    a whole, and the Phase 2 presentation reports how the council was involved so far).
    """
    sessions = council_sessions().order_by("held_on", "id")
    if phase is not None:
        sessions = sessions.filter(Q(phase__number__lte=phase.number) | Q(phase__isnull=True))
    return sessions
