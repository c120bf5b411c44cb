"""Erasing recipients' addresses leaves nothing that names a person: not the row, not the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from surveys.models import AccessToken, Recipient, Survey
from surveys.services import mailing
from surveys.services.lifecycle import survey_close
from surveys.tasks import surveys_housekeeping
from tests.conftest import browser_of
from tests.surveys.factories import group, small_survey
from tests.surveys.test_mailing import mail_server  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
ADDRESS = "erika.muster@example.org"


def _erase_by_the_consultant(alpha, survey: Survey) -> None:
    browser_of("carla", alpha).post(f"/surveys/{survey.pk}/erase-addresses/")


def _erase_after_the_retention_period(alpha, survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(closed_at=timezone.now() - timedelta(days=91))
    surveys_housekeeping.apply()


@pytest.mark.parametrize(
    "erase", [_erase_by_the_consultant, _erase_after_the_retention_period], ids=lambda f: f.__name__
)
def test_after_erasure_a_bounced_address_appears_nowhere_on_the_row_or_the_recipients_page(
    alpha,
    in_alpha,
    mail_server,  # noqa: F811 (the fixture)
    erase,
    django_capture_on_commit_callbacks,
):
    mail_server.refusal = f"550 5.1.1 <{ADDRESS}>: Recipient address rejected"
    survey = small_survey()
    Recipient.objects.create(
        survey=survey, group=group("employees"), email=ADDRESS, department="Bürgeramt"
    )
    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)
    bounced = Recipient.objects.get(survey=survey)
    assert bounced.invitation_status == Recipient.MailStatus.FAILED
    assert ADDRESS in bounced.last_error  # the server's refusal names the address
    survey_close(survey=survey)

    erase(alpha, survey)

    (row,) = Recipient.objects.filter(survey=survey).values()
    assert ADDRESS not in str(row) and "erika" not in str(row).lower()
    assert row["department"] == "Bürgeramt"  # not personal: kept for the statistics
    assert row["invitation_status"] == Recipient.MailStatus.FAILED
    assert not AccessToken.objects.filter(recipient__survey=survey).exists()
    page = browser_of("carla", alpha).get(f"/surveys/{survey.pk}/recipients/").content.decode()
    assert "erased" in page
    assert "erika" not in page.lower()
