"""Council sessions: recorded by consultants, read by the municipality, reported by phase."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from phases import meetings as services
from phases import selectors
from phases.models import CouncilSession, Phase
from tests.conftest import browser_of, persona
from tests.phases.view_cases import meeting_with_record


@pytest.fixture
def carla(in_alpha) -> Client:
    return browser_of("carla", in_alpha)


def session_data(**changes) -> dict[str, str]:
    data = {
        "body": "Hauptausschuss",
        "held_on": "2031-02-12",
        "agenda_item": "TOP 7: Teilnahme an der Mitarbeitendenbefragung",
        "outcome": "approved",
        "resolution": "Der Hauptausschuss stimmt der Befragung zu.",
        "document_reference": "Drucksache 2031/017",
    }
    data.update(changes)
    return data


def session(body: str, held_on: date, phase: Phase | None) -> CouncilSession:
    return CouncilSession.objects.create(
        body=body,
        held_on=held_on,
        agenda_item="Digitalisierung",
        outcome=CouncilSession.Outcome.NOTED,
        phase=phase,
    )


def test_consultant_records_a_council_session_for_a_phase(carla: Client) -> None:
    phase = Phase.objects.get(number=2)

    response = carla.post("/council/new/", session_data(phase=phase.pk))

    assert response["Location"] == "/council/"
    recorded = CouncilSession.objects.get()
    assert (recorded.body, recorded.held_on, recorded.outcome, recorded.phase) == (
        "Hauptausschuss",
        date(2031, 2, 12),
        CouncilSession.Outcome.APPROVED,
        phase,
    )
    page = carla.get("/council/").content.decode()
    assert "TOP 7: Teilnahme an der Mitarbeitendenbefragung" in page
    assert "Drucksache 2031/017" in page


def test_session_linked_to_a_meeting_takes_the_meetings_phase(carla: Client) -> None:
    meeting = meeting_with_record()

    carla.post("/council/new/", session_data(meeting=meeting.pk))

    assert CouncilSession.objects.get(body="Hauptausschuss", meeting=meeting).phase.number == 1


def test_meeting_of_another_phase_than_the_chosen_one_is_refused(carla: Client) -> None:
    meeting = meeting_with_record()
    count = CouncilSession.objects.count()

    response = carla.post(
        "/council/new/",
        session_data(meeting=meeting.pk, phase=Phase.objects.get(number=3).pk),
    )

    assert CouncilSession.objects.count() == count
    assert list(response.context["form"].errors) == ["meeting"]
    assert response.context["form"]["agenda_item"].value() == session_data()["agenda_item"]


def test_session_without_body_date_item_and_outcome_is_refused(carla: Client) -> None:
    response = carla.post("/council/new/", {"resolution": "Bleibt erhalten"})

    assert set(response.context["form"].errors) == {"body", "held_on", "agenda_item", "outcome"}
    assert "Bleibt erhalten" in response.content.decode()


def test_unknown_outcome_is_refused(carla: Client) -> None:
    response = carla.post("/council/new/", session_data(outcome="vetoed"))

    assert list(response.context["form"].errors) == ["outcome"]
    assert not CouncilSession.objects.exists()


def test_consultant_edits_and_removes_a_session(carla: Client) -> None:
    recorded = session("Stadtrat", date(2031, 1, 1), None)

    carla.post(f"/council/{recorded.pk}/", session_data(outcome="deferred"))
    recorded.refresh_from_db()
    assert (recorded.body, recorded.outcome) == ("Hauptausschuss", "deferred")

    carla.post(f"/council/{recorded.pk}/delete/")
    assert not CouncilSession.objects.exists()


@pytest.mark.parametrize("name", ["leo", "mia"])
def test_municipal_people_read_sessions_but_cannot_record_them(in_alpha, name: str) -> None:
    session("Stadtrat", date(2031, 1, 1), None)
    client = browser_of(name, in_alpha)

    page = client.get("/council/")
    refused = client.post("/council/new/", session_data())

    assert page.status_code == 200
    assert "Record a council session" not in page.content.decode()
    assert refused.status_code == 403
    assert CouncilSession.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.council_session_save(
            session=CouncilSession(**{**session_data(), "held_on": date(2031, 1, 2)}),
            actor=persona(name),
        )


def test_report_of_a_phase_lists_the_council_involvement_so_far_in_order(in_alpha) -> None:
    one, two, three = (Phase.objects.get(number=n) for n in (1, 2, 3))
    later_in_two = session("Stadtrat", date(2031, 6, 1), two)
    whole = session("Stadtrat", date(2031, 1, 10), None)
    in_one = session("Hauptausschuss", date(2031, 2, 1), one)
    session("Stadtrat", date(2031, 9, 1), three)

    assert list(selectors.council_sessions_for_report(two)) == [whole, in_one, later_in_two]
    assert list(selectors.council_sessions_for_report(one)) == [whole, in_one]
    assert len(selectors.council_sessions_for_report()) == 4
