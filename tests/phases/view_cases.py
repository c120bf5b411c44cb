"""Permission-matrix rows and URL parameters for the meeting and council-session views.

Everyone of the municipality reads meetings and council sessions; only consultants (and firm
administrators) write them (Action.EDIT_MEETINGS).
"""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.permissions import Action
from engagements.models import Municipality
from phases.models import Activity, CouncilSession, Decision, Meeting, Participant, Phase
from tests.urlwalk import InMunicipality
from tests.view_matrix import EDITORS, EDITORS_POST, VIEWERS, ViewCase, static

# fmt: off
CAN = {
    "actions": [Action.EDIT_MEETINGS],
    "alpha": {
        #             meetings
        "anonymous": ".",
        "otto":      ".",
        "mia":       ".",
        "leo":       ".",
        "carla":     "Y",
        "fiona":     "Y",
        "bert":      ".",
        "berta":     ".",
    },
    "beta": {
        "anonymous": ".",
        "otto":      ".",
        "mia":       ".",
        "leo":       ".",
        "carla":     ".",
        "fiona":     "Y",
        "bert":      "Y",
        "berta":     ".",
    },
}
# fmt: on


def meeting_with_record(title: str = "Auftaktveranstaltung") -> Meeting:
    """A meeting of Phase 1 with a participant, a decision and a council session."""
    phase = Phase.objects.get(number=1)
    starts = timezone.now() + timedelta(days=7)
    meeting = Meeting.objects.create(
        phase=phase,
        kind=Meeting.Kind.INTRODUCTORY,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Rathaus, Sitzungssaal",
    )
    Participant.objects.create(meeting=meeting, name="Petra Amt", role="Amtsleitung")
    Decision.objects.create(meeting=meeting, text="Die Umfrage startet im Mai.")
    CouncilSession.objects.create(
        body="Hauptausschuss",
        held_on=timezone.localdate(),
        agenda_item=f"{title}: Bericht",
        outcome=CouncilSession.Outcome.NOTED,
        phase=phase,
    )
    return meeting


def _meeting() -> Meeting:
    return Meeting.objects.order_by("-pk").first()


def _participant() -> Participant:
    return Participant.objects.order_by("-pk").first()


def _decision() -> Decision:
    return Decision.objects.order_by("-pk").first()


def _session() -> CouncilSession:
    return CouncilSession.objects.order_by("-pk").first()


def meetings_state() -> tuple:
    return (
        list(Meeting.objects.order_by("pk").values_list("pk", "title", "starts_at", "minutes")),
        list(Participant.objects.order_by("pk").values_list("pk", "name", "attended")),
        list(Decision.objects.order_by("pk").values_list("pk", "text")),
        list(Activity.objects.order_by("pk").values_list("pk", "title", "from_meeting_id")),
    )


def council_state() -> list:
    return list(
        CouncilSession.objects.order_by("pk").values_list("pk", "body", "outcome", "resolution")
    )


def _meeting_data() -> dict:
    starts = timezone.localtime() + timedelta(days=14)
    return {
        "kind": "workshop",
        "title": "Werkstattgespräch",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Bürgerhaus",
        "online_url": "https://meet.example.org/werkstatt",
        "minutes": "Protokoll folgt.",
    }


def _council_data() -> dict:
    return {
        "body": "Stadtrat",
        "held_on": timezone.localdate().isoformat(),
        "agenda_item": "Digitalstrategie: Beschluss",
        "outcome": "approved",
        "resolution": "Der Stadtrat beschließt die Teilnahme.",
    }


def _arrange() -> None:
    meeting_with_record()


def _m(suffix: str = "") -> str:
    return f"/meetings/{_meeting().pk}/{suffix}"


CASES = [
    ViewCase(
        "meeting_list", "tenant", "get", static("/meetings/?phase=1"), VIEWERS, arrange=_arrange
    ),
    ViewCase("meeting_detail", "tenant", "get", _m, VIEWERS, arrange=_arrange),
    ViewCase(
        "meeting_calendar", "tenant", "get", lambda: _m("calendar.ics"), VIEWERS, arrange=_arrange
    ),
    ViewCase("meeting_create", "tenant", "get", static("/phases/1/meetings/new/"), EDITORS),
    ViewCase(
        "meeting_create",
        "tenant",
        "post",
        static("/phases/1/meetings/new/"),
        EDITORS_POST,
        data=_meeting_data,
        state=meetings_state,
    ),
    ViewCase("meeting_edit", "tenant", "get", lambda: _m("edit/"), EDITORS, arrange=_arrange),
    ViewCase(
        "meeting_edit",
        "tenant",
        "post",
        lambda: _m("edit/"),
        EDITORS_POST,
        data=_meeting_data,
        arrange=_arrange,
        state=meetings_state,
    ),
    ViewCase(
        "meeting_delete",
        "tenant",
        "post",
        lambda: _m("delete/"),
        EDITORS_POST,
        arrange=_arrange,
        state=meetings_state,
    ),
    ViewCase(
        "participant_create",
        "tenant",
        "post",
        lambda: _m("participants/"),
        EDITORS_POST,
        data=lambda: {"participant-name": "Jan Kämmerer", "participant-role": "Kämmerer"},
        arrange=_arrange,
        state=meetings_state,
    ),
    ViewCase(
        "participant_edit",
        "tenant",
        "get",
        lambda: f"/participants/{_participant().pk}/",
        EDITORS,
        arrange=_arrange,
    ),
    ViewCase(
        "participant_edit",
        "tenant",
        "post",
        lambda: f"/participants/{_participant().pk}/",
        EDITORS_POST,
        data=lambda: {"participant-name": "Petra Amt", "participant-attended": "on"},
        arrange=_arrange,
        state=meetings_state,
    ),
    ViewCase(
        "participant_delete",
        "tenant",
        "post",
        lambda: f"/participants/{_participant().pk}/delete/",
        EDITORS_POST,
        arrange=_arrange,
        state=meetings_state,
    ),
    ViewCase(
        "decision_create",
        "tenant",
        "post",
        lambda: _m("decisions/"),
        EDITORS_POST,
        data=lambda: {"decision-text": "Ein Lenkungskreis wird eingerichtet."},
        arrange=_arrange,
        state=meetings_state,
    ),
    ViewCase(
        "decision_edit",
        "tenant",
        "get",
        lambda: f"/decisions/{_decision().pk}/",
        EDITORS,
        arrange=_arrange,
    ),
    ViewCase(
        "decision_edit",
        "tenant",
        "post",
        lambda: f"/decisions/{_decision().pk}/",
        EDITORS_POST,
        data=lambda: {"decision-text": "Die Umfrage startet im Juni."},
        arrange=_arrange,
        state=meetings_state,
    ),
    ViewCase(
        "decision_delete",
        "tenant",
        "post",
        lambda: f"/decisions/{_decision().pk}/delete/",
        EDITORS_POST,
        arrange=_arrange,
        state=meetings_state,
    ),
    ViewCase(
        "follow_up_create",
        "tenant",
        "post",
        lambda: _m("tasks/"),
        EDITORS_POST,
        data=lambda: {"task-title": "Organigramm nachreichen"},
        arrange=_arrange,
        state=meetings_state,
    ),
    ViewCase("council_list", "tenant", "get", static("/council/"), VIEWERS, arrange=_arrange),
    ViewCase("council_create", "tenant", "get", static("/council/new/"), EDITORS),
    ViewCase(
        "council_create",
        "tenant",
        "post",
        static("/council/new/"),
        EDITORS_POST,
        data=_council_data,
        state=council_state,
    ),
    ViewCase(
        "council_edit",
        "tenant",
        "get",
        lambda: f"/council/{_session().pk}/",
        EDITORS,
        arrange=_arrange,
    ),
    ViewCase(
        "council_edit",
        "tenant",
        "post",
        lambda: f"/council/{_session().pk}/",
        EDITORS_POST,
        data=_council_data,
        arrange=_arrange,
        state=council_state,
    ),
    ViewCase(
        "council_delete",
        "tenant",
        "post",
        lambda: f"/council/{_session().pk}/delete/",
        EDITORS_POST,
        arrange=_arrange,
        state=council_state,
    ),
]

_MEETING = InMunicipality(Meeting)
URL_PARAMETERS = {
    "phases:meeting_detail:pk": _MEETING,
    "phases:meeting_edit:pk": _MEETING,
    "phases:meeting_delete:pk": _MEETING,
    "phases:meeting_calendar:pk": _MEETING,
    "phases:participant_create:pk": _MEETING,
    "phases:decision_create:pk": _MEETING,
    "phases:follow_up_create:pk": _MEETING,
    "phases:participant_edit:pk": InMunicipality(Participant),
    "phases:participant_delete:pk": InMunicipality(Participant),
    "phases:decision_edit:pk": InMunicipality(Decision),
    "phases:decision_delete:pk": InMunicipality(Decision),
    "phases:council_edit:pk": InMunicipality(CouncilSession),
    "phases:council_delete:pk": InMunicipality(CouncilSession),
}


def isolation_objects(alpha: Municipality, beta: Municipality, marker: str) -> None:
    """Meetings for the URL-isolation walk: one in Altstadt, and Bergdorf's, marked, with ids
    that Altstadt does not use (so an id of Bergdorf's asked on Altstadt's site must be 404)."""
    with schema_context(alpha.schema_name):
        meeting_with_record("Altstadt meeting")
        taken = {
            model: set(model.objects.values_list("pk", flat=True))
            for model in (Meeting, Participant, Decision, CouncilSession)
        }
    with schema_context(beta.schema_name):
        for _ in range(500):
            meeting = meeting_with_record(marker)
            participant, decision = meeting.participants.get(), meeting.decisions.get()
            session = CouncilSession.objects.order_by("-pk").first()
            fresh = (
                meeting.pk not in taken[Meeting]
                and participant.pk not in taken[Participant]
                and decision.pk not in taken[Decision]
                and session.pk not in taken[CouncilSession]
            )
            if fresh:
                participant.name = decision.text = session.resolution = marker
                participant.save()
                decision.save()
                session.save()
                return
        raise AssertionError("Bergdorf's meeting ids never left Altstadt's range")
