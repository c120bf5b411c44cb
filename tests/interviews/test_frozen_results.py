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
from interviews.models import Finding, MaturityRating
from phases.models import Phase
from tests.conftest import browser_of, persona

from .factories import finding, topic

pytestmark = pytest.mark.django_db


def phase_one_in(state: str) -> None:
    Phase.objects.filter(number=1).update(state=state)


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
