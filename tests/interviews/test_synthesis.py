"""The synthesis matrix counts findings by result topic and dimension, with filters, in SQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.models import Finding, ResultTopic
from interviews.selectors import findings_filtered, synthesis_matrix
from taxonomy.models import Dimension
from tests.conftest import browser_of

from .factories import document, finding, interview

Source, Kind = Finding.Source, Finding.Kind


@pytest.fixture
def coded(in_alpha):
    """Seven findings spread over the matrix, from an interview, a document and elsewhere."""
    talk = interview()
    paper = document()
    finding("Paper files", topic_name="Electronic filing", source=Source.INTERVIEW, interview=talk)
    finding("No e-file", topic_name="Electronic filing", source=Source.DOCUMENT, document=paper)
    finding(
        "Wants online forms",
        result_topic=ResultTopic.NEEDS,
        topic_name="Digital business processes",
        kind=Kind.NEED,
        source=Source.INTERVIEW,
        interview=talk,
    )
    finding(
        "Data silos",
        result_topic=ResultTopic.NEEDS,
        topic_name="Data strategy",
        kind=Kind.RISK,
        source=Source.INTERVIEW,
        interview=talk,
    )
    finding(
        "Staff eager to learn",
        result_topic=ResultTopic.COMPETENCES,
        topic_name="Socio-technical change",
        kind=Kind.STRENGTH,
    )
    finding("Unclear ownership", result_topic=ResultTopic.CHALLENGES, topic_name=None)
    finding(
        "Slow approvals",
        result_topic=ResultTopic.PROCESSES,
        topic_name="Digital business processes",
        source=Source.DOCUMENT,
        document=paper,
    )
    return in_alpha


def counts(matrix) -> dict[tuple[str, str], int]:
    keys = dict(Dimension.objects.values_list("pk", "key"))
    names = [
        keys.get(int(key), "No taxonomy topic") if key != "none" else "No taxonomy topic"
        for key, _name in matrix.columns
    ]
    return {
        (row.result_topic, names[i]): cell.count
        for row in matrix.rows
        for i, cell in enumerate(row.cells)
        if cell.count
    }


def test_the_matrix_counts_findings_per_result_topic_and_dimension(coded):
    matrix = synthesis_matrix()

    assert counts(matrix) == {
        ("status_quo", "administration"): 2,
        ("needs", "administration"): 1,
        ("needs", "infrastructure"): 1,
        ("competences", "society"): 1,
        ("processes", "administration"): 1,
        ("challenges", "No taxonomy topic"): 1,
    }
    assert matrix.total == 7
    assert [row.total for row in matrix.rows] == [2, 2, 1, 1, 1]
    assert matrix.column_totals == [4, 1, 1, 1]


def test_the_matrix_filters_by_source_and_kind(coded):
    assert synthesis_matrix(source="document").total == 2
    assert counts(synthesis_matrix(source="interview")) == {
        ("status_quo", "administration"): 1,
        ("needs", "administration"): 1,
        ("needs", "infrastructure"): 1,
    }
    assert counts(synthesis_matrix(source="interview", kind="risk")) == {
        ("needs", "infrastructure"): 1
    }
    # An unknown filter value is ignored rather than emptying the matrix.
    assert synthesis_matrix(source="rumour", kind="gossip").total == 7


def test_the_matrix_has_no_uncoded_column_when_every_finding_has_a_topic(in_alpha):
    finding("Paper files")

    assert [key for key, _name in synthesis_matrix().columns] == [
        str(pk) for pk in Dimension.objects.values_list("pk", flat=True)
    ]


def test_the_matrix_is_counted_in_a_fixed_number_of_queries(coded):
    with CaptureQueriesContext(connection) as queries:
        synthesis_matrix()
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 2  # one GROUP BY for the counts, one for the dimensions


def test_each_cell_links_to_exactly_the_findings_behind_its_count(coded):
    from django.http import QueryDict

    matrix = synthesis_matrix(source="interview")
    for row in matrix.rows:
        for cell in row.cells:
            found, _applied = findings_filtered(QueryDict(cell.query))
            assert found.count() == cell.count, cell.query


def test_the_synthesis_page_shows_the_counts_and_links_them(coded):
    administration = Dimension.objects.get(key="administration")
    connection.set_schema_to_public()

    page = browser_of("mia", coded).get("/analysis/").content.decode()

    link = f"/analysis/findings/?result_topic=status_quo&amp;dimension={administration.pk}"
    assert f'href="{link}">2<' in page
    assert "7 findings" in page


def test_the_findings_behind_a_cell_are_listed_with_the_filter_named(coded):
    administration = Dimension.objects.get(key="administration")
    connection.set_schema_to_public()

    response = browser_of("mia", coded).get(
        f"/analysis/findings/?result_topic=status_quo&dimension={administration.pk}"
    )

    assert [f.statement for f in response.context["findings"]] == ["Paper files", "No e-file"]
    assert f"Status quo of digitization · {administration.name}" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/analysis/findings/?dimension=²",
        "/analysis/findings/?topic=²",
        "/analysis/findings/new/?document=²",
    ],
)
def test_a_digit_that_is_no_number_in_the_address_is_ignored(in_alpha, url):
    # "²".isdigit() is true, and int("²") fails: such a value must not end in an error page.
    assert browser_of("carla", in_alpha).get(url).status_code == 200
