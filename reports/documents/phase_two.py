"""Phase 2 results presentation: response rates, change readiness overall and by group, the
index per dimension, per-question charts, ideas and challenges from the free text, and the
involvement of the city council.

Survey figures come only from surveys.results.survey_results, which applies the small-group
threshold: a figure it marks as suppressed is never drawn here, only its note is printed.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from phases.models import CouncilSession, GateEvent
from surveys.models import Question, Survey
from surveys.results import Figure, QuestionResults, SurveyResults, survey_results

from ..charts import Bar, bar_chart_svg
from .common import Document, engagement, phase_summary


@dataclass(frozen=True)
class QuestionSlide:
    results: QuestionResults
    chart: str
    note: str


@dataclass(frozen=True)
class SurveyPart:
    results: SurveyResults
    # The survey's title and wave: several surveys (or waves of one) share the document.
    label: str
    participation_chart: str
    readiness_chart: str
    dimensions_chart: str
    questions: list[QuestionSlide]
    texts: list


def _bar(label: str, figure: Figure, *, share: bool = False) -> Bar:
    if not figure.shown or figure.respondents == 0:
        return Bar(label, None, figure.note)
    value = figure.percent if share else figure.value
    return Bar(label, value, f"n={figure.respondents}")


def _chart(
    bars: list[Bar], title: str, unit: str = "", maximum: int = 100, decimals: int = 0
) -> str:
    brand = connection.tenant.brand_colour
    return bar_chart_svg(
        bars,
        maximum=maximum,
        decimals=decimals,
        colour=brand,
        unit=unit,
        title=title,
        suppressed_text=_("hidden"),
        width=760,
        label_width=260,
    )


def _question_slide(question: QuestionResults) -> QuestionSlide | None:
    kind = question.question.kind
    if kind == Question.Kind.TEXT:
        return None  # free texts have their own section
    if not question.figure.shown:
        return QuestionSlide(question, "", question.figure.note)
    if kind == Question.Kind.RATING:
        # The mean on the question's own scale, as the results page shows it.
        bars = [_bar(row.label, row.figure) for row in question.rows]
        chart = _chart(bars, _("Mean rating (0–10)"), maximum=10, decimals=1)
    elif question.rows:
        # Agreement scales and matrices: the share that agrees, line by line.
        bars = [_bar(row.label, row.figure, share=True) for row in question.rows]
        chart = _chart(bars, _("Share agreeing"), unit=" %")
    elif question.bars:
        bars = [Bar(bar.label, bar.percent, f"n={bar.count}") for bar in question.bars]
        chart = _chart(bars, _("Share of respondents"), unit=" %")
    else:
        return None
    return QuestionSlide(question, chart, "")


def _survey_part(survey: Survey) -> SurveyPart:
    results = survey_results(survey, text_sample=8)
    rates = [
        Bar(str(p.group.name), p.rate, f"{p.answered}/{p.invited}")
        for p in results.participation
        if p.group is not None and p.invited
    ]
    readiness = (
        [_bar(_("All groups"), results.readiness.total)]
        + [_bar(str(g.group.name), g.figure) for g in results.readiness.by_group]
        if results.readiness
        else []
    )
    dimensions = [_bar(row.label, row.total) for row in results.dimensions]
    questions = [
        slide
        for section in results.sections
        for question in section.questions
        if (slide := _question_slide(question)) is not None
    ]
    texts = [text for text in results.texts if text.figure.shown and text.sample]
    return SurveyPart(
        results=results,
        label=_("%(title)s · wave %(wave)s") % {"title": survey.title, "wave": survey.wave},
        participation_chart=_chart(rates, _("Response rate"), unit=" %") if rates else "",
        readiness_chart=_chart(readiness, _("Change-readiness index (0–100)")) if readiness else "",
        dimensions_chart=_chart(dimensions, _("Index per dimension (0–100)")) if dimensions else "",
        questions=questions,
        texts=texts,
    )


def _surveys() -> list[Survey]:
    """The surveys of this phase: those of its activities, and those of no activity opened
    before the phase was signed off. A later wave, run in Implementation to measure what the
    roadmap changed, is not part of the phase's results."""
    signed_off = (
        GateEvent.objects.filter(phase__number=2, kind=GateEvent.Kind.APPROVED)
        .values_list("created_at", flat=True)
        .first()  # the latest: the history is ordered newest first
    )
    unlinked = Q(activity__isnull=True)
    if signed_off is not None:
        unlinked &= Q(opened_at__lt=signed_off)
    return list(
        Survey.objects.filter(is_template=False)
        .exclude(state=Survey.State.DRAFT)
        .filter(Q(activity__phase__number=2) | unlinked)
        .select_related("instrument")
        .order_by("opened_at", "id")
    )


def phase_two_results(as_of: datetime) -> Document:
    document = Document(
        template="reports/pdf/phase_two.html",
        title=_("Results of mobilization and activation"),
        subtitle=_("Phase 2 · Digital change readiness, ideas and challenges"),
    )
    parts = [_survey_part(survey) for survey in _surveys()]
    document.section("approach", _("Our approach"))
    if parts:
        document.section("participation", _("Response rates"))
        document.section("readiness", _("Change readiness"))
        document.section("questions", _("Results by question"))
        document.section("voices", _("Ideas and challenges in the respondents' words"))
    document.section("council", _("Involvement of the city council"))
    document.section("next-steps", _("Next steps"))
    document.context = {
        "engagement": engagement(),
        "summary": phase_summary(2, as_of),
        "next_phase": phase_summary(3, as_of),
        "parts": parts,
        "council_sessions": list(
            CouncilSession.objects.select_related("phase", "meeting").order_by("held_on", "id")
        ),
    }
    return document
