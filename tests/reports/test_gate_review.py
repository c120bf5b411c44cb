"""The sign-off records which version of the phase's document the lead reviewed."""

from django.core.files.base import ContentFile

from phases.models import Activity, GateEvent, Phase
from reports.models import GateReview, Kind, ReportVersion
from tests.conftest import browser_of

State = ReportVersion.State


def phase_one_in_review() -> None:
    Activity.objects.filter(phase__number=1).update(status=Activity.Status.DONE)
    Phase.objects.filter(number=1).update(state=Phase.State.IN_REVIEW)


def a_version(kind: str = Kind.PHASE1_RESULTS, state: str = State.READY, number: int = 1):
    version = ReportVersion.objects.create(kind=kind, number=number, language="en", state=state)
    if state == State.READY:
        version.file.save(version.download_name, ContentFile(b"%PDF-1.7"))
    return version


def test_lead_approves_naming_the_reviewed_version_and_the_history_shows_it(in_alpha):
    phase_one_in_review()
    a_version(number=1)
    reviewed = a_version(number=2)
    browser = browser_of("leo", in_alpha)

    form = browser.get("/phases/1/").content.decode()
    assert 'name="report_version"' in form
    assert f'<option value="{reviewed.pk}">Version 2 of' in form
    # The newest version opens right from the decision.
    assert (
        '<a href="/reports/1/download/?version=2">Open the Phase 1 results presentation, ' in form
    )

    browser.post("/phases/1/approve/", {"comment": "Fine.", "report_version": reviewed.pk})

    event = GateEvent.objects.get(kind=GateEvent.Kind.APPROVED)
    assert GateReview.objects.get(gate_event=event).report_version == reviewed
    history = browser.get("/phases/1/").content.decode()
    assert "Reviewed document:" in history
    assert 'href="/reports/1/download/?version=2"' in history


def test_approval_without_a_chosen_version_records_none(in_alpha):
    phase_one_in_review()
    a_version()

    browser_of("leo", in_alpha).post("/phases/1/approve/", {"report_version": ""})

    assert Phase.objects.get(number=1).state == Phase.State.APPROVED
    assert not GateReview.objects.exists()


def test_a_version_of_another_phases_document_refuses_the_sign_off(in_alpha):
    phase_one_in_review()
    roadmap = a_version(kind=Kind.ROADMAP)

    response = browser_of("leo", in_alpha).post(
        "/phases/1/approve/", {"report_version": roadmap.pk}, follow=True
    )

    assert "Choose a finished version of this phase" in response.content.decode()
    assert Phase.objects.get(number=1).state == Phase.State.IN_REVIEW
    assert not GateEvent.objects.filter(kind=GateEvent.Kind.APPROVED).exists()
    assert not GateReview.objects.exists()


def test_a_version_that_is_not_ready_refuses_the_sign_off(in_alpha):
    phase_one_in_review()
    failed = a_version(state=State.FAILED)

    browser_of("leo", in_alpha).post("/phases/1/approve/", {"report_version": failed.pk})

    assert Phase.objects.get(number=1).state == Phase.State.IN_REVIEW
    assert not GateReview.objects.exists()


def test_the_phase_page_offers_no_choice_before_a_version_is_ready(in_alpha):
    phase_one_in_review()
    a_version(state=State.BUILDING)

    page = browser_of("leo", in_alpha).get("/phases/1/").content.decode()

    assert 'name="report_version"' not in page


def test_the_lead_is_asked_for_a_decision_and_told_when_there_is_no_document(in_alpha):
    phase_one_in_review()

    lead_page = browser_of("leo", in_alpha).get("/phases/1/").content.decode()
    consultant_page = browser_of("mia", in_alpha).get("/phases/1/").content.decode()

    assert "This phase awaits your decision." in lead_page
    assert "No document of this phase has been made yet." in lead_page
    assert "The municipal lead reviews the results" not in lead_page
    assert "The municipal lead reviews the results" in consultant_page
    assert "awaits your decision" not in consultant_page
    a_version()
    with_document = browser_of("leo", in_alpha).get("/phases/1/").content.decode()
    assert "No document of this phase has been made yet." not in with_document
    assert "ask the consultancy for a new one" in with_document
