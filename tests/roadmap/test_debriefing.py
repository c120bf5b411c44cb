"""The Phase 4 debriefing outlives its meeting: the version presented stays on record."""

from phases.models import Meeting
from roadmap.models import Debriefing
from tests.conftest import persona, signed_in_client
from tests.roadmap import helpers


def test_removing_the_meeting_keeps_the_debriefing_and_the_version_it_presented(
    in_alpha, alpha
) -> None:
    debriefing = helpers.debriefing("Abschlusspräsentation")
    debriefing.notes = "Breite Zustimmung."
    debriefing.save()
    client = signed_in_client(persona("carla"), alpha)

    client.post(f"/meetings/{debriefing.meeting_id}/delete/")

    assert not Meeting.objects.filter(title="Abschlusspräsentation").exists()
    kept = Debriefing.objects.get(pk=debriefing.pk)
    assert (kept.meeting, kept.version.name, kept.notes) == (
        None,
        "Erste Fassung",
        "Breite Zustimmung.",
    )
    page = client.get("/roadmap/implementation/").content.decode()
    assert "No meeting linked" in page and "Erste Fassung" in page


def test_the_meeting_removal_asks_knowing_that_its_debriefing_stays(in_alpha, alpha) -> None:
    debriefing = helpers.debriefing("Abschlusspräsentation")
    other = helpers.meeting(Meeting.Kind.DEBRIEFING, "Probelauf")
    client = signed_in_client(persona("carla"), alpha)
    stays = "The debriefing linked to it stays, with the roadmap version presented and its notes."

    assert stays in client.get(f"/meetings/{debriefing.meeting_id}/edit/").content.decode()
    assert stays not in client.get(f"/meetings/{other.pk}/edit/").content.decode()


def test_a_debriefing_whose_meeting_was_removed_can_be_linked_to_a_new_one(in_alpha, alpha) -> None:
    debriefing = helpers.debriefing("Abschlusspräsentation")
    debriefing.meeting.delete()
    new = helpers.meeting(Meeting.Kind.DEBRIEFING, "Abschlusspräsentation, neuer Termin")
    client = signed_in_client(persona("carla"), alpha)

    client.post(
        f"/roadmap/implementation/debriefings/{debriefing.pk}/",
        {"meeting": new.pk, "version": debriefing.version_id, "notes": ""},
    )

    assert Debriefing.objects.get(pk=debriefing.pk).meeting == new


def test_a_debriefing_without_meeting_does_not_hide_the_meetings_from_a_new_one(
    in_alpha, alpha
) -> None:
    helpers.debriefing("Abschlusspräsentation").meeting.delete()
    free = helpers.meeting(Meeting.Kind.DEBRIEFING, "Abschlusspräsentation im Stadtrat")
    page = signed_in_client(persona("carla"), alpha).get("/roadmap/implementation/debriefings/new/")
    assert "Abschlusspräsentation im Stadtrat" in page.content.decode()
    assert f'value="{free.pk}"' in page.content.decode()
