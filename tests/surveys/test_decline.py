"""A recipient who will not take part says so from the questionnaire and gets no reminders."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from surveys.models import OpenLink, Recipient, Response
from surveys.services import mailing
from surveys.tasks import send_survey_mail
from tests.conftest import browser_of, signed_in_client
from tests.surveys.factories import group, page_one, recipient_with_token, small_survey

Status = Recipient.MailStatus
DECLINE_BUTTON = "I will not take part: no reminders, please"
FORM = "application/x-www-form-urlencoded"


def opened(alpha, token: str):
    browser = signed_in_client(None, alpha)
    assert browser.get(f"/s/{token}/")["Location"] == "/s/respond/"
    return browser


def test_a_recipient_declines_from_the_questionnaire_and_may_still_take_part(alpha, in_alpha):
    survey = small_survey()
    anna, token = recipient_with_token(survey)
    browser = opened(alpha, token)

    questionnaire = browser.get("/s/respond/?lang=en").content.decode()
    declined = browser.post("/s/decline/")

    assert DECLINE_BUTTON in questionnaire
    assert declined.status_code == 200
    assert "will send you no reminders about this survey" in declined.content.decode()
    anna.refresh_from_db()
    assert anna.declined_at is not None and not anna.answered
    # Changed their mind: the questionnaire is still theirs to answer.
    assert browser.post("/s/respond/", page_one(survey))["Location"] == "/s/respond/"


def test_declined_recipients_get_no_reminder_on_demand_on_schedule_or_already_queued(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    survey.remind_after_days = 7
    survey.save(update_fields=["remind_after_days"])
    names = ("anna", "ben", "carl")
    _anna, ben, carl = (recipient_with_token(survey, email=f"{n}@example.org")[0] for n in names)
    Recipient.objects.update(invited_at=timezone.now() - timedelta(days=8))
    Recipient.objects.filter(pk=carl.pk).update(reminder_status=Status.QUEUED)
    for declining in (ben, carl):
        mailing.recipient_decline(recipient_id=declining.pk)

    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.reminders_queue_due() == 1
        send_survey_mail.apply(args=[carl.pk, "reminder"])
    with django_capture_on_commit_callbacks(execute=True):
        assert mailing.reminders_queue(survey=survey) == 1

    assert [m.to for m in mail.outbox] == [["anna@example.org"], ["anna@example.org"]]
    assert Recipient.objects.get(pk=ben.pk).reminders_sent == 0
    assert Recipient.objects.get(pk=carl.pk).reminders_sent == 0


def test_only_a_personal_link_can_decline(alpha, in_alpha):
    survey = small_survey()
    OpenLink.objects.create(survey=survey, group=group("citizens"), slug="for-citizens")
    citizen = signed_in_client(None, alpha)
    assert citizen.get("/o/for-citizens/")["Location"] == "/s/respond/"

    questionnaire = citizen.get("/s/respond/?lang=en").content.decode()
    refused = citizen.post("/s/decline/")
    nobody = signed_in_client(None, alpha).post("/s/decline/")

    assert DECLINE_BUTTON not in questionnaire
    assert refused.status_code == nobody.status_code == 403
    assert refused.content == nobody.content
    assert signed_in_client(None, alpha).get("/s/decline/").status_code == 405


def test_an_answered_recipient_is_not_marked_as_declining(alpha, in_alpha):
    survey = small_survey()
    anna, _token = recipient_with_token(survey)
    Recipient.objects.filter(pk=anna.pk).update(answered=True)

    mailing.recipient_decline(recipient_id=anna.pk)

    assert Recipient.objects.get(pk=anna.pk).declined_at is None
    assert not Response.objects.exists()


def test_the_invitation_says_how_to_decline(in_alpha, django_capture_on_commit_callbacks):
    survey = small_survey()
    Recipient.objects.create(survey=survey, group=group("employees"), email="anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)

    (invitation,) = mail.outbox
    assert "say so at the bottom of the page: you will get no reminders" in invitation.body
    assert "sagen Sie es unten auf der Seite" in invitation.body


def test_the_consultant_sees_who_will_not_take_part(alpha, in_alpha):
    survey = small_survey()
    anna, _ = recipient_with_token(survey, email="anna@example.org")
    recipient_with_token(survey, email="ben@example.org")
    mailing.recipient_decline(recipient_id=anna.pk)
    browser = browser_of("carla", alpha)

    page = browser.get(f"/surveys/{survey.pk}/recipients/").content.decode()
    only = browser.get(f"/surveys/{survey.pk}/recipients/?show=declined").content.decode()

    assert "1 will not take part (no reminders)" in page
    assert "anna@example.org" in only and "ben@example.org" not in only
    assert "will not take part (" in only


# --- From the mail program (List-Unsubscribe) ------------------------------------------------


def unsubscribe_address(message) -> str:
    """The path of a mail's List-Unsubscribe address."""
    address = re.fullmatch(r"<(https?://[^>]+)>", message.extra_headers["List-Unsubscribe"])
    return urlsplit(address.group(1)).path


def test_the_mail_program_s_unsubscribe_declines_with_one_click(
    alpha, in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    anna = Recipient.objects.create(survey=survey, group=group("employees"), email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)
    (invitation,) = mail.outbox
    assert invitation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    address = unsubscribe_address(invitation)

    # A person (or a mail scanner) opening the address is asked first; nothing happens yet.
    asked = signed_in_client(None, alpha).get(f"{address}?lang=en")
    assert asked.status_code == 200 and "No more reminders?" in asked.content.decode()
    assert Recipient.objects.get(pk=anna.pk).declined_at is None
    # The mail program's one click: a POST without a session or a CSRF token.
    client = Client(enforce_csrf_checks=True, HTTP_HOST=alpha.domains.get().domain)
    clicked = client.post(address, "List-Unsubscribe=One-Click", content_type=FORM)

    # In the survey's first language: the click carries none.
    assert clicked.status_code == 200
    assert "sendet Ihnen keine Erinnerungen" in clicked.content.decode()
    assert "/s/respond/" not in clicked.content.decode()  # no session to take part in
    assert Recipient.objects.get(pk=anna.pk).declined_at is not None


def test_a_tampered_or_foreign_unsubscribe_address_declines_nobody(alpha, beta, in_alpha):
    survey = small_survey()
    anna = Recipient.objects.create(survey=survey, group=group("employees"), email="a@example.org")
    value = mailing.decline_value(anna)
    with schema_context(beta.schema_name):
        bergdorf = small_survey()
        # The same id in Bergdorf, signed there: it names Bergdorf's schema.
        Recipient.objects.create(pk=anna.pk, survey=bergdorf, group=group("employees"))
        foreign = mailing.decline_value(Recipient.objects.get(pk=anna.pk))

    anyone = signed_in_client(None, alpha)
    tampered = anyone.post(f"/s/decline/{value[:-2]}xx/")
    from_bergdorf = anyone.post(f"/s/decline/{foreign}/")

    assert tampered.status_code == from_bergdorf.status_code == 403
    assert tampered.content == from_bergdorf.content  # the one page for links that do not work
    assert Recipient.objects.get(pk=anna.pk).declined_at is None
    assert anyone.post(f"/s/decline/{value}/").status_code == 200  # the real one works here
