"""Reads for the roadmap pages, the PDF roadmap document and the consultancy's portfolio.

A measure's health during implementation is decided here, once, in SQL:
done (status done or 100 %), blocked (the newest update names a blocker), late (the end date
has passed without completion, or the start date has passed and nothing has been reported
done yet), otherwise on track. Cancelled measures are left out.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Topic

from .charts import Bar, timeline_svg
from .models import (
    CommunicationItem,
    Idea,
    Measure,
    ProgressUpdate,
    RoadmapVersion,
    Vote,
    Workshop,
)

HEALTH = {
    "on_track": _("On track"),
    "late": _("Late"),
    "blocked": _("Blocked"),
    "done": _("Done"),
}


# --- Ideas -----------------------------------------------------------------------------------


def ideas_ranked(workshop: Workshop | None = None) -> QuerySet[Idea]:
    """Ideas still standing (not merged away), most dots first, with their merged duplicates."""
    ideas = Idea.objects.filter(merged_into__isnull=True)
    if workshop is not None:
        ideas = ideas.filter(workshop=workshop)
    return (
        ideas.annotate(dots=Count("votes"))
        .select_related("topic__dimension", "workshop", "measure", "finding")
        .prefetch_related(
            Prefetch("duplicates", queryset=Idea.objects.select_related("workshop", "finding"))
        )
        .order_by("-dots", "-impact", "effort", "id")
    )


def ideas_by_topic(workshop: Workshop | None = None) -> list[tuple[Topic | None, list[Idea]]]:
    """Ideas clustered by taxonomy topic (in the taxonomy's order; uncoded ideas last)."""
    clusters: dict[int | None, list[Idea]] = {}
    topics: dict[int | None, Topic | None] = {None: None}
    for idea in ideas_ranked(workshop):
        clusters.setdefault(idea.topic_id, []).append(idea)
        topics[idea.topic_id] = idea.topic

    def order(key: int | None) -> tuple:
        topic = topics[key]
        if topic is None:
            return (1, 0, 0)
        return (0, topic.dimension.position, topic.position)

    return [(topics[key], clusters[key]) for key in sorted(clusters, key=order)]


def idea_matrix(workshop: Workshop | None = None) -> dict[str, list[Idea]]:
    """Placed ideas by quadrant of the impact × effort matrix, plus the unplaced ones."""
    quadrants: dict[str, list[Idea]] = {
        "quick_win": [],
        "major_project": [],
        "fill_in": [],
        "thankless": [],
        "unplaced": [],
    }
    for idea in ideas_ranked(workshop):
        quadrants[idea.quadrant or "unplaced"].append(idea)
    return quadrants


def free_text_answers_to_take_over() -> list:
    """Survey free-text answers that may become ideas, without anything about who gave them:
    each text once (the first answer that says it stands for all, with `times`: how many do).

    Only questions with at least the survey privacy threshold for free text (twice the minimum
    group size) of non-empty answers are offered, and never broken down by group or department,
    so an answer cannot be traced back through a small group. Texts already taken over are
    left out.
    """
    from surveys.models import Answer, Question
    from surveys.results import privacy_rules

    minimum = privacy_rules().free_text_minimum
    texts = Answer.objects.filter(question__kind=Question.Kind.TEXT).exclude(text="")
    enough = texts.values("question_id").annotate(n=Count("id")).filter(n__gte=minimum).order_by()
    taken = Answer.objects.filter(
        question_id=OuterRef("question_id"), text=OuterRef("text"), ideas__isnull=False
    )
    firsts = {
        row["first"]: row["times"]
        for row in texts.filter(question_id__in=enough.values("question_id"))
        .exclude(Exists(taken))
        .values("question_id", "text")
        .annotate(first=Min("id"), times=Count("id"))
        .order_by()
    }
    answers = list(
        Answer.objects.filter(pk__in=list(firsts))
        .select_related("question__survey", "question__topic")
        .order_by("question__survey_id", "question_id", "text")
    )
    for answer in answers:
        answer.times = firsts[answer.pk]
    return answers


def votes_of(voter_id: int) -> dict[int, int]:
    """How many dots a voter has on each idea."""
    counts = Vote.objects.filter(voter_id=voter_id).values("idea").annotate(n=Count("id"))
    return {row["idea"]: row["n"] for row in counts}


def workshops() -> QuerySet[Workshop]:
    return Workshop.objects.select_related("meeting").annotate(
        idea_count=Count("ideas", filter=Q(ideas__merged_into__isnull=True), distinct=True),
        voter_count=Count("voters", distinct=True),
    )


# --- Measures --------------------------------------------------------------------------------


def _latest(field: str) -> Subquery:
    newest = ProgressUpdate.objects.filter(measure=OuterRef("pk")).order_by(
        "-reported_on", "-created_at", "-id"
    )
    return Subquery(newest.values(field)[:1])


def _dimension(field: str) -> Subquery:
    first = Topic.objects.filter(measures=OuterRef("pk")).order_by(
        "dimension__position", "dimension_id", "position", "id"
    )
    return Subquery(first.values(field)[:1])


def measures_with_health(today: date | None = None) -> QuerySet[Measure]:
    today = today or timezone.localdate()
    return Measure.objects.annotate(
        percent=_latest("percent_done"),
        blocker=_latest("blocker"),
        last_reported_on=_latest("reported_on"),
        dimension_name=Coalesce(_dimension("dimension__name"), Value("")),
        dimension_position=Coalesce(
            _dimension("dimension__position"), Value(9999), output_field=IntegerField()
        ),
        health=Case(
            When(Q(status=Measure.Status.DONE) | Q(percent=100), then=Value("done")),
            When(~Q(blocker="") & Q(blocker__isnull=False), then=Value("blocked")),
            When(ends_on__lt=today, then=Value("late")),
            When(
                Q(starts_on__lt=today, status=Measure.Status.PLANNED)
                & (Q(percent__isnull=True) | Q(percent=0)),
                then=Value("late"),
            ),
            default=Value("on_track"),
            output_field=CharField(),
        ),
    ).exclude(status=Measure.Status.CANCELLED)


def measures(today: date | None = None) -> QuerySet[Measure]:
    """The roadmap's measures, by dimension, with everything the list and timeline show."""
    return (
        measures_with_health(today)
        .prefetch_related("topics__dimension", "partners", "depends_on")
        .order_by("dimension_position", "starts_on", "priority", "id")
    )


def all_measures() -> QuerySet[Measure]:
    """Every measure, cancelled ones included (for pickers and exports)."""
    return Measure.objects.prefetch_related("topics__dimension", "partners", "depends_on")


def overdue_measures(today: date | None = None) -> QuerySet[Measure]:
    return (
        measures(today)
        .filter(health__in=["late", "blocked"], ends_on__lt=today or timezone.localdate())
        .order_by("ends_on")
    )


def roadmap_progress(today: date | None = None) -> dict[str, int | None]:
    """For the roadmap pages, the documents and the portfolio: the mean % done over every
    measure that is not cancelled, how many of them have no report, and the health counts.

    A measure counts with its newest report, with 100 % once it is done, and with 0 % while
    nothing has been reported: averaging only the reported measures made a roadmap look
    further along than it was. `percent_done` is None when the roadmap has no measures.
    """
    rows = measures_with_health(today).values("health").annotate(n=Count("id"))
    counts = {row["health"]: row["n"] for row in rows}
    figures = measures_with_health(today).aggregate(
        mean=Avg(
            Case(
                When(status=Measure.Status.DONE, then=Value(100)),
                default=Coalesce(F("percent"), Value(0)),
                output_field=IntegerField(),
            )
        ),
        unreported=Count("id", filter=Q(percent__isnull=True) & ~Q(status=Measure.Status.DONE)),
    )
    mean = figures["mean"]
    return {
        "percent_done": None if mean is None else round(mean),
        "unreported": figures["unreported"],
        "measures": sum(counts.values()),
        "on_track": counts.get("on_track", 0),
        "late": counts.get("late", 0),
        "blocked": counts.get("blocked", 0),
        "done": counts.get("done", 0),
    }


@dataclass
class DimensionHealth:
    name: str
    on_track: int
    late: int
    blocked: int
    done: int

    @property
    def total(self) -> int:
        return self.on_track + self.late + self.blocked + self.done


def health_by_dimension(today: date | None = None) -> list[DimensionHealth]:
    rows = (
        measures_with_health(today)
        .values("dimension_name", "dimension_position")
        .annotate(
            on_track=Count("id", filter=Q(health="on_track")),
            late=Count("id", filter=Q(health="late")),
            blocked=Count("id", filter=Q(health="blocked")),
            done=Count("id", filter=Q(health="done")),
        )
        .order_by("dimension_position")
    )
    return [
        DimensionHealth(
            str(row["dimension_name"] or _("Without dimension")),
            row["on_track"],
            row["late"],
            row["blocked"],
            row["done"],
        )
        for row in rows
    ]


def cost_total() -> object:
    return Measure.objects.exclude(status=Measure.Status.CANCELLED).aggregate(
        total=Sum("cost_estimate")
    )["total"]


def timeline_svg_for(measure_list: list[Measure], *, today: date | None = None, title: str) -> str:
    """The timeline drawing for measures from `measures()`; those without dates are left out."""
    dated = [m for m in measure_list if m.starts_on and m.ends_on]
    shown = {m.pk for m in dated}
    bars = [
        Bar(
            key=m.pk,
            label=m.title,
            group=m.dimension_name or str(_("Without dimension")),
            starts_on=m.starts_on,
            ends_on=m.ends_on,
            tone="planned" if m.health == "on_track" and m.percent is None else m.health,
            state=str(HEALTH[m.health])
            if m.percent is not None or m.health != "on_track"
            else str(_("Planned")),
            percent=m.percent,
        )
        for m in dated
    ]
    arrows = [(other.pk, m.pk) for m in dated for other in m.depends_on.all() if other.pk in shown]
    legend = [
        ("planned", str(_("Planned"))),
        ("on_track", str(HEALTH["on_track"])),
        ("late", str(HEALTH["late"])),
        ("blocked", str(HEALTH["blocked"])),
        ("done", str(HEALTH["done"])),
    ]
    return timeline_svg(
        bars,
        title=title,
        arrows=arrows,
        legend=legend,
        today=today or timezone.localdate(),
        today_label=str(_("today")),
        empty_label=str(_("No measure has a start and an end yet.")),
    )


def measures_for_timeline(today: date | None = None) -> QuerySet[Measure]:
    return measures(today)


def measure_detail(pk: int) -> QuerySet[Measure]:
    return (
        measures_with_health()
        .filter(pk=pk)
        .prefetch_related(
            "topics__dimension",
            "partners",
            "depends_on",
            "dependents",
            "council_sessions",
            Prefetch("comments", queryset=_comments()),
            "updates",
            Prefetch("ideas", queryset=Idea.objects.select_related("workshop", "finding")),
        )
    )


def _comments():
    from .models import PartnerComment

    return PartnerComment.objects.select_related("partner")


# --- Versions and Phase 4 ------------------------------------------------------------------


def versions() -> QuerySet[RoadmapVersion]:
    return RoadmapVersion.objects.defer("snapshot")


def communication_plan() -> QuerySet[CommunicationItem]:
    return CommunicationItem.objects.select_related("measure").order_by(
        "starts_on", "audience", "id"
    )


def communication_svg(
    items: list[CommunicationItem], *, title: str, today: date | None = None
) -> str:
    """The communication strategy as a plan over time: one row per item, grouped by audience."""
    order = {key: index for index, key in enumerate(CommunicationItem.Audience.values)}
    bars = [
        Bar(
            key=item.pk,
            label=f"{item.channel}: {item.key_message}",
            group=str(item.get_audience_display()),
            starts_on=item.starts_on,
            ends_on=item.ends_on,
            tone="on_track",
            state=item.responsible,
        )
        for item in sorted(items, key=lambda item: (order[item.audience], item.starts_on, item.pk))
    ]
    return timeline_svg(
        bars,
        title=title,
        today=today or timezone.localdate(),
        today_label=str(_("today")),
        empty_label=str(_("No communication planned yet.")),
    )
