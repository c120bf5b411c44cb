"""Open links per group: no account, a bot trap, limits per address, one response per form."""

import pytest

from surveys.models import OpenLink, Response, SubmissionNonce
from surveys.services.recipients import open_link_create
from tests.conftest import persona, signed_in_client
from tests.surveys.factories import group, q

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def link(survey) -> OpenLink:
    return open_link_create(survey=survey, group=group("citizens"))


def citizen_pages(survey) -> tuple[dict, dict]:
    ready, matrix = q(survey, "ready"), q(survey, "today")
    first = {"page": "0", "action": "next", f"q{ready.pk}": "5"}
    first.update({f"q{matrix.pk}_r{row.pk}": "3" for row in matrix.matrix_rows.all()})
    second = {"page": "1", "action": "submit", f"q{q(survey, 'citizens-only').pk}": "2"}
    return first, second


def fill(browser, survey, link, **extra) -> object:
    browser.get(f"/o/{link.slug}/")
    first, second = citizen_pages(survey)
    browser.post("/s/respond/", first)
    return browser.post("/s/respond/", {**second, **extra})


def test_anyone_with_the_open_link_answers_once_for_its_group(alpha, survey, link):
    browser = signed_in_client(None, alpha)

    done = fill(browser, survey, link)

    assert done["Location"] == "/s/thanks/"
    response = Response.objects.get(survey=survey)
    assert response.channel == "open" and response.group.key == "citizens"
    assert response.answers.get(question=q(survey, "citizens-only")).value == 2


def test_an_open_link_response_is_counted_for_the_results_by_the_worker(
    alpha, survey, link, django_capture_on_commit_callbacks
):
    from surveys.models import KeptCount

    with django_capture_on_commit_callbacks(execute=True):
        fill(signed_in_client(None, alpha), survey, link)

    assert KeptCount.objects.get(survey=survey, kind=KeptCount.Kind.TALLIES).responses == 1


def test_a_resent_open_link_form_stores_one_response(alpha, survey, link):
    browser = signed_in_client(None, alpha)
    fill(browser, survey, link)
    nonce_count = SubmissionNonce.objects.count()

    _first, second = citizen_pages(survey)
    browser.post("/s/respond/", second)

    assert Response.objects.filter(survey=survey).count() == 1
    assert SubmissionNonce.objects.count() == nonce_count == 1


def test_the_bot_trap_pretends_success_and_stores_nothing(alpha, survey, link):
    browser = signed_in_client(None, alpha)

    trapped = fill(browser, survey, link, website="http://spam.example")

    assert trapped["Location"] == "/s/thanks/"
    assert not Response.objects.exists()


def test_a_switched_off_link_gets_the_friendly_page(alpha, survey, link):
    OpenLink.objects.filter(pk=link.pk).update(active=False)

    page = signed_in_client(None, alpha).get(f"/o/{link.slug}/")

    assert page.status_code == 403
    assert b"This link does not work" in page.content


def test_submissions_from_one_address_are_limited(alpha, survey, link, monkeypatch):
    from surveys.views import respond

    monkeypatch.setattr(respond, "OPEN_SUBMIT_LIMIT", 2)
    for _ in range(2):
        assert fill(signed_in_client(None, alpha), survey, link)["Location"] == "/s/thanks/"

    limited = fill(signed_in_client(None, alpha), survey, link)

    assert limited.status_code == 429
    assert Response.objects.filter(survey=survey).count() == 2


def _decoded(png: bytes) -> list[str]:
    import io

    import zxingcpp
    from PIL import Image

    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_the_qr_code_of_an_open_link_scans_as_the_link(alpha, survey, link):
    browser = signed_in_client(persona("carla"), alpha)

    png = browser.get(f"/surveys/open-links/{link.pk}/qr.png?download")
    svg = browser.get(f"/surveys/open-links/{link.pk}/qr.svg")

    assert png["Content-Type"] == "image/png"
    assert _decoded(png.content) == [f"http://alpha.localhost/o/{link.slug}/"]
    assert png["Content-Disposition"].endswith('-citizens-qr.png"')
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert "Content-Disposition" not in svg
    page = browser.get(f"/surveys/{survey.pk}/recipients/").content.decode()
    assert f'src="/surveys/open-links/{link.pk}/qr.svg"' in page


def test_a_qr_code_in_an_unknown_format_is_not_found(alpha, link):
    browser = signed_in_client(persona("carla"), alpha)

    assert browser.get(f"/surveys/open-links/{link.pk}/qr.gif").status_code == 404


def test_the_open_link_of_a_closed_survey_is_shown_as_closed_without_a_qr_code(alpha, survey, link):
    from surveys.services.lifecycle import survey_close

    survey_close(survey=survey)

    page = (
        signed_in_client(persona("carla"), alpha)
        .get(f"/surveys/{survey.pk}/recipients/")
        .content.decode()
    )

    assert "closed with the survey" in page
    assert "qr.svg" not in page and "Switch off" not in page
