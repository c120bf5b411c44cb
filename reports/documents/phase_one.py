"""Phase 1 results presentation: status quo, needs, competences, processes, challenges,
maturity by taxonomy topic, key findings and quotes (from interviews.selectors)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from interviews.models import Finding
from interviews.selectors import ResultSection
from interviews.selectors import phase_one_results as analysis_results

from ..charts import Bar, bar_chart_svg
from .common import Document, engagement, phase_summary


@dataclass(frozen=True)
class TopicSlide:
    key: str
    title: str
    findings_by_kind: list[tuple[str, list[Finding]]]
    count: int


def _slide(section: ResultSection) -> TopicSlide:
    grouped = [
        (str(label), [finding for finding in section.findings if finding.kind == kind])
        for kind, label in Finding.Kind.choices
    ]
    return TopicSlide(
        key=section.result_topic,
        title=section.label,
        findings_by_kind=[(label, items) for label, items in grouped if items],
        count=len(section.findings),
    )


def phase_one_results(as_of: datetime) -> Document:
    results = analysis_results()
    rated = results.maturity_rated
    document = Document(
        template="reports/pdf/phase_one.html",
        title=_("Results of the analysis"),
        subtitle=_("Phase 1 · Status quo of digitization, needs and challenges"),
    )
    document.section("approach", _("Our approach"))
    slides = [_slide(section) for section in results.sections]
    for slide in slides:
        document.section(f"topic-{slide.key}", slide.title)
    document.section("maturity", _("Maturity by topic"))
    document.section("key-findings", _("Key findings"))
    document.section("quotes", _("Voices from the interviews"))
    document.section("next-steps", _("Next steps"))
    document.context = {
        "engagement": engagement(),
        "summary": phase_summary(1, as_of),
        "next_phase": phase_summary(2, as_of),
        "results": results,
        "topics": slides,
        "key_findings": [
            finding
            for section in results.sections
            for finding in section.findings
            if finding.is_key
        ],
        "maturity_average": sum(entry.level for entry in rated) / len(rated) if rated else None,
        # The analysis app's radar escapes its labels (interviews.charts.radar_svg).
        "maturity_radar": mark_safe(results.radar) if rated else "",  # noqa: S308
        "maturity_bars": bar_chart_svg(
            [Bar(entry.topic, entry.level) for entry in results.maturity],
            maximum=5,
            colour=connection.tenant.brand_colour,
            label_width=190,
            width=520,
            bar_height=12,
            suppressed_text=_("not rated"),
            title=_("Maturity by topic (1–5)"),
        )
        if rated
        else "",
    }
    return document
