"""Roadmap document (A4): measures by dimension, the timeline, owners, partners, dependencies,
KPIs, and the roadmap version it shows.

It prints the newest frozen roadmap version (roadmap.models.RoadmapVersion, never changed once
written), so the document and the version it names always agree; before any version is frozen
it prints the working draft and says so.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from roadmap.charts import Bar, timeline_svg
from roadmap.models import Measure, RoadmapVersion
from roadmap.versions import current_snapshot, records_by_dimension, snapshot_records

from .common import Document, engagement, phase_summary


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _timeline(measures: list[dict], today: date) -> str:
    dated = [m for m in measures if m["starts_on"] and m["ends_on"]]
    ids_by_title = {m["title"]: m["id"] for m in dated}
    bars = [
        Bar(
            key=m["id"],
            label=m["title"],
            group=m["dimension"] or _("Without dimension"),
            starts_on=_date(m["starts_on"]),
            ends_on=_date(m["ends_on"]),
            tone="done" if m["status"] == Measure.Status.DONE else "planned",
            state=m["status_label"],
        )
        for group in records_by_dimension(dated)
        for m in sorted(group.records, key=lambda m: m["starts_on"])
    ]
    arrows = [
        (ids_by_title[title], m["id"])
        for m in dated
        for title in m["depends_on"]
        if title in ids_by_title
    ]
    svg = timeline_svg(
        bars,
        title=_("Timeline of the measures"),
        arrows=arrows,
        legend=[("planned", _("Planned")), ("done", _("Done"))],
        today=today,
        today_label=_("today"),
        empty_label=_("No measure has a start and an end yet."),
        width=1000,
        label_width=260,
    )
    # roadmap.charts escapes every text it draws.
    return mark_safe(svg)  # noqa: S308


def roadmap_document(as_of: datetime) -> Document:
    shown = RoadmapVersion.objects.order_by("-frozen_at", "-id").first()
    snapshot = shown.snapshot if shown else current_snapshot()
    measures = snapshot_records(snapshot)
    costs = [Decimal(m["cost_estimate"]) for m in measures if m.get("cost_estimate")]
    document = Document(
        template="reports/pdf/roadmap.html",
        title=_("Digital roadmap"),
        subtitle=_("Phase 3 · Measures, schedule and responsibilities"),
        roadmap_version=shown.pk if shown else None,
    )
    groups = records_by_dimension(measures)
    document.section("overview", _("Overview"))
    document.section("timeline", _("Timeline"))
    for index, group in enumerate(groups):
        document.section(f"dimension-{index}", group.name or _("Without dimension"))
    document.section("responsibilities", _("Owners, partners and dependencies"))
    document.context = {
        "engagement": engagement(),
        "summary": phase_summary(3, as_of),
        "roadmap_version": shown,
        "measures": measures,
        "groups": groups,
        "partners": snapshot.get("partners", []),
        "cost_total": sum(costs) if costs else None,
        "timeline": _timeline(measures, timezone.localdate(as_of)),
    }
    return document
