"""The firm's template library: versions, copies into new municipalities, and proposals."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django_tenants.utils import schema_context

from engagements.models import Municipality
from engagements.services import municipality_create
from interviews.models import InterviewGuide
from library.models import Kind, LibraryTemplate, TemplateProposal
from library.services import (
    library_import_method,
    proposal_accept,
    proposal_decline,
    template_version_add,
)
from library.structures import checklist_builtin
from phases.models import Activity, Phase
from tests.conftest import browser_of, persona


@pytest.fixture
def library(db) -> None:
    library_import_method(actor=None)


def checklist(language: str = "de") -> LibraryTemplate:
    return LibraryTemplate.objects.get(kind=Kind.ACTIVITY_CHECKLIST, language=language)


def with_extra_activity(title: str, language: str = "de") -> dict:
    structure = checklist_builtin(language)
    structure["phases"][0]["activities"].append(
        {"title": title, "description": "", "required_for_gate": False}
    )
    return structure


def phase_one_titles(slug: str) -> list[str]:
    with schema_context(slug.replace("-", "_")):
        return list(
            Activity.objects.filter(phase__number=1)
            .order_by("position")
            .values_list("title", flat=True)
        )


def test_importing_the_method_fills_every_kind_once(library):
    counts = {kind: LibraryTemplate.objects.filter(kind=kind).count() for kind in Kind.values}

    assert counts == {"survey": 1, "interview_guide": 2, "activity_checklist": 2}
    assert library_import_method(actor=None) == 0


def test_a_new_municipality_starts_from_the_library_s_current_version(library):
    template_version_add(
        template=checklist(),
        structure=with_extra_activity("Stakeholder-Landkarte"),
        note="Stakeholder zuerst.",
        actor=persona("fiona"),
    )

    municipality_create(name="Neustadt", slug="neustadt", created_by=None)

    assert phase_one_titles("neustadt")[-1] == "Stakeholder-Landkarte"
    with schema_context("neustadt"):
        assert Phase.objects.count() == 4
        assert InterviewGuide.objects.count() == 2


def test_later_library_versions_never_change_a_running_engagement(library):
    municipality_create(name="Neustadt", slug="neustadt", created_by=None)
    before = phase_one_titles("neustadt")

    template_version_add(
        template=checklist(),
        structure=with_extra_activity("Nachträglich"),
        note="Neu.",
        actor=persona("fiona"),
    )
    connection.set_schema_to_public()

    assert phase_one_titles("neustadt") == before
    assert "Nachträglich" not in before


def test_without_a_library_a_municipality_gets_the_method_s_built_ins(alpha):
    assert LibraryTemplate.objects.count() == 0
    with schema_context("alpha"):
        assert Activity.objects.filter(phase__number=1).count() == 5
        assert InterviewGuide.objects.count() == 2


def test_only_firm_admins_add_versions_and_a_broken_checklist_is_refused(library):
    with pytest.raises(PermissionDenied):
        template_version_add(
            template=checklist(),
            structure=checklist_builtin("de"),
            note="x",
            actor=persona("carla"),
        )
    broken = checklist_builtin("de")
    broken["phases"].pop()
    with pytest.raises(ValidationError, match="exactly 4 phases"):
        template_version_add(
            template=checklist(), structure=broken, note="x", actor=persona("fiona")
        )
    assert checklist().versions.count() == 1


def test_a_version_typed_as_bad_json_gets_a_clear_message_and_keeps_the_text(library):
    browser = browser_of("fiona")

    response = browser.post(
        f"/library/templates/{checklist().pk}/",
        {"structure": '{"phases": [', "note": "Kaputt"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "not valid JSON" in page and "{&quot;phases&quot;: [" in page
    assert checklist().versions.count() == 1


def test_a_consultant_offers_the_engagement_s_checklist_and_a_firm_admin_accepts_it(library, alpha):
    with schema_context("alpha"):
        Activity.objects.create(
            phase=Phase.objects.get(number=1), title="Bürgerrat einbinden", position=9
        )
    response = browser_of("carla", alpha).post(
        "/library/offer/",
        {
            "source": "checklist",
            "template": checklist().pk,
            "title": "Checkliste mit Bürgerrat",
            "note": "Der Bürgerrat gehört früh dazu.",
        },
    )
    assert response.status_code == 302
    connection.set_schema_to_public()
    proposal = TemplateProposal.objects.get()
    assert (proposal.municipality.slug, proposal.proposed_by, proposal.language) == (
        "alpha",
        persona("carla"),
        "de",
    )

    with pytest.raises(PermissionDenied):
        proposal_accept(proposal=proposal, actor=persona("carla"))
    version = proposal_accept(proposal=proposal, actor=persona("fiona"))

    assert (version.template, version.number) == (checklist(), 2)
    assert version.structure["phases"][0]["activities"][-1]["title"] == "Bürgerrat einbinden"
    proposal.refresh_from_db()
    assert proposal.status == TemplateProposal.Status.ACCEPTED
    with pytest.raises(ValidationError, match="already decided"):
        proposal_decline(proposal=proposal, actor=persona("fiona"), note="Doch nicht.")


def test_an_offered_guide_new_to_the_library_becomes_a_new_template(library, alpha):
    with schema_context("alpha"):
        guide = InterviewGuide.objects.filter(language="de").first()
    browser_of("carla", alpha).post(
        "/library/offer/",
        {"source": f"guide-{guide.pk}", "title": "Leitfaden Kleinstadt", "note": "Kürzer."},
    )
    connection.set_schema_to_public()

    version = proposal_accept(proposal=TemplateProposal.objects.get(), actor=persona("fiona"))

    assert version.template.title == "Leitfaden Kleinstadt"
    assert version.template.kind == Kind.INTERVIEW_GUIDE
    assert LibraryTemplate.objects.filter(kind=Kind.INTERVIEW_GUIDE).count() == 3


def test_a_proposal_of_the_wrong_kind_for_its_template_is_refused(library, alpha):
    guide_template = LibraryTemplate.objects.filter(kind=Kind.INTERVIEW_GUIDE).first()

    response = browser_of("carla", alpha).post(
        "/library/offer/",
        {"source": "checklist", "template": guide_template.pk, "title": "X", "note": "Y"},
    )

    assert "same kind" in response.content.decode()
    connection.set_schema_to_public()
    assert not TemplateProposal.objects.exists()


def test_declining_needs_a_reason_and_changes_no_version(library, alpha):
    proposal = TemplateProposal.objects.create(
        kind=Kind.ACTIVITY_CHECKLIST,
        template=checklist(),
        title="Kürzer",
        language="de",
        structure=with_extra_activity("X"),
        note="Kürzer.",
        municipality=Municipality.objects.get(slug="alpha"),
        proposed_by=persona("carla"),
    )
    browser = browser_of("fiona")

    browser.post(f"/library/proposals/{proposal.pk}/decide/", {"decline": "1"})
    proposal.refresh_from_db()
    assert proposal.status == TemplateProposal.Status.PENDING

    browser.post(
        f"/library/proposals/{proposal.pk}/decide/",
        {"decline": "1", "decision_note": "Zu speziell für Altstadt."},
    )
    proposal.refresh_from_db()
    assert proposal.status == TemplateProposal.Status.DECLINED
    assert checklist().versions.count() == 1


def test_a_proposal_page_shows_both_versions_side_by_side(library):
    proposal = TemplateProposal.objects.create(
        kind=Kind.ACTIVITY_CHECKLIST,
        template=checklist(),
        title="Mit Landkarte",
        language="de",
        structure=with_extra_activity("Stakeholder-Landkarte"),
        note="Besser.",
        proposed_by=persona("carla"),
    )

    page = browser_of("fiona").get(f"/library/proposals/{proposal.pk}/").content.decode()

    assert "Stakeholder-Landkarte" in page and "version 1" in page.lower()
    assert json.dumps("Accept as new version")[1:-1] in page


def test_the_offer_page_lists_the_checklist_the_guides_and_the_surveys(alpha):
    page = browser_of("carla", alpha).get("/library/offer/").content.decode()

    assert "activity checklist of this engagement" in page
    assert "Interview guide:" in page and "Survey:" in page


def test_a_lead_cannot_offer_a_template_even_through_the_service(library, in_alpha):
    from library.services import proposal_submit

    with pytest.raises(PermissionDenied):
        proposal_submit(
            municipality=in_alpha,
            actor=persona("leo"),
            kind=Kind.ACTIVITY_CHECKLIST,
            title="Von der Leitung",
            language="de",
            structure=checklist_builtin("de"),
            note="Besser.",
            template=None,
        )
    assert not TemplateProposal.objects.exists()
