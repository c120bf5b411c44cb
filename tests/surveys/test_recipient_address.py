"""Correcting a recipient's address: a typo or a bounce put right, and a misdirected link dead."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from surveys.models import AccessToken, Recipient, Response, Survey, token_hash
from surveys.services import mailing
from surveys.services.lifecycle import survey_close
from tests.conftest import browser_of, signed_in_client
from tests.surveys.factories import group, page_one, recipient_with_token, small_survey

Status = Recipient.MailStatus


def link_in(message) -> str:
    return re.search(r"https?://\S+/s/(\S+)/", message.body).group(1)


def failed(survey: Survey, email: str = "anna@exmaple.org") -> Recipient:
    return Recipient.objects.create(
        survey=survey,
        group=group("employees"),
        department="Bauamt",
        email=email,
        invitation_status=Status.FAILED,
        attempts=6,
        last_error="SMTPRecipientsRefused: 550 no such domain",
    )


def refusal(recipient: Recipient, email: str) -> str:
    with pytest.raises(ValidationError) as refused:
        mailing.recipient_address_correct(recipient=recipient, email=email)
    return " ".join(refused.value.messages)


def test_a_bounced_invitation_goes_to_the_corrected_address_at_once(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    anna = failed(survey)

    with django_capture_on_commit_callbacks(execute=True):
        corrected = mailing.recipient_address_correct(recipient=anna, email=" anna@example.org ")

    assert corrected.invited
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    row = Recipient.objects.get(survey=survey)
    assert (row.email, row.group.key, row.department) == ("anna@example.org", "employees", "Bauamt")
    assert (row.invitation_status, row.last_error, row.attempts) == (Status.SENT, "", 1)


def test_a_link_mailed_to_a_wrong_address_stops_working_even_where_it_was_opened(
    alpha, in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    anna, token = recipient_with_token(survey, email="anna@exmaple.org")
    Recipient.objects.filter(pk=anna.pk).update(reminders_sent=2, reminder_status=Status.SENT)
    stranger = signed_in_client(None, alpha)  # whoever has the misspelt address opened it
    assert stranger.get(f"/s/{token}/")["Location"] == "/s/respond/"

    with django_capture_on_commit_callbacks(execute=True):
        mailing.recipient_address_correct(recipient=anna, email="anna@example.org")

    refused = stranger.post("/s/respond/", page_one(survey))
    assert refused.status_code == 403 and not Response.objects.exists()
    assert signed_in_client(None, alpha).get(f"/s/{token}/").status_code == 403
    assert not AccessToken.objects.filter(token_hash=token_hash(token)).exists()
    new_link = link_in(mail.outbox[0])
    assert signed_in_client(None, alpha).get(f"/s/{new_link}/")["Location"] == "/s/respond/"
    row = Recipient.objects.get(survey=survey)
    assert (row.reminders_sent, row.reminder_status, row.draft) == (0, Status.NONE, None)


def test_an_address_not_invited_yet_is_corrected_in_place_and_waits_for_the_others(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey(state=Survey.State.DRAFT)
    ben = Recipient.objects.create(survey=survey, group=group("citizens"), email="ben@exmaple.org")

    with django_capture_on_commit_callbacks(execute=True):
        corrected = mailing.recipient_address_correct(recipient=ben, email="ben@example.org")

    assert not corrected.invited and mail.outbox == []
    assert corrected.recipient.pk == ben.pk
    assert Recipient.objects.get(pk=ben.pk).invitation_status == Status.NONE


@pytest.mark.parametrize(
    ("email", "says"),
    [
        ("", "The e-mail address is missing"),
        ("anna(at)example.org", "“anna(at)example.org” is not an e-mail address"),
        (f"{'a' * 250}@example.org", "longer than 254 characters"),
        ("anna@exmaple.org", "This is the address on the list"),
        ("BEN@example.org", "BEN@example.org is on this survey's list already"),
    ],
)
def test_a_bad_or_taken_address_is_refused_and_nothing_changes(in_alpha, email, says):
    survey = small_survey()
    anna = failed(survey)
    Recipient.objects.create(survey=survey, group=group("citizens"), email="ben@example.org")

    assert says in refusal(anna, email)

    anna.refresh_from_db()
    assert (anna.email, anna.invitation_status) == ("anna@exmaple.org", Status.FAILED)


def test_no_address_is_corrected_once_answered_on_its_way_erased_or_closed(in_alpha):
    survey = small_survey()
    answered, queued, sending, reminding, erased = (
        failed(survey, f"{name}@exmaple.org") for name in ("a", "b", "c", "d", "e")
    )
    Recipient.objects.filter(pk=answered.pk).update(answered=True)
    Recipient.objects.filter(pk=queued.pk).update(invitation_status=Status.QUEUED)
    Recipient.objects.filter(pk=sending.pk).update(invitation_status=Status.SENDING)
    Recipient.objects.filter(pk=reminding.pk).update(reminder_status=Status.QUEUED)
    Recipient.objects.filter(pk=erased.pk).update(email="")

    assert "has answered" in refusal(answered, "x@example.org")
    assert "on its way" in refusal(queued, "x@example.org")
    assert "on its way" in refusal(sending, "x@example.org")
    assert "on its way" in refusal(reminding, "x@example.org")
    assert "erased" in refusal(erased, "x@example.org")
    other = failed(survey, "f@exmaple.org")
    survey_close(survey=survey)
    assert "closed" in refusal(other, "x@example.org")
    assert not Recipient.objects.filter(email="x@example.org").exists()


def test_the_consultant_corrects_an_address_from_the_recipient_list(
    alpha, in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    anna = failed(survey)
    browser = browser_of("carla", alpha)

    listing = browser.get(f"/surveys/{survey.pk}/recipients/").content.decode()
    form = browser.get(f"/surveys/recipients/{anna.pk}/address/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = browser.post(
            f"/surveys/recipients/{anna.pk}/address/", {"email": "anna@example.org"}, follow=True
        )

    assert f'href="/surveys/recipients/{anna.pk}/address/"' in listing
    assert "550 no such domain" in form and "gets a new invitation at once" in form
    assert "stops working" not in form  # a bounced mail delivered no link
    assert done.redirect_chain[-1][0] == f"/surveys/{survey.pk}/recipients/"
    assert "a new invitation is on its way to anna@example.org" in done.content.decode()
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]


def test_a_refused_address_is_shown_again_with_the_reason(alpha, in_alpha) -> None:
    survey = small_survey()
    anna = failed(survey)

    page = browser_of("carla", alpha).post(
        f"/surveys/recipients/{anna.pk}/address/", {"email": "anna@example"}
    )

    html = page.content.decode()
    assert page.status_code == 400
    assert "“anna@example” is not an e-mail address" in html
    assert 'value="anna@example"' in html
    assert Recipient.objects.get(pk=anna.pk).email == "anna@exmaple.org"


def test_the_page_warns_that_a_delivered_link_will_stop_working(alpha, in_alpha) -> None:
    survey = small_survey()
    anna, _token = recipient_with_token(survey, email="anna@exmaple.org")

    page = browser_of("carla", alpha).get(f"/surveys/recipients/{anna.pk}/address/")

    assert "The link sent to the old address stops working" in page.content.decode()


def test_the_list_offers_no_correction_while_a_mail_is_on_its_way(alpha, in_alpha) -> None:
    survey = small_survey()
    anna, reminded = failed(survey), failed(survey, "ben@exmaple.org")
    Recipient.objects.filter(pk=reminded.pk).update(reminder_status=Status.QUEUED)

    listing = browser_of("carla", alpha).get(f"/surveys/{survey.pk}/recipients/").content.decode()

    assert f"/surveys/recipients/{anna.pk}/address/" in listing
    assert f"/surveys/recipients/{reminded.pk}/address/" not in listing
