"""Every remove button of the analysis asks first and says what goes with the removed entry."""

import html

import pytest

from tests.conftest import browser_of

from .factories import document, finding, interview


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def page_of(municipality, url: str) -> str:
    return html.unescape(browser_of("carla", municipality).get(url).content.decode())


def test_removing_a_document_asks_first_and_names_the_findings_that_go_with_it(in_alpha):
    strategy = document("Digitalstrategie 2030")
    finding("Strategy has no budget", source="document", document=strategy)
    finding("Strategy names no owner", source="document", document=strategy)
    chart = document("Organigramm")

    coded = page_of(in_alpha, f"/analysis/documents/{strategy.pk}/")
    plain = page_of(in_alpha, f"/analysis/documents/{chart.pk}/")

    assert (
        'data-confirm="Remove “Digitalstrategie 2030” and the 2 findings coded from it?"' in coded
    )
    assert 'data-confirm="Remove “Organigramm”?"' in plain


def test_removing_an_interview_asks_first_and_names_its_notes_and_findings(in_alpha):
    talk = interview("Petra Amt")
    finding("Forms are printed", source="interview", interview=talk)
    quiet = interview("Karl Vorsicht")

    coded = page_of(in_alpha, f"/analysis/interviews/{talk.pk}/")
    plain = page_of(in_alpha, f"/analysis/interviews/{quiet.pk}/")

    assert (
        'data-confirm="Remove the interview with Petra Amt, its notes and the finding coded '
        'from it?"'
    ) in coded
    assert 'data-confirm="Remove the interview with Karl Vorsicht and its notes?"' in plain


def test_removing_a_finding_asks_first_and_quotes_it(in_alpha):
    finding("Applications arrive on paper")

    page = page_of(in_alpha, "/analysis/findings/")

    assert 'data-confirm="Remove the finding “Applications arrive on paper”?"' in page
