"""Benchmarking: a municipality's figures against the median of comparable municipalities.

Comparable means: the same size band by population, and opted in. A municipality's own figures
are copied to the public schema (BenchmarkFigure) when its summary is refreshed, so a comparison
never opens another municipality's schema. What a municipal user sees of the others is a median
and how many municipalities it rests on, never a name or a single municipality's value, and
only when at least MINIMUM_GROUP municipalities stand behind it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db.models import Aggregate, Count, FloatField, QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from taxonomy.method import TAXONOMY

from .models import BenchmarkFigure, Municipality

MINIMUM_GROUP = 5

# (lower bound inclusive, upper bound exclusive or None, label)
SIZE_BANDS: list[tuple[int, int | None, Promise]] = [
    (0, 10_000, _("fewer than 10,000 inhabitants")),
    (10_000, 20_000, _("10,000 to 20,000 inhabitants")),
    (20_000, 50_000, _("20,000 to 50,000 inhabitants")),
    (50_000, 100_000, _("50,000 to 100,000 inhabitants")),
    (100_000, None, _("100,000 inhabitants or more")),
]


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def size_band(population: int | None) -> tuple[int, int | None, Promise] | None:
    if population is None:
        return None
    return next(band for band in SIZE_BANDS if band[1] is None or population < band[1])


# --- What a municipality contributes (read in its own schema) ----------------------------------


@cache
def _method_topics() -> dict[tuple[str, str], str]:
    """(dimension key, topic name in any UI language) -> the method topic's key."""
    keys = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for dimension_key, _dimension, topics in TAXONOMY:
                for topic in topics:
                    with translation.override("en"):
                        english = str(topic)
                    keys[(dimension_key, str(topic).casefold())] = (
                        f"{dimension_key}.{slugify(english)}"
                    )
    return keys


def topic_labels() -> dict[str, str]:
    """The method topic's key -> its name in the active language."""
    labels = {}
    for dimension_key, _dimension, topics in TAXONOMY:
        for topic in topics:
            with translation.override("en"):
                key = f"{dimension_key}.{slugify(str(topic))}"
            labels[key] = str(topic)
    return labels


def maturity_figures() -> list[tuple[str, str, float]]:
    """Phase 1 ratings of the method's topics; topics a municipality added compare to nothing."""
    from interviews.models import MaturityRating

    ratings = MaturityRating.objects.values_list("topic__dimension__key", "topic__name", "level")
    figures = []
    for dimension_key, name, level in ratings:
        key = _method_topics().get((dimension_key, name.casefold()))
        if key is not None:
            figures.append((BenchmarkFigure.Kind.MATURITY, key, float(level)))
    return figures


def readiness_figures() -> list[tuple[str, str, float]]:
    """The change-readiness indices (0–100) of the newest survey with results, as far as the
    survey's own privacy rules let them be shown."""
    from surveys.models import Survey
    from surveys.results import survey_results

    survey = (
        Survey.objects.filter(is_template=False)
        .exclude(state=Survey.State.DRAFT)
        .order_by("-opened_at", "-pk")
        .first()
    )
    if survey is None:
        return []
    results = survey_results(survey, text_sample=0)
    rows = [("overall", results.readiness)] if results.readiness else []
    rows += [(f"dimension.{row.dimension.key}", row) for row in results.dimensions]
    return [
        (BenchmarkFigure.Kind.READINESS, key, float(row.total.value))
        for key, row in rows
        if row.total.shown and row.total.value is not None
    ]


# Each returns (kind, key, value) for the current schema.
BENCHMARK_SOURCES: list[Callable[[], list[tuple[str, str, float]]]] = [
    maturity_figures,
    readiness_figures,
]


def readiness_labels() -> dict[str, str]:
    labels = {"overall": str(_("Change readiness (overall)"))}
    for dimension_key, dimension, _topics in TAXONOMY:
        labels[f"dimension.{dimension_key}"] = str(dimension)
    return labels


def benchmark_figures_collect() -> list[tuple[str, str, float]]:
    return [figure for source in BENCHMARK_SOURCES for figure in source()]


# --- The comparison (public schema only) -------------------------------------------------------


@dataclass(frozen=True)
class BenchmarkRow:
    kind: str
    key: str
    label: str
    own: float | None
    median: float | None
    group_size: int

    @property
    def shown(self) -> bool:
        return self.median is not None


@dataclass(frozen=True)
class Benchmark:
    """What a municipality may see of its comparison group."""

    opted_in: bool
    band_label: str | None
    group_size: int  # opted-in municipalities of the band, the municipality itself excluded
    rows: list[BenchmarkRow] = field(default_factory=list)
    minimum_group: int = MINIMUM_GROUP

    @property
    def shown(self) -> bool:
        return self.opted_in and self.band_label is not None and self.group_size >= MINIMUM_GROUP

    def rows_of(self, kind: str) -> list[BenchmarkRow]:
        return [row for row in self.rows if row.kind == kind]

    @property
    def maturity(self) -> list[BenchmarkRow]:
        return self.rows_of(BenchmarkFigure.Kind.MATURITY)

    @property
    def readiness(self) -> list[BenchmarkRow]:
        return self.rows_of(BenchmarkFigure.Kind.READINESS)


def _comparison_group(municipality: Municipality, band: tuple) -> QuerySet[Municipality]:
    lower, upper, _label = band
    group = Municipality.objects.filter(benchmarking_opt_in=True, population__gte=lower).exclude(
        pk=municipality.pk
    )
    return group.filter(population__lt=upper) if upper is not None else group


def _label(kind: str, key: str, labels: dict[str, str]) -> str:
    return labels.get(key, key)


def benchmark_for(municipality: Municipality) -> Benchmark:
    """The municipality's figures against the medians of its size band (three queries).

    A median rests on the municipalities that have that figure; one resting on fewer than
    MINIMUM_GROUP is withheld, as is the whole comparison for a group that small, or for a
    municipality that does not take part itself.
    """
    band = size_band(municipality.population)
    if band is None:
        return Benchmark(opted_in=municipality.benchmarking_opt_in, band_label=None, group_size=0)
    group = _comparison_group(municipality, band)
    benchmark = Benchmark(
        opted_in=municipality.benchmarking_opt_in,
        band_label=str(band[2]),
        group_size=group.count(),
    )
    if not benchmark.shown:
        return benchmark
    medians = {
        (row["kind"], row["key"]): row
        for row in BenchmarkFigure.objects.filter(municipality__in=group)
        .values("kind", "key")
        .annotate(median=Median("value"), size=Count("municipality", distinct=True))
    }
    own = {
        (kind, key): value
        for kind, key, value in municipality.benchmark_figures.values_list("kind", "key", "value")
    }
    labels = {**topic_labels(), **readiness_labels()}
    order = {key: index for index, key in enumerate(labels)}
    rows = []
    for kind, key in sorted(
        set(medians) | set(own), key=lambda pair: (pair[0], order.get(pair[1], 999), pair[1])
    ):
        median = medians.get((kind, key), {"median": None, "size": 0})
        shown = median["size"] >= MINIMUM_GROUP
        rows.append(
            BenchmarkRow(
                kind=kind,
                key=key,
                label=_label(kind, key, labels),
                own=own.get((kind, key)),
                median=median["median"] if shown else None,
                group_size=median["size"] if shown else 0,
            )
        )
    return Benchmark(
        opted_in=benchmark.opted_in,
        band_label=benchmark.band_label,
        group_size=benchmark.group_size,
        rows=rows,
    )
