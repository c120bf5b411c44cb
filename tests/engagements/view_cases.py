"""Permission-matrix rows and URL parameters for the portfolio's, library's and benchmark views."""

import json

from accounts.models import User
from accounts.permissions import Action
from library.models import LibraryTemplate, TemplateProposal, TemplateVersion
from library.services import library_import_method
from library.structures import checklist_builtin
from tests.urlwalk import Pattern, Target
from tests.view_matrix import (
    EDITORS,
    EDITORS_POST,
    FIRM_ADMIN_POST,
    ViewCase,
    expect,
    static,
)

# fmt: off
#                          anon  otto mia  leo  carla fiona bert
BENCHMARK_READERS = expect("login 403  403  200  200   200   403")
STAFF = expect(            "login 403  403  403  200   200   200")
# fmt: on

CAN = {
    "actions": [Action.VIEW_BENCHMARK, Action.OFFER_TEMPLATE],
    "alpha": {
        #             benchmark offer
        "anonymous": ".         .",
        "otto":      ".         .",
        "mia":       ".         .",
        "leo":       "Y         .",
        "carla":     "Y         Y",
        "fiona":     "Y         Y",
        "bert":      ".         .",
        "berta":     ".         .",
    },
    "beta": {
        #             benchmark offer
        "anonymous": ".         .",
        "otto":      ".         .",
        "mia":       ".         .",
        "leo":       ".         .",
        "carla":     ".         .",
        "fiona":     "Y         Y",
        "bert":      "Y         Y",
        "berta":     "Y         .",
    },
}  # fmt: skip


def library_template() -> LibraryTemplate:
    library_import_method(actor=None)
    return LibraryTemplate.objects.get(key="method-activities-en")


def pending_proposal() -> TemplateProposal:
    template = library_template()
    proposal = TemplateProposal.objects.filter(status=TemplateProposal.Status.PENDING).first()
    if proposal is None:
        structure = checklist_builtin("en")
        structure["phases"][0]["activities"].append({"title": "Stakeholder map"})
        proposal = TemplateProposal.objects.create(
            kind=template.kind,
            template=template,
            title="Checklist with a stakeholder map",
            language="en",
            structure=structure,
            note="Maps the stakeholders first.",
            proposed_by=User.objects.get(email="carla@example.org"),
        )
    return proposal


def library_state() -> tuple:
    return (
        list(TemplateVersion.objects.order_by("pk").values_list("pk", "number")),
        list(TemplateProposal.objects.order_by("pk").values_list("pk", "status")),
    )


def improved_checklist() -> dict:
    structure = checklist_builtin("en")
    structure["phases"][0]["activities"].append({"title": "Stakeholder map"})
    return {"structure": json.dumps(structure), "note": "Adds a stakeholder map."}


CASES = [
    ViewCase("benchmark", "tenant", "get", static("/benchmark/"), BENCHMARK_READERS),
    ViewCase("library_offer", "tenant", "get", static("/library/offer/"), EDITORS),
    ViewCase(
        "library_offer",
        "tenant",
        "post",
        static("/library/offer/"),
        EDITORS_POST,
        data=lambda: {"source": "checklist", "title": "Our checklist", "note": "Shorter."},
        state=library_state,
    ),
    ViewCase("due", "public", "get", static("/due/"), STAFF),
    ViewCase("library", "public", "get", static("/library/"), STAFF),
    ViewCase(
        "library_import",
        "public",
        "post",
        static("/library/import/"),
        FIRM_ADMIN_POST,
        state=lambda: list(LibraryTemplate.objects.order_by("pk").values_list("pk", flat=True)),
    ),
    ViewCase(
        "library_template",
        "public",
        "get",
        lambda: f"/library/templates/{library_template().pk}/",
        STAFF,
    ),
    ViewCase(
        "library_version_add",
        "public",
        "post",
        lambda: f"/library/templates/{library_template().pk}/",
        FIRM_ADMIN_POST,
        data=improved_checklist,
        state=library_state,
    ),
    ViewCase("library_proposals", "public", "get", static("/library/proposals/"), STAFF),
    ViewCase(
        "library_proposal",
        "public",
        "get",
        lambda: f"/library/proposals/{pending_proposal().pk}/",
        STAFF,
    ),
    ViewCase(
        "library_proposal_decide",
        "public",
        "post",
        lambda: f"/library/proposals/{pending_proposal().pk}/decide/",
        FIRM_ADMIN_POST,
        data=lambda: {"accept": "1"},
        state=library_state,
    ),
]


class LibraryObject:
    """A library template or proposal (public schema, no municipality's), made if missing."""

    refers_to_object = False

    def __init__(self, make) -> None:
        self.make = make

    def values(self, target: Target, pattern: Pattern) -> list:
        return [self.make().pk]


URL_PARAMETERS = {
    "library:template:pk": LibraryObject(library_template),
    "library:proposal:pk": LibraryObject(pending_proposal),
    "library:proposal_decide:pk": LibraryObject(pending_proposal),
}
