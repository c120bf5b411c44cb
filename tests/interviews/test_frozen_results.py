"""While the lead reviews Phase 1, and after the sign-off, its findings and ratings stay put.

The lead signs what the consultants showed: a finding or rating changed after the submission
would no longer be what was reviewed. Sent back or reopened, they can change again.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context

from interviews import services
from interviews.models import Document, Finding, Interview, MaturityRating
from phases.models import Phase
from tests.conftest import browser_of, persona

from .factories import document, finding, interview, phase_one_in, the_freeze, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded(in_alpha) -> Finding:
    return finding("Applications arrive on paper")


@pytest.mark.parametrize("state", [Phase.State.IN_REVIEW, Phase.State.APPROVED])
def test_findings_and_ratings_cannot_change_while_in_review_or_after_the_sign_off(coded, state):
    phase_one_in(state)
    coded.statement = "Changed after the submission"

    with pytest.raises(ValidationError, match="can change again once it is sent back"):
        services.finding_save(finding=coded, actor=persona("carla"))
    with pytest.raises(ValidationError):
        services.finding_save(finding=Finding(statement="New", source="other"), actor=None)
    with pytest.raises(ValidationError):
        services.finding_delete(finding=coded, actor=persona("carla"))
    with pytest.raises(ValidationError):
        services.maturity_rate(
            topic=topic("Electronic filing"), level=3, rationale="", findings=[], actor=None
        )

    assert Finding.objects.get().statement == "Applications arrive on paper"
    assert not MaturityRating.objects.exists()


def test_sent_back_the_findings_can_change_again(coded):
    phase_one_in(Phase.State.IN_REVIEW)
    phase_one_in(Phase.State.ACTIVE)
    coded.statement = "Reworded after the lead's comments"

    services.finding_save(finding=coded, actor=persona("carla"))

    assert Finding.objects.get().statement == "Reworded after the lead's comments"


def test_the_pages_explain_the_freeze_and_offer_no_edits_and_a_forged_post_changes_nothing(
    coded, alpha
):
    browser = browser_of("carla", alpha)
    rate_link = re.compile(r'href="/analysis/maturity/\d+/"')
    assert "Remove" in browser.get("/analysis/findings/").content.decode()
    assert rate_link.search(browser.get("/analysis/maturity/").content.decode())
    phase_one_in(Phase.State.IN_REVIEW)

    page = browser.get("/analysis/findings/").content.decode()
    maturity = browser.get("/analysis/maturity/").content.decode()
    forged = {"statement": "Forged", "result_topic": coded.result_topic, "kind": coded.kind}
    edited = browser.post(f"/analysis/findings/{coded.pk}/", {**forged, "source": "other"})
    removed = browser.post(f"/analysis/findings/{coded.pk}/delete/", follow=True)

    assert "stay as the municipality" in page and "Remove" not in page and "Add finding" not in page
    assert "stay as the municipality" in maturity and not rate_link.search(maturity)
    assert "can change again once it is sent back" in edited.content.decode()
    assert "can change again once it is sent back" in removed.content.decode()
    assert Finding.objects.get().statement == "Applications arrive on paper"


def test_one_municipality_in_review_leaves_another_municipality_s_findings_editable(coded, beta):
    phase_one_in(Phase.State.IN_REVIEW)

    with schema_context(beta.schema_name):
        connection.set_tenant(beta)
        saved = finding("Bergdorf keeps coding")
        assert Finding.objects.filter(pk=saved.pk).exists()
    with pytest.raises(ValidationError):
        finding("Altstadt is in review")


# --- Removing what findings come from ---------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize("state", [Phase.State.IN_REVIEW, Phase.State.APPROVED])
def test_a_document_with_coded_findings_stays_while_in_review_or_after_the_sign_off(
    in_alpha, media_root, state
):
    strategy = document("Digitalstrategie 2030")
    finding("Strategy has no budget", source="document", document=strategy)
    finding("Strategy names no owner", source="document", document=strategy)
    phase_one_in(state)

    response = browser_of("carla", in_alpha).post(
        f"/analysis/documents/{strategy.pk}/delete/", follow=True
    )

    assert response.redirect_chain == [(f"/analysis/documents/{strategy.pk}/", 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "“Digitalstrategie 2030” cannot be removed now: its 2 coded findings are part of the "
        f"Phase 1 results. {the_freeze()}"
    ]
    assert Document.objects.filter(pk=strategy.pk).exists()
    assert Finding.objects.filter(document=strategy).count() == 2


def test_a_document_without_findings_can_still_be_removed_in_review(in_alpha, media_root):
    spare = document("Organigramm")
    phase_one_in(Phase.State.IN_REVIEW)

    services.document_delete(document=spare, actor=persona("carla"))

    assert not Document.objects.filter(pk=spare.pk).exists()


def test_sent_back_a_document_goes_with_its_findings(in_alpha, media_root):
    strategy = document("Digitalstrategie 2030")
    finding("Strategy has no budget", source="document", document=strategy)
    phase_one_in(Phase.State.IN_REVIEW)
    phase_one_in(Phase.State.ACTIVE)

    services.document_delete(document=strategy, actor=persona("carla"))

    assert not Document.objects.exists() and not Finding.objects.exists()


def test_an_interview_with_coded_findings_stays_while_in_review(in_alpha):
    talk = interview("Petra Amt")
    finding("Forms are printed", source="interview", interview=talk)
    phase_one_in(Phase.State.IN_REVIEW)

    response = browser_of("carla", in_alpha).post(
        f"/analysis/interviews/{talk.pk}/delete/", follow=True
    )

    assert response.redirect_chain == [(f"/analysis/interviews/{talk.pk}/", 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "The interview with Petra Amt cannot be removed now: its coded finding is part of the "
        f"Phase 1 results. {the_freeze()}"
    ]
    assert Interview.objects.filter(pk=talk.pk).exists()
    assert Finding.objects.filter(interview=talk).count() == 1


def test_a_planned_interview_without_findings_can_still_be_removed_in_review(in_alpha):
    talk = interview("Karl Vorsicht")
    phase_one_in(Phase.State.IN_REVIEW)

    services.interview_delete(interview=talk, actor=persona("carla"))

    assert not Interview.objects.filter(pk=talk.pk).exists()


def test_the_interview_page_offers_no_edit_of_its_findings_while_in_review(in_alpha):
    talk = interview("Petra Amt")
    coded = finding(
        "Forms are printed", source="interview", interview=talk, note=talk.notes.first()
    )
    browser = browser_of("carla", in_alpha)
    edit_link = f'href="/analysis/findings/{coded.pk}/"'
    assert edit_link in browser.get(f"/analysis/interviews/{talk.pk}/").content.decode()
    phase_one_in(Phase.State.IN_REVIEW)

    page = browser.get(f"/analysis/interviews/{talk.pk}/").content.decode()

    assert "stay as the municipality" in page and edit_link not in page
