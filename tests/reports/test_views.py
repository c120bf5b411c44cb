"""The Reports page: asking for a document, following its state, downloading versions."""

from django.core.files.base import ContentFile

from reports.models import Kind, ReportVersion
from tests.conftest import browser_of

State = ReportVersion.State


def a_version(state: str = State.READY, number: int = 1, kind: str = Kind.PHASE1_RESULTS):
    version = ReportVersion.objects.create(
        kind=kind, number=number, language="en", state=state, requested_by_name="Carla"
    )
    if state == State.READY:
        version.file.save(version.download_name, ContentFile(b"%PDF-1.7 v" + bytes([48 + number])))
        version.page_count = 12
        version.save()
    return version


def test_consultant_asks_for_a_document_and_a_worker_builds_it_after_commit(
    in_alpha, django_capture_on_commit_callbacks
):
    browser = browser_of("carla", in_alpha)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = browser.post("/reports/1/request/", {"language": "de"})

    assert response.status_code == 302
    assert response["Location"] == "/reports/#report-1"
    version = ReportVersion.objects.get()
    assert (version.kind, version.number, version.language) == (Kind.PHASE1_RESULTS, 1, "de")
    assert version.state == State.QUEUED
    assert version.requested_by_name == "Carla"
    # Nothing reaches the queue before the request's transaction commits.
    assert len(queued) == 1
    assert "Version 1 is queued." in browser.get("/reports/1/status/").content.decode()

    queued[0]()

    version.refresh_from_db()
    assert version.state == State.READY
    fragment = browser.get("/reports/1/status/").content.decode()
    assert 'data-card-pending="false"' in fragment
    assert "Download version 1 (PDF)" in fragment


def test_lead_may_ask_for_a_document_too(in_alpha, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        browser_of("leo", in_alpha).post("/reports/2/request/", {"language": "en"})

    assert ReportVersion.objects.get().kind == Kind.PHASE2_RESULTS


def test_versions_are_numbered_per_document(in_alpha, django_capture_on_commit_callbacks):
    browser = browser_of("carla", in_alpha)
    with django_capture_on_commit_callbacks(execute=False):
        for number in (1, 1, 3):
            browser.post(f"/reports/{number}/request/", {"language": "en"})

    numbers = ReportVersion.objects.order_by("pk").values_list("kind", "number")
    assert list(numbers) == [
        (Kind.PHASE1_RESULTS, 1),
        (Kind.PHASE1_RESULTS, 2),
        (Kind.ROADMAP, 1),
    ]


def test_a_request_without_a_valid_language_is_refused_with_a_message(in_alpha):
    response = browser_of("carla", in_alpha).post(
        "/reports/1/request/", {"language": "fr"}, follow=True
    )

    assert "Choose the language of the document." in response.content.decode()
    assert not ReportVersion.objects.exists()


def test_a_phase_without_a_document_is_not_found(in_alpha):
    browser = browser_of("carla", in_alpha)

    assert browser.post("/reports/7/request/", {"language": "en"}).status_code == 404
    assert browser.get("/reports/0/status/").status_code == 404


def test_page_polls_while_a_version_is_pending(in_alpha):
    a_version(State.BUILDING)

    page = browser_of("mia", in_alpha).get("/reports/").content.decode()

    assert 'data-report-status="/reports/1/status/"' in page
    assert 'data-card-pending="true"' in page
    assert "Version 1 is being built." in page
    assert "/static/js/reports.js" in page


def test_member_downloads_ready_versions_but_may_not_ask_for_new_ones(in_alpha):
    a_version(number=1)
    a_version(number=2)
    browser = browser_of("mia", in_alpha)

    page = browser.get("/reports/").content.decode()
    newest = browser.get("/reports/1/download/")
    first = browser.get("/reports/1/download/?version=1")

    assert "Build a new version" not in page
    assert "Download version 2 (PDF)" in page
    assert b"".join(newest.streaming_content) == b"%PDF-1.7 v2"
    assert newest["Content-Type"] == "application/pdf"
    assert newest["Content-Disposition"] == 'attachment; filename="alpha-phase1_results-v2.pdf"'
    assert b"".join(first.streaming_content) == b"%PDF-1.7 v1"


def test_the_phase_2_presentation_is_only_for_those_who_may_see_survey_results(in_alpha):
    a_version(kind=Kind.PHASE2_RESULTS)
    member, lead = browser_of("mia", in_alpha), browser_of("leo", in_alpha)

    page = member.get("/reports/").content.decode()

    assert "/reports/2/download/" not in page
    assert "This document shows survey results" in page
    assert member.get("/reports/2/download/?version=1").status_code == 403
    assert "/reports/2/download/?version=1" in lead.get("/reports/").content.decode()
    assert lead.get("/reports/2/download/?version=1").status_code == 200


def test_only_ready_versions_can_be_downloaded(in_alpha):
    a_version(State.FAILED, number=1)
    browser = browser_of("carla", in_alpha)

    assert browser.get("/reports/1/download/?version=1").status_code == 404
    assert browser.get("/reports/1/download/?version=x").status_code == 404
    assert browser.get("/reports/1/download/?version=²").status_code == 404
    nothing_yet = browser.get("/reports/1/download/", follow=True)
    assert "No version of this document is ready yet." in nothing_yet.content.decode()


def test_page_lists_every_version_with_who_asked_and_when(in_alpha):
    a_version(number=1)
    a_version(State.FAILED, number=2)

    page = browser_of("carla", in_alpha).get("/reports/").content.decode()

    assert page.count("Carla") >= 2
    assert "Phase 1 results presentation" in page
    assert "Roadmap document" in page
    assert "Implementation brief" in page
    assert "Try again" in page


def test_status_and_download_answer_only_get(in_alpha):
    browser = browser_of("carla", in_alpha)

    assert browser.post("/reports/1/status/").status_code == 405
    assert browser.post("/reports/1/download/").status_code == 405
