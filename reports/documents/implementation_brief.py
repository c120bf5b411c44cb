"""Implementation brief: the communication strategy and the progress of each measure
(from roadmap.selectors), for the roadmap version being carried out."""

from datetime import datetime

from django.db import connection
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from roadmap.models import Instrument, RoadmapVersion
from roadmap.selectors import communication_plan, communication_svg, measures, roadmap_progress

from ..charts import Bar, progress_bars_svg
from .common import Document, engagement, phase_summary

HEALTH_WORDS = {
    "on_track": _("on track"),
    "late": _("late"),
    "blocked": _("blocked"),
    "done": _("done"),
}


def implementation_brief(as_of: datetime) -> Document:
    shown = RoadmapVersion.objects.order_by("-frozen_at", "-id").first()
    today = timezone.localdate(as_of)
    measure_list = list(measures(today))
    items = list(communication_plan())
    document = Document(
        template="reports/pdf/implementation_brief.html",
        title=_("Implementation brief"),
        subtitle=_("Phase 4 · Communication strategy and progress"),
        roadmap_version=shown.pk if shown else None,
    )
    document.section("overview", _("Where the implementation stands"))
    document.section("progress", _("Progress by measure"))
    document.section("communication", _("Communication strategy"))
    document.section("next-steps", _("Next steps"))
    bars = [
        Bar(
            measure.title,
            100 if measure.health == "done" else (measure.percent or 0),
            str(HEALTH_WORDS.get(measure.health, "")),
        )
        for measure in measure_list
    ]
    document.context = {
        "engagement": engagement(),
        "summary": phase_summary(4, as_of),
        "roadmap_version": shown,
        "progress": roadmap_progress(today),
        "measures": measure_list,
        "progress_chart": progress_bars_svg(
            bars, colour=connection.tenant.brand_colour, title=_("Progress by measure")
        )
        if bars
        else "",
        "communication": items,
        # roadmap.selectors draws with roadmap.charts, which escapes every text.
        "communication_chart": mark_safe(  # noqa: S308
            communication_svg(items, title=_("Communication plan"), today=today)
        )
        if items
        else "",
        "instruments": list(Instrument.objects.filter(chosen=True)),
    }
    return document
