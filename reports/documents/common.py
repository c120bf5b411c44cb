"""What every document has: a title, sections for the contents, and the engagement around it."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q

from phases.models import Activity, Engagement, GateEvent, Phase


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str


@dataclass
class Document:
    template: str
    title: str
    subtitle: str
    sections: list[Section] = field(default_factory=list)
    context: dict = field(default_factory=dict)
    roadmap_version: int | None = None

    def section(self, anchor: str, title: str) -> Section:
        added = Section(anchor, str(title))
        self.sections.append(added)
        return added


@dataclass(frozen=True)
class PhaseSummary:
    phase: Phase
    activities: list[Activity]
    done: int
    total: int
    gate_events: list[GateEvent]


def engagement() -> Engagement:
    return Engagement.objects.get()


def phase_summary(number: int, as_of: datetime) -> PhaseSummary:
    """The phase, what was done in it and its gate history as it stood at `as_of` (the
    document's date: its own sign-off, later, does not change what it says)."""
    finished = Q(activities__status__in=[Activity.Status.DONE, Activity.Status.SKIPPED])
    phase = Phase.objects.annotate(
        total=Count("activities"), done=Count("activities", filter=finished)
    ).get(number=number)
    return PhaseSummary(
        phase=phase,
        activities=list(phase.activities.select_related("owner").order_by("position", "id")),
        done=phase.done,
        total=phase.total,
        gate_events=list(
            phase.gate_events.filter(created_at__lte=as_of).order_by("created_at", "id")
        ),
    )
