"""The Phase 1 results in one place, and the maturity ratings behind the radar chart."""

import re

from django.db import connection
from django_tenants.utils import schema_context

from interviews.models import MaturityRating
from interviews.selectors import phase_one_results
from tests.conftest import browser_of

from .factories import finding, interview, topic


def test_phase_one_results_gather_sections_quotes_and_maturity(in_alpha):
    talk = interview("Petra Amt")
    finding("Minor point", source="interview", interview=talk, quote="Nebensache.")
    finding(
        "Main point",
        source="interview",
        interview=talk,
        quote="Das ist zentral.",
        quote_attributed=True,
        is_key=True,
    )
    finding("A need", result_topic="needs", kind="need", topic_name="Data strategy")
    rating = MaturityRating.objects.create(
        topic=topic("Electronic filing"), level=2, rationale="Paper files"
    )

    results = phase_one_results()

    assert [s.result_topic for s in results.sections] == [
        "status_quo",
        "needs",
        "competences",
        "processes",
        "challenges",
    ]
    status_quo = results.sections[0]
    assert [f.statement for f in status_quo.findings] == ["Main point", "Minor point"]
    assert status_quo.counts_by_kind == {"weakness": 2}
    assert [(q.text, q.attribution) for q in results.key_quotes] == [
        ("Das ist zentral.", "Petra Amt, Head of department, Citizens' office"),
        ("Nebensache.", ""),
    ]
    assert results.findings_total == 3
    assert (results.interviews_done, results.interviews_planned) == (0, 1)
    rated = results.maturity_rated
    assert [(e.topic_id, e.level, e.rationale) for e in rated] == [
        (rating.topic_id, 2, "Paper files")
    ]
    assert len(results.maturity) == 14
    assert results.radar.startswith("<svg") and 'role="img"' in results.radar


def test_a_consultant_rates_a_topic_on_the_findings_it_rests_on(alpha):
    with schema_context("alpha"):
        connection.set_tenant(alpha)
        filing = topic("Electronic filing")
        basis = finding("Paper files")
    connection.set_schema_to_public()

    response = browser_of("carla", alpha).post(
        f"/analysis/maturity/{filing.pk}/",
        {"level": "2", "rationale": "Pilot only.", "findings": [basis.pk]},
    )

    assert response.status_code == 302
    with schema_context("alpha"):
        rating = MaturityRating.objects.get(topic=filing)
        assert (rating.level, list(rating.findings.all())) == (2, [basis])


def test_a_rating_outside_one_to_five_or_without_rationale_is_refused(alpha):
    with schema_context("alpha"):
        filing = topic("Electronic filing")

    response = browser_of("carla", alpha).post(
        f"/analysis/maturity/{filing.pk}/", {"level": "7", "rationale": ""}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"level", "rationale"}
    with schema_context("alpha"):
        assert not MaturityRating.objects.exists()


def test_the_maturity_page_shows_the_chart_and_the_same_numbers_as_a_table(alpha):
    with schema_context("alpha"):
        MaturityRating.objects.create(topic=topic("Home office"), level=4, rationale="Works")

    page = browser_of("mia", alpha).get("/analysis/maturity/").content.decode()

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert '<span class="ww-level ww-level-4">4</span>' in page
    assert "Works" in page
    # A member reads the ratings but is offered no way to change them.
    assert not re.search(r"/analysis/maturity/\d+/", page)


def test_the_results_page_withholds_attribution_unless_agreed(alpha):
    with schema_context("alpha"):
        connection.set_tenant(alpha)
        talk = interview("Petra Amt")
        finding("Anonymous one", source="interview", interview=talk, quote="Geheim.")
    connection.set_schema_to_public()

    page = browser_of("mia", alpha).get("/analysis/results/").content.decode()

    assert "„Geheim.“" in page
    assert "Petra Amt" not in page
    assert "attribution withheld" in page


def test_the_results_figures_speak_of_one_finding_and_one_interview_in_the_singular(alpha):
    with schema_context("alpha"):
        connection.set_tenant(alpha)
        talk = interview("Petra Amt", state="done", held_on="2026-03-02")
        finding("Only point", source="interview", interview=talk)
    connection.set_schema_to_public()

    page = browser_of("mia", alpha).get("/analysis/results/").content.decode()

    assert "<strong>1</strong> coded finding</li>" in page
    assert "<strong>1</strong> interview held</li>" in page
    assert "<strong>0</strong> / 0 documents reviewed" in page


def test_the_results_figures_use_the_plural_for_more_than_one(alpha):
    with schema_context("alpha"):
        connection.set_tenant(alpha)
        for name in ("Petra Amt", "Karl Vorsicht"):
            talk = interview(name, state="done", held_on="2026-03-02")
            finding(f"Point of {name}", source="interview", interview=talk)
    connection.set_schema_to_public()

    page = browser_of("mia", alpha).get("/analysis/results/").content.decode()

    assert "<strong>2</strong> coded findings</li>" in page
    assert "<strong>2</strong> interviews held</li>" in page
