"""Reads for the Phase 1 analysis: lists, the synthesis matrix, maturity, and the results."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from taxonomy.models import Dimension, Topic

from .charts import radar_svg
from .models import (
    Document,
    Finding,
    Interview,
    InterviewGuide,
    InterviewNote,
    MaturityRating,
    ResultTopic,
)

# --- Lists ---------------------------------------------------------------------------------


def documents() -> QuerySet[Document]:
    return Document.objects.select_related("uploaded_by").annotate(
        finding_count=Count("findings", distinct=True)
    )


def document_with_review(pk: int) -> Document:
    return Document.objects.select_related("uploaded_by", "reviewed_by").get(pk=pk)


def guides() -> QuerySet[InterviewGuide]:
    return InterviewGuide.objects.annotate(
        question_count=Count("questions", distinct=True),
        interview_count=Count("interviews", distinct=True),
    )


def interviews() -> QuerySet[Interview]:
    return Interview.objects.select_related("interviewer", "guide").annotate(
        finding_count=Count("findings", distinct=True)
    )


def interview_notes(interview: Interview) -> QuerySet[InterviewNote]:
    return interview.notes.prefetch_related(
        Prefetch("findings", queryset=Finding.objects.select_related("topic"))
    )


def findings() -> QuerySet[Finding]:
    return Finding.objects.select_related("topic__dimension", "interview", "document", "created_by")


def findings_filtered(params) -> tuple[QuerySet[Finding], dict[str, str]]:
    """Findings narrowed by the filters in `params` (a QueryDict); unknown values are ignored."""
    result = findings()
    applied: dict[str, str] = {}
    value = params.get("result_topic", "")
    if value in ResultTopic.values:
        result = result.filter(result_topic=value)
        applied["result_topic"] = value
    value = params.get("dimension", "")
    if value == "none":
        result = result.filter(topic__isnull=True)
        applied["dimension"] = value
    elif value.isascii() and value.isdigit():
        result = result.filter(topic__dimension_id=int(value))
        applied["dimension"] = value
    value = params.get("topic", "")
    if value.isascii() and value.isdigit():
        result = result.filter(topic_id=int(value))
        applied["topic"] = value
    value = params.get("source", "")
    if value in Finding.Source.values:
        result = result.filter(source=value)
        applied["source"] = value
    value = params.get("kind", "")
    if value in Finding.Kind.values:
        result = result.filter(kind=value)
        applied["kind"] = value
    return result, applied


def filter_labels(applied: dict[str, str]) -> list[str]:
    """The filters of findings_filtered in words, for the heading of the list."""
    labels = []
    if "result_topic" in applied:
        labels.append(ResultTopic(applied["result_topic"]).label)
    if applied.get("dimension") == "none":
        labels.append(_("No taxonomy topic"))
    elif "dimension" in applied:
        labels.append(
            Dimension.objects.filter(pk=applied["dimension"]).values_list("name", flat=True).first()
        )
    if "topic" in applied:
        labels.append(
            Topic.objects.filter(pk=applied["topic"]).values_list("name", flat=True).first()
        )
    if "source" in applied:
        labels.append(Finding.Source(applied["source"]).label)
    if "kind" in applied:
        labels.append(Finding.Kind(applied["kind"]).label)
    return [str(label) for label in labels if label]


# --- Synthesis -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    count: int
    query: str  # the findings filter that shows the findings behind the count


@dataclass(frozen=True)
class MatrixRow:
    result_topic: str
    label: str
    cells: list[MatrixCell]
    total: int


@dataclass(frozen=True)
class Matrix:
    columns: list[tuple[str, str]]  # (dimension id or "none", name)
    rows: list[MatrixRow]
    column_totals: list[int]
    total: int


def synthesis_matrix(*, source: str = "", kind: str = "") -> Matrix:
    """Counts of findings by result topic × taxonomy dimension, counted in SQL."""
    base = Finding.objects.all()
    extra = {}
    if source in Finding.Source.values:
        base = base.filter(source=source)
        extra["source"] = source
    if kind in Finding.Kind.values:
        base = base.filter(kind=kind)
        extra["kind"] = kind
    counts = {
        (row["result_topic"], row["topic__dimension"]): row["n"]
        for row in base.values("result_topic", "topic__dimension").annotate(n=Count("id"))
    }
    dimensions = list(Dimension.objects.values_list("id", "name"))
    columns = [(str(pk), name) for pk, name in dimensions]
    keys: list[int | None] = [pk for pk, _name in dimensions]
    if any(dimension is None for _topic, dimension in counts):
        columns.append(("none", _("No taxonomy topic")))
        keys.append(None)
    filters = "".join(f"&{name}={value}" for name, value in extra.items())
    rows = []
    for value, label in ResultTopic.choices:
        cells = [
            MatrixCell(
                count=counts.get((value, key), 0),
                query=f"result_topic={value}&dimension={column}{filters}",
            )
            for key, (column, _name) in zip(keys, columns, strict=True)
        ]
        rows.append(MatrixRow(value, str(label), cells, sum(cell.count for cell in cells)))
    column_totals = [sum(row.cells[i].count for row in rows) for i in range(len(columns))]
    return Matrix(columns, rows, column_totals, sum(column_totals))


def source_counts() -> dict[str, int]:
    return dict(
        Finding.objects.values_list("source").annotate(n=Count("id")).values_list("source", "n")
    )


# --- Maturity ------------------------------------------------------------------------------


def topics_with_maturity() -> QuerySet[Topic]:
    return (
        Topic.objects.select_related("dimension", "maturity", "maturity__rated_by")
        .annotate(
            finding_count=Count("findings", distinct=True),
            rating_finding_count=Count("maturity__findings", distinct=True),
        )
        .order_by("dimension__position", "position", "id")
    )


def maturity_chart(topic_list: list[Topic], *, ident: str = "radar") -> str:
    values = [topic.maturity.level if hasattr(topic, "maturity") else None for topic in topic_list]
    rated = [v for v in values if v is not None]
    return radar_svg(
        [topic.name for topic in topic_list],
        values,
        title=_("Maturity per taxonomy topic"),
        description=_("%(rated)d of %(total)d topics rated on a scale from 1 to 5.")
        % {"rated": len(rated), "total": len(values)},
        colour=getattr(connection.tenant, "brand_colour", "#1f5f8b"),
        ident=ident,
    )


def maturity_entries(topic_list: list[Topic]) -> list["MaturityEntry"]:
    """One entry per topic of `topics_with_maturity()`, rated or not."""
    entries = []
    for topic in topic_list:
        rating = topic.maturity if hasattr(topic, "maturity") else None
        entries.append(
            MaturityEntry(
                topic_id=topic.pk,
                dimension=topic.dimension.name,
                topic=topic.name,
                level=rating.level if rating else None,
                rationale=rating.rationale if rating else "",
                finding_count=topic.rating_finding_count,
            )
        )
    return entries


def rating_findings(topic: Topic) -> QuerySet[Finding]:
    """The findings a rating of `topic` may rest on: those coded to the topic come first."""
    return findings().annotate(same_topic=Q(topic=topic)).order_by("-same_topic", "result_topic")


# --- Phase 1 results -----------------------------------------------------------------------


@dataclass(frozen=True)
class ResultSection:
    result_topic: str
    label: str
    findings: list[Finding]
    counts_by_kind: dict[str, int]


@dataclass(frozen=True)
class KeyQuote:
    text: str
    attribution: str  # empty when the attribution is withheld
    result_topic_label: str
    topic_name: str


@dataclass(frozen=True)
class MaturityEntry:
    topic_id: int
    dimension: str
    topic: str
    level: int | None
    rationale: str
    finding_count: int


@dataclass(frozen=True)
class PhaseOneResults:
    """Everything the Phase 1 results presentation shows, ready for a template or the PDF."""

    municipality: str
    sections: list[ResultSection]
    key_quotes: list[KeyQuote]
    maturity: list[MaturityEntry]
    documents_reviewed: int
    documents_total: int
    interviews_done: int
    interviews_planned: int
    findings_total: int
    radar: str = field(repr=False)

    @property
    def maturity_rated(self) -> list[MaturityEntry]:
        return [entry for entry in self.maturity if entry.level is not None]


def _quote_of(finding: Finding) -> KeyQuote:
    attribution = ""
    if finding.quote_attributed and finding.interview is not None:
        attribution = finding.interview.attribution
    return KeyQuote(
        text=finding.quote,
        attribution=attribution,
        result_topic_label=str(finding.get_result_topic_display()),
        topic_name=finding.topic.name if finding.topic else "",
    )


def phase_one_results(*, key_quote_limit: int = 8) -> PhaseOneResults:
    """Assemble the Phase 1 results of the current municipality (run inside its schema).

    Key findings come first in each section. Key quotes are the quotes of key findings, then of
    the others, at most `key_quote_limit`; an attribution is given only where it was agreed.
    """
    all_findings = list(findings().order_by("-is_key", "kind", "id"))
    sections = []
    for value, label in ResultTopic.choices:
        members = [finding for finding in all_findings if finding.result_topic == value]
        kinds: dict[str, int] = {}
        for finding in members:
            kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
        sections.append(ResultSection(value, str(label), members, kinds))
    quoted = [finding for finding in all_findings if finding.quote]
    key_quotes = [_quote_of(finding) for finding in quoted[:key_quote_limit]]
    topic_list = list(topics_with_maturity())
    maturity = maturity_entries(topic_list)
    document_counts = Document.objects.aggregate(
        total=Count("id"), reviewed=Count("id", filter=Q(reviewed_at__isnull=False))
    )
    interview_counts = Interview.objects.aggregate(
        done=Count("id", filter=Q(state=Interview.State.DONE)),
        planned=Count("id", filter=Q(state=Interview.State.PLANNED)),
    )
    return PhaseOneResults(
        municipality=getattr(connection.tenant, "name", ""),
        sections=sections,
        key_quotes=key_quotes,
        maturity=maturity,
        documents_reviewed=document_counts["reviewed"],
        documents_total=document_counts["total"],
        interviews_done=interview_counts["done"],
        interviews_planned=interview_counts["planned"],
        findings_total=len(all_findings),
        radar=maturity_chart(topic_list, ident="results-radar"),
    )


def maturity_ratings() -> QuerySet[MaturityRating]:
    return MaturityRating.objects.select_related("topic__dimension", "rated_by")
