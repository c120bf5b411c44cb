"""The portfolio's copy of each engagement in the public schema, and how it is kept current.

The portfolio, the due lists and the benchmarks read only public tables (MunicipalitySummary,
DueItem, BenchmarkFigure). `summary_refresh` rebuilds one municipality's rows from its schema.
It runs:

- after every committed change to the data it summarises: receivers (engagements.signals) on
  the tenant models queue one `municipality_summary_refresh` task per transaction and schema,
  after commit. A task rather than a call inside the writer's transaction: a gate decision or
  an activity edit should not wait for, or fail with, the portfolio's bookkeeping, and a rolled
  back change never reaches the summary. One refresh per transaction, however many rows the
  transaction saved;
- at provisioning (engagements.services), so a new municipality is in the portfolio at once;
- for every municipality by `manage.py rebuild_summaries` (after a deployment, or if a worker
  was down while changes were made).
"""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from phases.models import Activity, Meeting, Phase
from phases.selectors import pending_submission

from .benchmarks import benchmark_figures_collect
from .models import BenchmarkFigure, DueItem, Municipality, MunicipalitySummary

FINISHED = [Activity.Status.DONE, Activity.Status.SKIPPED]


def _tenant_path(name: str, *args: object) -> str:
    return reverse(name, args=args, urlconf=settings.ROOT_URLCONF)


def _phase_figures() -> dict:
    phases = list(Phase.objects.order_by("number").values("pk", "title", "state", "activated_at"))
    current = next((p for p in phases if p["state"] != Phase.State.APPROVED), phases[-1])
    counts = Activity.objects.filter(phase_id=current["pk"]).aggregate(
        total=Count("pk"), finished=Count("pk", filter=Q(status__in=FINISHED))
    )
    submission = None
    if current["state"] == Phase.State.IN_REVIEW:
        submission = pending_submission(Phase.objects.get(pk=current["pk"]))
    return {
        "phase_title": current["title"],
        "phase_entered_at": current["activated_at"],
        "review_submitted_at": submission and submission.created_at,
        "activity_count": counts["total"],
        "finished_activity_count": counts["finished"],
    }


def _due_activities(municipality: Municipality) -> list[DueItem]:
    # Every open, dated activity of a phase still being worked on, not only this week's:
    # whether one is overdue is decided when a page is read, so nothing goes stale overnight.
    activities = (
        Activity.objects.filter(due_date__isnull=False)
        .exclude(status__in=FINISHED)
        .exclude(phase__state=Phase.State.APPROVED)
        .values("title", "due_date", "owner_id", "phase__number", "phase__title")
    )
    return [
        DueItem(
            municipality=municipality,
            kind=DueItem.Kind.ACTIVITY,
            title=activity["title"],
            context=activity["phase__title"],
            due_on=activity["due_date"],
            owner_id=activity["owner_id"],
            path=_tenant_path("phases:detail", activity["phase__number"]),
        )
        for activity in activities
    ]


def _upcoming_meetings(municipality: Municipality, now: datetime) -> list[DueItem]:
    meetings = Meeting.objects.filter(starts_at__gte=now).values(
        "pk", "title", "starts_at", "organiser_id", "phase__title"
    )
    return [
        DueItem(
            municipality=municipality,
            kind=DueItem.Kind.MEETING,
            title=meeting["title"],
            context=meeting["phase__title"],
            due_on=timezone.localdate(meeting["starts_at"]),
            starts_at=meeting["starts_at"],
            owner_id=meeting["organiser_id"],
            path=_tenant_path("phases:meeting_detail", meeting["pk"]),
        )
        for meeting in meetings
    ]


def _survey_response_rate() -> dict:
    """Answered personal invitations over invitations sent, across the engagement's surveys:
    of each instrument its latest wave that ran. A survey run again (a wave in Implementation)
    shows how the new wave is going, not an average with the one that closed long ago."""
    from surveys.models import Recipient, Survey

    latest_waves = (
        Survey.objects.filter(is_template=False)
        .exclude(state=Survey.State.DRAFT)
        .order_by("instrument_id", "-wave")
        .distinct("instrument_id")
        .values("pk")
    )
    counts = Recipient.objects.filter(survey__in=latest_waves).aggregate(
        invited=Count("pk", filter=Q(invitation_status=Recipient.MailStatus.SENT)),
        answered=Count("pk", filter=Q(answered=True)),
    )
    if not counts["invited"]:
        return {"survey_response_rate": None}
    return {"survey_response_rate": min(1.0, counts["answered"] / counts["invited"])}


def _roadmap_progress() -> dict:
    from roadmap.selectors import roadmap_progress

    percent = roadmap_progress()["percent_done"]
    return {"roadmap_progress": None if percent is None else percent / 100}


# Figures other apps contribute to the summary: each reads the current schema and returns
# {field: value}.
SUMMARY_SOURCES: list[Callable[[], dict]] = [_survey_response_rate, _roadmap_progress]


@transaction.atomic
def summary_refresh(*, municipality: Municipality) -> MunicipalitySummary:
    """Rebuild the municipality's summary, due items and benchmark figures from its schema."""
    now = timezone.now()
    # The start of today: a meeting earlier today still belongs to this week's list.
    since = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    with tenant_context(municipality):
        fields = _phase_figures()
        fields.update(survey_response_rate=None, roadmap_progress=None)
        for source in SUMMARY_SOURCES:
            fields.update(source())
        items = _due_activities(municipality) + _upcoming_meetings(municipality, since)
        figures = benchmark_figures_collect()
    summary, _created = MunicipalitySummary.objects.update_or_create(
        municipality=municipality, defaults={**fields, "updated_at": now}
    )
    DueItem.objects.filter(municipality=municipality).delete()
    DueItem.objects.bulk_create(items)
    BenchmarkFigure.objects.filter(municipality=municipality).delete()
    BenchmarkFigure.objects.bulk_create(
        BenchmarkFigure(municipality=municipality, kind=kind, key=key, value=value)
        for kind, key, value in figures
    )
    return summary


def summaries_rebuild() -> int:
    """Refresh every municipality's summary; returns how many were refreshed."""
    municipalities = list(Municipality.objects.exclude(schema_name="public"))
    for municipality in municipalities:
        summary_refresh(municipality=municipality)
    connection.set_schema_to_public()
    return len(municipalities)


class _RefreshAfterCommit:
    """The on-commit callback that queues one schema's refresh; equal ones are queued once."""

    def __init__(self, schema_name: str) -> None:
        self.schema_name = schema_name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _RefreshAfterCommit) and other.schema_name == self.schema_name

    def __hash__(self) -> int:
        return hash(self.schema_name)

    def __call__(self) -> None:
        from .tasks import municipality_summary_refresh

        # While a refresh is queued and not yet started, later changes ride along with it:
        # a survey answered by hundreds of people in an hour does not queue hundreds of them.
        # The task clears the mark as it starts, so a change after that queues a new one.
        with schema_context("public"):  # cache keys carry the schema: one place for the mark
            if not cache.add(refresh_pending_key(self.schema_name), True, PENDING_SECONDS):
                return
        municipality_summary_refresh.apply_async(args=[self.schema_name])


PENDING_SECONDS = 120


def refresh_pending_key(schema_name: str) -> str:
    return f"summary-refresh-pending:{schema_name}"


def summary_refresh_after_commit(schema_name: str) -> None:
    """Queue a refresh of `schema_name`'s summary once the current transaction commits."""
    if schema_name in ("public", settings.TENANT_BASE_SCHEMA):
        return
    callback = _RefreshAfterCommit(schema_name)
    # A transaction that saves fifty activities refreshes the summary once, at its end.
    if any(queued == callback for _ids, queued, _robust in connection.run_on_commit):
        return
    # Robust: a broker that is down must not turn a saved change into an error page;
    # `rebuild_summaries` catches up.
    transaction.on_commit(callback, robust=True)
