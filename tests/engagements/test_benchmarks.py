"""Benchmarks: opted-in municipalities of the same size band, medians only, from five on."""

import pytest
from django.db import connection

from engagements.benchmarks import benchmark_for, size_band
from engagements.models import BenchmarkFigure, Municipality
from engagements.summaries import summary_refresh
from interviews.models import MaturityRating
from taxonomy.models import Topic
from tests.conftest import browser_of

FILING = "administration.electronic-filing"


def peers(levels: list[float], *, population: int = 30_000, opted_in: bool = True) -> None:
    """Comparison municipalities (rows in the public schema only) with a filing maturity."""
    start = Municipality.objects.count()
    municipalities = Municipality.objects.bulk_create(
        Municipality(
            name=f"Vergleichsstadt {start + n}",
            slug=f"vergleich-{start + n}",
            schema_name=f"vergleich_{start + n}",
            population=population,
            benchmarking_opt_in=opted_in,
        )
        for n in range(len(levels))
    )
    BenchmarkFigure.objects.bulk_create(
        BenchmarkFigure(municipality=m, kind="maturity", key=FILING, value=level)
        for m, level in zip(municipalities, levels, strict=True)
    )


@pytest.fixture
def alpha_opted_in(alpha) -> Municipality:
    alpha.benchmarking_opt_in = True
    alpha.save()
    BenchmarkFigure.objects.create(municipality=alpha, kind="maturity", key=FILING, value=2)
    return alpha


@pytest.mark.parametrize(
    ("population", "band"),
    [(9_999, 0), (10_000, 1), (19_999, 1), (48_000, 2), (50_000, 3), (250_000, 4)],
)
def test_size_bands_by_population(population: int, band: int) -> None:
    assert size_band(population)[0] == [0, 10_000, 20_000, 50_000, 100_000][band]


def test_four_comparable_municipalities_are_too_few_to_show(alpha_opted_in):
    peers([1, 2, 3, 4])

    benchmark = benchmark_for(alpha_opted_in)

    assert (benchmark.shown, benchmark.group_size, benchmark.rows) == (False, 4, [])


def test_five_give_the_median_without_the_municipality_itself(alpha_opted_in):
    peers([1, 2, 3, 4, 5])

    benchmark = benchmark_for(alpha_opted_in)

    row = next(row for row in benchmark.maturity if row.key == FILING)
    assert (benchmark.shown, row.own, row.median, row.group_size) == (True, 2, 3, 5)
    assert row.label == "Electronic filing"


def test_only_opted_in_municipalities_of_the_same_band_count(alpha_opted_in):
    peers([5, 5, 5, 5])
    peers([1, 1, 1], opted_in=False)
    peers([1, 1, 1], population=60_000)

    assert benchmark_for(alpha_opted_in).shown is False
    peers([4])
    row = next(row for row in benchmark_for(alpha_opted_in).maturity if row.key == FILING)
    assert (row.median, row.group_size) == (5, 5)


def test_a_municipality_that_does_not_take_part_sees_no_comparison(alpha):
    peers([1, 2, 3, 4, 5])

    assert benchmark_for(alpha).shown is False


def test_a_figure_that_fewer_than_five_have_is_withheld_even_in_a_large_group(alpha_opted_in):
    peers([1, 2, 3, 4, 5])
    other = Municipality.objects.filter(slug__startswith="vergleich")[:4]
    BenchmarkFigure.objects.bulk_create(
        BenchmarkFigure(municipality=m, kind="maturity", key="society.velocity", value=3)
        for m in other
    )

    rows = {row.key: row for row in benchmark_for(alpha_opted_in).maturity}

    assert rows["society.velocity"].median is None
    assert rows[FILING].median == 3


def test_the_municipality_s_ratings_become_comparable_figures_in_either_language(alpha, beta):
    for municipality, topic_name in ((alpha, "E-Akte"), (beta, "Electronic filing")):
        connection.set_tenant(municipality)
        topic = Topic.objects.get(name=topic_name)
        MaturityRating.objects.create(topic=topic, level=4, rationale="Seit 2022 eingeführt.")
        Topic.objects.create(dimension=topic.dimension, name="Eigenes Thema")
        summary_refresh(municipality=municipality)
        connection.set_schema_to_public()

    figures = BenchmarkFigure.objects.filter(municipality__in=[alpha, beta])
    assert sorted(figures.values_list("municipality__slug", "key", "value")) == [
        ("alpha", FILING, 4.0),
        ("beta", FILING, 4.0),
    ]


def test_the_lead_sees_medians_and_how_many_municipalities_but_no_names(alpha_opted_in):
    peers([1, 2, 3, 4, 5])

    response = browser_of("leo", alpha_opted_in).get("/benchmark/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "5 municipalities" in page and "Electronic filing" in page
    assert "Vergleichsstadt" not in page and "Bergdorf" not in page
    assert "vergleich" not in page


def test_the_page_explains_why_there_is_no_comparison(alpha):
    page = browser_of("leo", alpha).get("/benchmark/").content.decode()

    assert "does not take part in benchmarking" in page


def test_a_consultant_switches_benchmarking_on_in_the_profile(alpha):
    browser = browser_of("carla")
    form = browser.get("/municipalities/alpha/").content.decode()
    assert "take part in benchmarking" in form.lower()

    browser.post(
        "/municipalities/alpha/",
        {
            "name": "Altstadt",
            "population": "48000",
            "brand_colour": "#1f5f8b",
            "benchmarking_opt_in": "on",
        },
    )

    alpha.refresh_from_db()
    assert alpha.benchmarking_opt_in is True
