"""Permission-matrix rows for the reports pages, and who may ask for a document.

The URLs address a document by its phase number, which the walk's generic `number` parameter
(phases.Phase.number) already fills; no URL_PARAMETERS of our own are needed.
"""

from django.core.files.base import ContentFile

from accounts.permissions import Action
from reports.models import Kind, ReportVersion
from tests.view_matrix import VIEWERS, ViewCase, expect, static

State = ReportVersion.State

# fmt: off
#                         anon  otto mia  leo  carla fiona bert
REQUESTERS_POST = expect("login 403  403  done done  done  403")
# The Phase 2 presentation shows survey results: not for a municipal member.
RESULT_READERS = expect( "login 403  403  200  200   200   403")
# fmt: on


def versions_state() -> list:
    return list(ReportVersion.objects.order_by("pk").values_list("pk", "kind", "number", "state"))


def _next_number() -> int:
    return ReportVersion.objects.filter(kind=Kind.PHASE1_RESULTS).count() + 1


def ready_version(kind: str = Kind.PHASE1_RESULTS) -> None:
    version = ReportVersion.objects.create(
        kind=kind,
        number=ReportVersion.objects.filter(kind=kind).count() + 1,
        language="en",
        state=ReportVersion.State.READY,
    )
    version.file.save(version.download_name, ContentFile(b"%PDF-1.7 matrix"), save=True)


def failed_version() -> None:
    ReportVersion.objects.create(
        kind=Kind.PHASE1_RESULTS,
        number=_next_number(),
        language="en",
        state=ReportVersion.State.FAILED,
        error="Matrix failure",
    )


def newest(state: str, kind: str = Kind.PHASE1_RESULTS) -> int:
    versions = ReportVersion.objects.filter(state=state, kind=kind)
    return versions.order_by("-number").first().number


CASES = [
    ViewCase("reports", "tenant", "get", static("/reports/"), VIEWERS),
    ViewCase("report_status", "tenant", "get", static("/reports/1/status/"), VIEWERS),
    ViewCase(
        "report_download",
        "tenant",
        "get",
        lambda: f"/reports/1/download/?version={newest(ReportVersion.State.READY)}",
        VIEWERS,
        arrange=ready_version,
    ),
    ViewCase(
        "report_download_survey_results",
        "tenant",
        "get",
        lambda: f"/reports/2/download/?version={newest(State.READY, Kind.PHASE2_RESULTS)}",
        RESULT_READERS,
        arrange=lambda: ready_version(Kind.PHASE2_RESULTS),
    ),
    ViewCase(
        "report_request",
        "tenant",
        "post",
        static("/reports/1/request/"),
        REQUESTERS_POST,
        data=lambda: {"language": "de"},
        state=versions_state,
    ),
    ViewCase(
        "report_retry",
        "tenant",
        "post",
        static("/reports/1/retry/"),
        REQUESTERS_POST,
        data=lambda: {"version": newest(ReportVersion.State.FAILED)},
        arrange=failed_version,
        state=versions_state,
    ),
]

# One column: ask for a document (or a retry). Y: allowed.
# fmt: off
CAN = {
    "actions": [Action.REQUEST_REPORT],
    "alpha": {
        "anonymous": ".",
        "otto":      ".",
        "mia":       ".",
        "leo":       "Y",
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
        "berta":     "Y",
    },
}
# fmt: on


def isolation_objects(alpha, beta, marker: str) -> None:
    """A ready version of every document in both; Bergdorf's name and file carry the marker."""
    from django.db import connection
    from django_tenants.utils import schema_context

    for municipality, text in ((alpha, "Altstadt"), (beta, marker)):
        with schema_context(municipality.schema_name):
            connection.set_tenant(municipality)
            for kind in Kind.values:
                number = ReportVersion.objects.filter(kind=kind).count() + 1
                version = ReportVersion.objects.create(
                    kind=kind,
                    number=number,
                    language="en",
                    state=ReportVersion.State.READY,
                    requested_by_name=text,
                    page_count=1,
                )
                version.file.save(
                    version.download_name, ContentFile(f"%PDF-1.7 {text}".encode()), save=True
                )
    connection.set_schema_to_public()
