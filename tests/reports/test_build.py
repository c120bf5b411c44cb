"""Building a document: the PDF opens, has the pages and text it should, and is kept."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from reports.models import Kind, ReportVersion
from reports.services import report_build_now
from tests.conftest import persona

from .conftest import pdf_pages, pdf_text
from .data import analysis_data, council_data

MM = 72 / 25.4


def build(kind: str, language: str = "en") -> ReportVersion:
    version = report_build_now(kind=kind, actor=persona("carla"), language=language)
    assert version.state == ReportVersion.State.READY, version.error
    return version


def page_size_mm(data: bytes) -> tuple[int, int]:
    box = PdfReader(BytesIO(data)).pages[0].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


def test_phase_one_presentation_has_cover_contents_results_and_page_numbers(in_alpha):
    analysis_data("Altstadt")

    version = build(Kind.PHASE1_RESULTS)

    data = version.file.read()
    pages = pdf_pages(data)
    assert len(pages) == version.page_count >= 12
    assert "Results of the analysis" in pages[0] and "Altstadt" in pages[0]
    assert "Contents" in pages[1] and "Maturity by topic" in pages[1]
    text = pdf_text(data)
    for heading in ("Status quo of digitization", "Needs", "Competences", "Processes"):
        assert heading in text
    assert "Citizens expect to book appointments online (Altstadt needs 3)" in text
    assert "Average maturity across the rated topics" in text
    # Quotes carry the name only where the interviewee agreed to it.
    assert "Dana Beispiel Altstadt" in text
    assert "Interview participant" in text
    assert f"3 / {len(pages)}" in pages[2]


def test_presentations_are_16_to_9_slides_and_the_roadmap_an_a4_document(in_alpha):
    slides = build(Kind.PHASE1_RESULTS).file.read()
    roadmap = build(Kind.ROADMAP).file.read()

    assert page_size_mm(slides) == (297, 167)
    assert page_size_mm(roadmap) == (210, 297)


def test_contents_give_the_page_each_section_starts_on(in_alpha):
    analysis_data("Altstadt")

    pages = pdf_pages(build(Kind.PHASE1_RESULTS).file.read())

    quotes_page = next(
        n for n, text in enumerate(pages, 1) if n > 2 and "Voices from the interviews" in text
    )
    assert f"Voices from the interviews {quotes_page}" in pages[1].replace(" .", "").replace(
        ". ", ""
    )


def test_phase_two_presentation_shows_the_council_sessions(in_alpha):
    council_data("Altstadt")

    text = pdf_text(build(Kind.PHASE2_RESULTS).file.read())

    assert "Involvement of the city council" in text
    assert "Digital strategy, interim report (Altstadt)" in text


@pytest.mark.parametrize("kind", Kind.values)
def test_every_document_builds_from_an_engagement_without_data(in_alpha, kind):
    version = build(kind)

    assert version.page_count >= 3
    assert version.file.name.startswith(f"reports/{kind}/")


def test_document_speaks_the_language_it_was_asked_in(in_alpha):
    reader = PdfReader(BytesIO(build(Kind.PHASE1_RESULTS, language="de").file.read()))

    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_user_text_is_printed_as_text_never_read_as_markup(in_alpha):
    from interviews.models import Finding

    Finding.objects.create(
        statement='<img src="file:///etc/passwd"> <b>bold</b> & more',
        result_topic="needs",
        kind=Finding.Kind.NEED,
        source=Finding.Source.OTHER,
    )

    text = pdf_text(build(Kind.PHASE1_RESULTS).file.read())

    assert '<img src="file:///etc/passwd"> <b>bold</b> & more' in text


def test_a_finished_version_is_not_built_again(in_alpha):
    from reports.services import report_build

    version = build(Kind.PHASE1_RESULTS)
    name = version.file.name

    again = report_build(version_id=version.pk)

    assert again.file.name == name
    assert ReportVersion.objects.count() == 1


def test_phase_two_presentation_shows_survey_figures_and_hides_groups_below_the_threshold(
    in_alpha,
):
    from .data import survey_data

    survey_data("Altstadt", small_group_size=2)

    text = pdf_text(build(Kind.PHASE2_RESULTS).file.read())

    assert "Response rates" in text
    assert "· wave 1" in text  # which survey and wave the figures come from
    assert "Change readiness" in text
    assert "Employees" in text
    assert "An app for permits (Altstadt)" in text
    # Two council members answered: below the threshold of five, their figures stay out. Their
    # texts are listed with everyone's, as on the results page: 14 texts, none attributed, and
    # no filter separates the council's from the rest (that would leave too few behind).
    assert "Council Altstadt" in text
    assert "hidden" in text
    assert "An app for permits (Altstadt) (8 times)" in text
    assert "Figures based on fewer than 5 responses are not shown" in text


def test_roadmap_document_shows_the_frozen_version_measures_owners_and_kpis(in_alpha):
    from .data import roadmap_data

    roadmap_data("Altstadt")

    version = build(Kind.ROADMAP)

    text = pdf_text(version.file.read())
    assert version.roadmap_version.name == "Council version Altstadt"
    assert "Council version Altstadt" in text
    assert "Introduce electronic files (Altstadt)" in text
    assert "Hauptamt" in text and "80 % by 2028" in text
    assert "Kommunales Rechenzentrum Altstadt" in text
    assert "Timeline" in text


def test_implementation_brief_shows_progress_and_the_communication_plan(in_alpha):
    from .data import roadmap_data

    roadmap_data("Altstadt")

    text = pdf_text(build(Kind.IMPLEMENTATION_BRIEF).file.read())

    assert "Progress by measure" in text
    assert "40 %" in text
    assert "The roadmap is adopted (Altstadt)" in text
