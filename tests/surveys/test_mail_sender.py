"""A survey mail comes from the municipality (on the platform's address) and replies go to its
contact person, as the recipients page shows before anything is sent."""

from email.parser import BytesParser
from email.policy import default
from email.utils import parseaddr

from django.conf import settings
from django.core import mail

from engagements.models import Municipality
from surveys.services import mailing
from tests.conftest import browser_of
from tests.surveys.factories import small_survey
from tests.surveys.test_mailing import listed


def test_an_invitation_comes_from_the_town_and_replies_reach_its_contact(
    alpha, in_alpha, django_capture_on_commit_callbacks
):
    Municipality.objects.filter(pk=alpha.pk).update(
        name="Altstadt an der Öde", contact_email="buergerbuero@altstadt.example"
    )
    survey = small_survey()
    listed(survey, "anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)

    (message,) = mail.outbox
    assert parseaddr(message.from_email) == (
        "Altstadt an der Öde",
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
    )
    assert message.reply_to == ["buergerbuero@altstadt.example"]
    # Encoded for the wire, read back as written.
    wire = message.message().as_bytes()
    assert b"From: =?utf-8?" in wire
    parsed = BytesParser(policy=default).parsebytes(wire)
    assert parsed["From"].addresses[0].display_name == "Altstadt an der Öde"


def test_without_a_contact_nobody_is_named_to_reply_to(
    alpha, in_alpha, django_capture_on_commit_callbacks
):
    Municipality.objects.filter(pk=alpha.pk).update(contact_email="")
    survey = small_survey()
    listed(survey, "anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)

    assert mail.outbox[0].reply_to == []
    assert "Reply-To" not in mail.outbox[0].message()


def test_the_recipients_page_shows_sender_and_reply_address(alpha, in_alpha):
    Municipality.objects.filter(pk=alpha.pk).update(contact_email="buergerbuero@altstadt.example")
    survey = small_survey()

    page = browser_of("carla", alpha).get(f"/surveys/{survey.pk}/recipients/").content.decode()

    preview = page.split('id="mail-preview"')[1].split("</details>")[0]
    assert "Altstadt &lt;" in preview
    assert "buergerbuero@altstadt.example" in preview
