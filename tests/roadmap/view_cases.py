"""Permission-matrix rows and URL parameters for the roadmap (Phases 3 and 4).

Everyone of the municipality reads the roadmap; consultants and firm administrators edit it
(EDIT_ROADMAP); consultants and the municipal lead report progress (REPORT_PROGRESS). The
participants' voting page needs no account: its link is the key, and a wrong link gets 403.
"""

from django.apps import apps
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.permissions import Action
from engagements.models import Municipality
from phases.models import Meeting
from roadmap.models import (
    CommunicationItem,
    Debriefing,
    Idea,
    Instrument,
    ITPartner,
    Measure,
    ProgressUpdate,
    RoadmapVersion,
    Workshop,
)
from taxonomy.models import Topic
from tests.roadmap import helpers
from tests.urlwalk import Fixed, InMunicipality
from tests.view_matrix import EDITORS, EDITORS_POST, VIEWERS, ViewCase, expect, static

# fmt: off
CAN = {
    "actions": [Action.EDIT_ROADMAP, Action.REPORT_PROGRESS],
    "alpha": {
        #             edit progress
        "anonymous": ".    .",
        "otto":      ".    .",
        "mia":       ".    .",
        "leo":       ".    Y",
        "carla":     "Y    Y",
        "fiona":     "Y    Y",
        "bert":      ".    .",
        "berta":     ".    .",
    },
    "beta": {
        "anonymous": ".    .",
        "otto":      ".    .",
        "mia":       ".    .",
        "leo":       ".    .",
        "carla":     ".    .",
        "fiona":     "Y    Y",
        "bert":      "Y    Y",
        "berta":     ".    Y",
    },
}
#                            anon  otto mia  leo  carla fiona bert
REPORTERS_POST = expect(    "login 403  403  done done  done  403")
WRONG_LINK = expect(        "403   403  403  403  403   403   403")
# The voting page is for anyone holding the link, signed in or not.
LINK_HOLDERS = expect(      "200   200  200  200  200   200   200")
LINK_HOLDERS_POST = expect( "done  done done done done  done  done")
# fmt: on


def roadmap_state() -> dict[str, list]:
    """Every row of the roadmap's tables, many-to-many links included."""
    state = {}
    for model in apps.get_app_config("roadmap").get_models(include_auto_created=True):
        state[model._meta.label] = list(model.objects.order_by("pk").values_list())
    return state


def _topic() -> int:
    return Topic.objects.order_by("pk").first().pk


def _everything() -> None:
    helpers.idea(held_in=helpers.workshop())
    helpers.idea("Bürger-App", held_in=helpers.workshop())
    helpers.measure()
    helpers.progress()
    helpers.partner()
    helpers.version()
    helpers.communication()
    helpers.instrument()
    helpers.debriefing()


def _pk(model) -> int:
    return model.objects.order_by("pk").first().pk


def _ideas_apart() -> None:
    _everything()


def _debriefing_meeting() -> int:
    return helpers.meeting(Meeting.Kind.DEBRIEFING, "Zweite Abschlussrunde").pk


def _open_link() -> None:
    _everything()
    open_workshop = helpers.open_workshop()
    helpers.idea("Idee zur Abstimmung", held_in=open_workshop)


def _finding_in_place() -> None:
    from interviews.models import Finding

    Finding.objects.get_or_create(
        statement="Anträge werden doppelt erfasst.",
        defaults={"result_topic": "processes", "kind": "need", "source": "other"},
    )


def _finding_pk() -> int:
    from interviews.models import Finding

    return Finding.objects.get(statement="Anträge werden doppelt erfasst.").pk


R = "/roadmap"
CASES = [
    ViewCase("roadmap_index", "tenant", "get", static(f"{R}/"), VIEWERS, arrange=_everything),
    ViewCase(
        "roadmap_export_csv",
        "tenant",
        "get",
        static(f"{R}/export.csv"),
        VIEWERS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_export_xlsx",
        "tenant",
        "get",
        static(f"{R}/export.xlsx"),
        VIEWERS,
        arrange=_everything,
    ),
    ViewCase("roadmap_measure_create", "tenant", "get", static(f"{R}/measures/new/"), EDITORS),
    ViewCase(
        "roadmap_measure_create",
        "tenant",
        "post",
        static(f"{R}/measures/new/"),
        EDITORS_POST,
        data=lambda: {
            "title": "Online-Terminvergabe",
            "priority": "1",
            "status": "planned",
            "start": "Q1 2027",
            "end": "Q2 2027",
        },
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_measure_detail",
        "tenant",
        "get",
        lambda: f"{R}/measures/{_pk(Measure)}/",
        VIEWERS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_measure_edit",
        "tenant",
        "get",
        lambda: f"{R}/measures/{_pk(Measure)}/edit/",
        EDITORS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_measure_edit",
        "tenant",
        "post",
        lambda: f"{R}/measures/{_pk(Measure)}/edit/",
        EDITORS_POST,
        data=lambda: {
            "title": "E-Akte überall",
            "priority": "2",
            "status": "in_progress",
            "start": "Q3 2027",
            "end": "2028-03-31",
        },
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_measure_delete",
        "tenant",
        "post",
        lambda: f"{R}/measures/{_pk(Measure)}/delete/",
        EDITORS_POST,
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_measure_comment",
        "tenant",
        "post",
        lambda: f"{R}/measures/{_pk(Measure)}/comments/",
        EDITORS_POST,
        data=lambda: {"partner": _pk(ITPartner), "text": "Schnittstelle erst ab 2028."},
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_measure_progress",
        "tenant",
        "post",
        lambda: f"{R}/measures/{_pk(Measure)}/progress/",
        REPORTERS_POST,
        # Today: a report dated in the future is refused.
        data=lambda: {
            "reported_on": timezone.localdate().isoformat(),
            "percent_done": "40",
            "note": "Pilot läuft.",
        },
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_progress_delete",
        "tenant",
        "post",
        lambda: f"{R}/measures/progress/{_pk(ProgressUpdate)}/delete/",
        REPORTERS_POST,
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_partners", "tenant", "get", static(f"{R}/partners/"), VIEWERS, arrange=_everything
    ),
    ViewCase("roadmap_partner_create", "tenant", "get", static(f"{R}/partners/new/"), EDITORS),
    ViewCase(
        "roadmap_partner_create",
        "tenant",
        "post",
        static(f"{R}/partners/new/"),
        EDITORS_POST,
        data=lambda: {"name": "Landkreis-IT"},
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_partner_edit",
        "tenant",
        "get",
        lambda: f"{R}/partners/{_pk(ITPartner)}/",
        EDITORS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_partner_edit",
        "tenant",
        "post",
        lambda: f"{R}/partners/{_pk(ITPartner)}/",
        EDITORS_POST,
        data=lambda: {"name": "Rechenzentrum Süd"},
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_workshops",
        "tenant",
        "get",
        static(f"{R}/workshops/"),
        VIEWERS,
        arrange=_everything,
    ),
    ViewCase("roadmap_workshop_create", "tenant", "get", static(f"{R}/workshops/new/"), EDITORS),
    ViewCase(
        "roadmap_workshop_create",
        "tenant",
        "post",
        static(f"{R}/workshops/new/"),
        EDITORS_POST,
        data=lambda: {
            "title": "Workshop mit allen",
            "held_on": "2027-02-01",
            "dots_per_participant": "5",
        },
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_workshop_detail",
        "tenant",
        "get",
        lambda: f"{R}/workshops/{_pk(Workshop)}/",
        VIEWERS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_workshop_edit",
        "tenant",
        "get",
        lambda: f"{R}/workshops/{_pk(Workshop)}/edit/",
        EDITORS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_workshop_edit",
        "tenant",
        "post",
        lambda: f"{R}/workshops/{_pk(Workshop)}/edit/",
        EDITORS_POST,
        data=lambda: {"title": "Umbenannt", "held_on": "2027-02-01", "dots_per_participant": "4"},
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_idea_quick_add",
        "tenant",
        "post",
        lambda: f"{R}/workshops/{_pk(Workshop)}/ideas/",
        EDITORS_POST,
        data=lambda: {"title": "WLAN in allen Schulen", "topic": _topic()},
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_workshop_link",
        "tenant",
        "post",
        lambda: f"{R}/workshops/{_pk(Workshop)}/link/",
        EDITORS_POST,
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_workshop_voting",
        "tenant",
        "post",
        lambda: f"{R}/workshops/{Workshop.objects.get(title='Offener Workshop').pk}/voting/",
        EDITORS_POST,
        data=lambda: {"open": "0"},
        arrange=_open_link,
        state=roadmap_state,
    ),
    ViewCase("roadmap_ideas", "tenant", "get", static(f"{R}/ideas/"), VIEWERS, arrange=_everything),
    ViewCase(
        "roadmap_ideas_topics",
        "tenant",
        "get",
        static(f"{R}/ideas/?view=topics"),
        VIEWERS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_ideas_matrix",
        "tenant",
        "get",
        static(f"{R}/ideas/?view=matrix"),
        VIEWERS,
        arrange=_everything,
    ),
    ViewCase("roadmap_idea_create", "tenant", "get", static(f"{R}/ideas/new/"), EDITORS),
    ViewCase(
        "roadmap_idea_create",
        "tenant",
        "post",
        static(f"{R}/ideas/new/"),
        EDITORS_POST,
        data=lambda: {"title": "Open-Data-Portal", "source": "other"},
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_idea_edit",
        "tenant",
        "get",
        lambda: f"{R}/ideas/{_pk(Idea)}/",
        EDITORS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_idea_edit",
        "tenant",
        "post",
        lambda: f"{R}/ideas/{_pk(Idea)}/",
        EDITORS_POST,
        data=lambda: {
            "title": "E-Akte überall",
            "source": "workshop",
            "impact": "4",
            "effort": "2",
        },
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_idea_place",
        "tenant",
        "post",
        lambda: f"{R}/ideas/{_pk(Idea)}/place/",
        EDITORS_POST,
        data=lambda: {"impact": "5", "effort": "1"},
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_idea_merge",
        "tenant",
        "post",
        lambda: f"{R}/ideas/{_pk(Idea)}/merge/",
        EDITORS_POST,
        data=lambda: {"into": Idea.objects.get(title="Bürger-App").pk},
        arrange=_ideas_apart,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_idea_delete",
        "tenant",
        "post",
        lambda: f"{R}/ideas/{_pk(Idea)}/delete/",
        EDITORS_POST,
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_ideas_to_measures",
        "tenant",
        "post",
        static(f"{R}/ideas/measures/"),
        EDITORS_POST,
        data=lambda: {"idea": [Idea.objects.get(title="Bürger-App").pk]},
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_idea_import",
        "tenant",
        "get",
        static(f"{R}/ideas/import/"),
        EDITORS,
        arrange=_finding_in_place,
    ),
    ViewCase(
        "roadmap_idea_import",
        "tenant",
        "post",
        static(f"{R}/ideas/import/"),
        EDITORS_POST,
        data=lambda: {"finding": [_finding_pk()]},
        arrange=_finding_in_place,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_vote_wrong_link", "tenant", "get", static(f"{R}/vote/not-a-link/"), WRONG_LINK
    ),
    ViewCase(
        "roadmap_vote",
        "tenant",
        "get",
        static(f"{R}/vote/{helpers.VOTING_TOKEN}/"),
        LINK_HOLDERS,
        arrange=_open_link,
    ),
    ViewCase(
        "roadmap_vote",
        "tenant",
        "post",
        static(f"{R}/vote/{helpers.VOTING_TOKEN}/"),
        LINK_HOLDERS_POST,
        data=lambda: {"join": "1", "name": "Frau Beispiel"},
        arrange=_open_link,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_versions", "tenant", "get", static(f"{R}/versions/"), VIEWERS, arrange=_everything
    ),
    ViewCase(
        "roadmap_version_freeze",
        "tenant",
        "post",
        static(f"{R}/versions/freeze/"),
        EDITORS_POST,
        data=lambda: {"name": "Integrierte Roadmap"},
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_version_detail",
        "tenant",
        "get",
        lambda: f"{R}/versions/{_pk(RoadmapVersion)}/",
        VIEWERS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_version_compare",
        "tenant",
        "get",
        lambda: f"{R}/versions/compare/?older={_pk(RoadmapVersion)}&newer=draft",
        VIEWERS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_implementation",
        "tenant",
        "get",
        static(f"{R}/implementation/"),
        VIEWERS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_debriefing_create",
        "tenant",
        "get",
        static(f"{R}/implementation/debriefings/new/"),
        EDITORS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_debriefing_create",
        "tenant",
        "post",
        static(f"{R}/implementation/debriefings/new/"),
        EDITORS_POST,
        data=lambda: {"meeting": _debriefing_meeting(), "version": _pk(RoadmapVersion)},
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_debriefing_edit",
        "tenant",
        "get",
        lambda: f"{R}/implementation/debriefings/{_pk(Debriefing)}/",
        EDITORS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_debriefing_edit",
        "tenant",
        "post",
        lambda: f"{R}/implementation/debriefings/{_pk(Debriefing)}/",
        EDITORS_POST,
        data=lambda: {
            "meeting": Debriefing.objects.order_by("pk").first().meeting_id,
            "version": _pk(RoadmapVersion),
            "notes": "Rückfragen aus dem Rat beantwortet.",
        },
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_instrument_create",
        "tenant",
        "get",
        static(f"{R}/implementation/instruments/new/"),
        EDITORS,
    ),
    ViewCase(
        "roadmap_instrument_create",
        "tenant",
        "post",
        static(f"{R}/implementation/instruments/new/"),
        EDITORS_POST,
        data=lambda: {"title": "Innovationslabor", "chosen": "on"},
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_instrument_edit",
        "tenant",
        "get",
        lambda: f"{R}/implementation/instruments/{_pk(Instrument)}/",
        EDITORS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_instrument_edit",
        "tenant",
        "post",
        lambda: f"{R}/implementation/instruments/{_pk(Instrument)}/",
        EDITORS_POST,
        data=lambda: {"title": "Digitallotsen-Netzwerk", "chosen": "on"},
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_communication",
        "tenant",
        "get",
        static(f"{R}/communication/"),
        VIEWERS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_communication_create", "tenant", "get", static(f"{R}/communication/new/"), EDITORS
    ),
    ViewCase(
        "roadmap_communication_create",
        "tenant",
        "post",
        static(f"{R}/communication/new/"),
        EDITORS_POST,
        data=lambda: {
            "audience": "press",
            "key_message": "Die Stadt wird digital.",
            "channel": "Pressekonferenz",
            "starts_on": "2027-01-10",
            "ends_on": "2027-01-10",
            "responsible": "Pressesprecherin",
        },
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_communication_edit",
        "tenant",
        "get",
        lambda: f"{R}/communication/{_pk(CommunicationItem)}/",
        EDITORS,
        arrange=_everything,
    ),
    ViewCase(
        "roadmap_communication_edit",
        "tenant",
        "post",
        lambda: f"{R}/communication/{_pk(CommunicationItem)}/",
        EDITORS_POST,
        data=lambda: {
            "audience": "employees",
            "key_message": "Neue Intranet-Seite.",
            "channel": "Intranet",
            "starts_on": "2027-01-10",
            "ends_on": "2027-03-10",
            "responsible": "Hauptamt",
        },
        arrange=_everything,
        state=roadmap_state,
    ),
    ViewCase(
        "roadmap_communication_delete",
        "tenant",
        "post",
        lambda: f"{R}/communication/{_pk(CommunicationItem)}/delete/",
        EDITORS_POST,
        arrange=_everything,
        state=roadmap_state,
    ),
]

_MEASURE = InMunicipality(Measure)
_WORKSHOP = InMunicipality(Workshop)
_IDEA = InMunicipality(Idea)
URL_PARAMETERS = {
    "kind": Fixed(("csv", "xlsx")),
    "roadmap:measure_detail:pk": _MEASURE,
    "roadmap:measure_edit:pk": _MEASURE,
    "roadmap:measure_delete:pk": _MEASURE,
    "roadmap:measure_comment:pk": _MEASURE,
    "roadmap:measure_progress:pk": _MEASURE,
    "roadmap:progress_delete:pk": InMunicipality(ProgressUpdate),
    "roadmap:partner_edit:pk": InMunicipality(ITPartner),
    "roadmap:workshop_detail:pk": _WORKSHOP,
    "roadmap:workshop_edit:pk": _WORKSHOP,
    "roadmap:idea_quick_add:pk": _WORKSHOP,
    "roadmap:workshop_link:pk": _WORKSHOP,
    "roadmap:workshop_voting:pk": _WORKSHOP,
    "roadmap:idea_edit:pk": _IDEA,
    "roadmap:idea_place:pk": _IDEA,
    "roadmap:idea_merge:pk": _IDEA,
    "roadmap:idea_delete:pk": _IDEA,
    "roadmap:version_detail:pk": InMunicipality(RoadmapVersion),
    "roadmap:debriefing_edit:pk": InMunicipality(Debriefing),
    "roadmap:instrument_edit:pk": InMunicipality(Instrument),
    "roadmap:communication_edit:pk": InMunicipality(CommunicationItem),
    "roadmap:communication_delete:pk": InMunicipality(CommunicationItem),
}

_MODELS = (
    Measure,
    ITPartner,
    Workshop,
    Idea,
    RoadmapVersion,
    Debriefing,
    Instrument,
    CommunicationItem,
    ProgressUpdate,
)


def _marked(marker: str) -> dict:
    """One of each roadmap object in the current schema, its texts carrying `marker`."""
    held = helpers.workshop(f"{marker} workshop")
    measure = helpers.measure(f"{marker} measure", goal=marker)
    return {
        Measure: measure,
        ProgressUpdate: ProgressUpdate.objects.get_or_create(
            measure=measure, note=f"{marker} progress", defaults={"percent_done": 30}
        )[0],
        ITPartner: helpers.partner(f"{marker} partner"),
        Workshop: held,
        Idea: helpers.idea(f"{marker} idea", held_in=held),
        RoadmapVersion: helpers.version(f"{marker} version"),
        Debriefing: helpers.debriefing(f"{marker} debriefing"),
        Instrument: helpers.instrument(f"{marker} instrument"),
        CommunicationItem: helpers.communication(f"{marker} message"),
    }


def isolation_objects(alpha: Municipality, beta: Municipality, marker: str) -> None:
    """Roadmap data for the URL-isolation walk: Altstadt's, and Bergdorf's, marked, with ids
    that Altstadt does not use (so an id of Bergdorf's asked on Altstadt's site must be 404)."""
    with schema_context(alpha.schema_name):
        _marked("Altstadt")
        taken = {model: set(model.objects.values_list("pk", flat=True)) for model in _MODELS}
    with schema_context(beta.schema_name):
        for attempt in range(500):
            made = _marked(f"{marker} {attempt}")
            if all(made[model].pk not in taken[model] for model in _MODELS):
                return
        raise AssertionError("Bergdorf's roadmap ids never left Altstadt's range")
