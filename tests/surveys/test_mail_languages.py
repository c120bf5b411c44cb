"""A survey that speaks German and English invites in both, the municipality's language first,
and each part's link opens the survey in its language."""

import re

from django.core import mail
from django_tenants.utils import tenant_context

from surveys.models import Survey
from surveys.services import mailing
from tests.conftest import browser_of, signed_in_client
from tests.surveys.factories import small_survey
from tests.surveys.test_mailing import listed

DIVIDER = "―" * 24


def invite(survey: Survey, django_capture_on_commit_callbacks, **letters) -> mail.EmailMessage:
    Survey.objects.filter(pk=survey.pk).update(**letters)
    listed(survey, "anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        mailing.invitations_queue(survey=survey)
    (message,) = mail.outbox
    return message


def test_both_letters_go_out_the_municipality_s_language_first(
    in_alpha, django_capture_on_commit_callbacks
):
    message = invite(
        small_survey(),
        django_capture_on_commit_callbacks,
        invitation_de="Liebe Kolleginnen und Kollegen,",
        invitation_en="Dear colleagues,",
    )

    german, english = message.body.split(DIVIDER)
    assert message.body.startswith("(English version below)\n\nLiebe Kolleginnen und Kollegen,")
    assert "Ihr persönlicher Link" in german and "/?lang=de" in german
    assert "Dear colleagues," in english and "Your personal link" in english
    assert "/?lang=en" in english and "Liebe" not in english
    assert message.subject == "Altstadt bittet um Ihre Meinung: Digital town (de) / " + (
        "Altstadt asks for your view: Digital town"
    )


def test_each_part_s_link_opens_the_survey_in_its_language(
    alpha, in_alpha, django_capture_on_commit_callbacks
):
    message = invite(small_survey(), django_capture_on_commit_callbacks)
    links = re.findall(r"https?://\S+(/s/(?!privacy/)[\w-]+/)\?lang=(\w+)", message.body)
    assert [language for _path, language in links] == ["de", "en"]
    # Each part's privacy notice is in its language too.
    assert re.findall(r"/s/privacy/\?lang=(\w+)", message.body) == ["de", "en"]
    (path,) = {path for path, _language in links}  # one personal link, in two languages

    for language, words in (("en", "Question ready"), ("de", "Frage ready")):
        browser = signed_in_client(None, alpha)
        assert browser.get(f"{path}?lang={language}")["Location"] == "/s/respond/"
        page = browser.get("/s/respond/").content.decode()
        assert words in page
    # A language the survey does not speak opens it in its first.
    browser = signed_in_client(None, alpha)
    browser.get(f"{path}?lang=fr")
    assert "Frage ready" in browser.get("/s/respond/").content.decode()


def test_without_an_english_letter_the_english_part_keeps_the_standard_words(
    in_alpha, django_capture_on_commit_callbacks
):
    message = invite(
        small_survey(), django_capture_on_commit_callbacks, invitation_de="Liebe Kolleginnen,"
    )

    english = message.body.split(DIVIDER)[1]
    assert "Liebe Kolleginnen," not in english
    assert "Hello," in english and "Altstadt invites you to take part" in english


def test_a_survey_in_one_language_mails_in_that_language_alone(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    Survey.objects.filter(pk=survey.pk).update(translated=False, primary_language="en")

    message = invite(survey, django_capture_on_commit_callbacks)

    # Altstadt speaks German; its English-only survey invites in English, once.
    assert DIVIDER not in message.body and "version below" not in message.body
    assert message.body.startswith("Hello,") and "Hallo" not in message.body
    assert re.search(r"/s/[\w-]+/\n", message.body)  # no language to choose: a plain link
    assert message.subject == "Altstadt asks for your view: Digital town"


def test_in_an_english_speaking_municipality_english_comes_first(
    beta, django_capture_on_commit_callbacks
):
    with tenant_context(beta):
        message = invite(small_survey(), django_capture_on_commit_callbacks)

    assert message.body.startswith("(Deutsche Fassung weiter unten)\n\nHello,")


def test_the_survey_form_explains_the_letter_in_the_other_language(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)

    page = browser_of("carla", alpha).get(f"/surveys/{survey.pk}/edit/").content.decode()

    assert "invites in both languages, the municipality's first" in page


def test_each_part_is_signed_in_its_language_or_else_with_the_one_signature(
    in_alpha, django_capture_on_commit_callbacks
):
    survey = small_survey()
    message = invite(
        survey,
        django_capture_on_commit_callbacks,
        signature_de="Anna Bürgermeister, Bürgermeisterin",
        signature_en="Anna Bürgermeister, Mayor",
    )
    german, english = message.body.split(DIVIDER)
    assert "Anna Bürgermeister, Bürgermeisterin\nAltstadt" in german
    assert "Anna Bürgermeister, Mayor\nAltstadt" in english

    Survey.objects.filter(pk=survey.pk).update(signature_en="")
    preview = mailing.mail_preview(Survey.objects.get(pk=survey.pk))

    assert "Anna Bürgermeister, Bürgermeisterin\nAltstadt" in preview.body.split(DIVIDER)[1]
