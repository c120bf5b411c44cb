"""The privacy notice and the accessibility statement respondents read: true to the settings,
linked wherever they are asked."""

import pytest
from django_tenants.utils import schema_context

from engagements.models import Municipality
from engagements.selectors import municipality_link
from surveys.models import Survey, SurveySettings
from surveys.services.mailing import mail_preview
from tests.conftest import persona, signed_in_client
from tests.reports.conftest import pdf_text
from tests.surveys.factories import recipient_with_token, small_survey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

NOTICE = "/s/privacy/"
STATEMENT = "/s/accessibility/"


def set_privacy(**values) -> None:
    SurveySettings.objects.update_or_create(singleton=True, defaults=values)


def test_the_notice_states_what_the_settings_say(in_alpha, alpha, browser):
    Municipality.objects.filter(pk=alpha.pk).update(contact_email="rathaus@altstadt.example")
    set_privacy(min_group_size=7, email_retention_days=30)

    html = browser.get(f"{NOTICE}?lang=en").content.decode()

    assert "Privacy notice for the surveys" in html and alpha.name in html
    assert 'href="mailto:rathaus@altstadt.example"' in html
    assert "erased 30 days after the survey closes" in html
    assert "fewer than 7 answers is never shown" in html and "at least 14 people" in html
    assert "never the time of day" in html
    # Without an officer named, the municipality's address stands in.
    assert "can be reached through the address above" in html
    german = browser.get(f"{NOTICE}?lang=de").content.decode()
    assert "Datenschutzhinweise" in german and "30 Tage nach dem Ende der Umfrage" in german


def test_without_any_contact_the_notice_points_to_no_address(in_alpha, alpha, browser):
    Municipality.objects.filter(pk=alpha.pk).update(contact_email="", contact_phone="")

    html = browser.get(f"{NOTICE}?lang=en").content.decode()

    assert "through the address above" not in html and "mailto:" not in html
    assert "Altstadt names its data protection officer on request." in html


def test_the_municipality_names_its_officer_and_adds_its_own_words(in_alpha, browser):
    set_privacy(
        privacy_officer="Frau Amsel, datenschutz@altstadt.example",
        privacy_addition_de="Rechtsgrundlage ist Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO).",
    )

    html = browser.get(f"{NOTICE}?lang=en").content.decode()

    assert "Data protection officer: Frau Amsel, datenschutz@altstadt.example" in html
    # No English words of its own: the German ones, marked as German.
    assert '<div lang="de"><p>Rechtsgrundlage ist Ihre Einwilligung' in html


def test_departments_are_mentioned_only_where_a_survey_asks_for_them(in_alpha, browser):
    small_survey()
    department = "the department the invitation list gives for you"
    assert department not in browser.get(f"{NOTICE}?lang=en").content.decode()

    Survey.objects.update(collect_departments=True)

    assert department in browser.get(f"{NOTICE}?lang=en").content.decode()


def test_another_municipalitys_notice_names_only_its_own(alpha, beta):
    with schema_context(alpha.schema_name):
        set_privacy(privacy_officer="Frau Amsel, Altstadt")

    html = signed_in_client(None, beta).get(f"{NOTICE}?lang=en").content.decode()

    assert beta.name in html and "Frau Amsel" not in html and alpha.name not in html


def test_the_questionnaire_the_invitation_and_the_paper_link_the_notice(in_alpha, alpha, browser):
    survey = small_survey()
    _recipient, token = recipient_with_token(survey)
    browser.get(f"/s/{token}/")

    page = browser.get("/s/respond/").content.decode()
    invitation = mail_preview(survey).body
    printed = signed_in_client(persona("carla"), alpha).get(
        f"/surveys/{survey.pk}/paper/print/?group=citizens&lang=en"
    )

    assert 'href="/s/privacy/?lang=de"' in page and 'target="_blank"' in page
    assert 'href="/s/accessibility/?lang=de"' in page
    site = municipality_link(alpha, "/s/privacy/")
    assert f"How your data is handled: {site}?lang=en" in invitation
    assert f"{site}?lang=de" in invitation  # the German part's
    assert "How your data is handled: http://" in pdf_text(printed.content)
    assert "/s/privacy/?lang=en" in pdf_text(printed.content)


def test_an_overlong_officer_is_refused_and_nothing_is_lost(in_alpha, alpha):
    consultant = signed_in_client(persona("carla"), alpha)
    data = {
        "save": "1",
        "min_group_size": "6",
        "email_retention_days": "90",
        "paper_late_days": "14",
        "privacy_addition_de": "Rechtsgrundlage: Einwilligung.",
    }

    refused = consultant.post("/surveys/settings/?lang=en", {**data, "privacy_officer": "x" * 301})

    assert refused.status_code == 200 and "at most 300 characters" in refused.content.decode()
    assert "Rechtsgrundlage: Einwilligung." in refused.content.decode()  # still in the form
    assert SurveySettings.objects.get_or_create(singleton=True)[0].min_group_size == 5


# --- The accessibility statement -------------------------------------------------------------


def test_the_statement_names_its_pages_its_exception_and_where_to_report(in_alpha, alpha, browser):
    Municipality.objects.filter(pk=alpha.pk).update(contact_email="rathaus@altstadt.example")

    html = browser.get(f"{STATEMENT}?lang=en").content.decode()

    assert "Accessibility statement for the surveys" in html
    assert f"the survey pages at {alpha.domains.get().domain}" in html
    assert "WCAG) 2.1 at level AA" in html and "partially compliant" in html
    assert "is not an accessible PDF" in html
    # Without a contact of its own for barriers, the municipality's address stands in.
    assert 'href="mailto:rathaus@altstadt.example"' in html
    german = browser.get(f"{STATEMENT}?lang=de").content.decode()
    assert "Erklärung zur Barrierefreiheit" in german


def test_the_municipality_names_its_contact_and_its_enforcement_procedure(in_alpha, browser):
    set_privacy(
        accessibility_contact="Bürgerbüro, barrierefrei@altstadt.example",
        accessibility_addition_de="Schlichtungsstelle nach dem Landesgesetz.",
    )

    html = browser.get(f"{STATEMENT}?lang=en").content.decode()

    assert "Tell us: Bürgerbüro, barrierefrei@altstadt.example." in html
    assert '<div lang="de"><p>Schlichtungsstelle nach dem Landesgesetz.' in html


def test_another_municipalitys_statement_names_only_its_own(alpha, beta):
    with schema_context(alpha.schema_name):
        set_privacy(accessibility_contact="Bürgerbüro Altstadt")

    html = signed_in_client(None, beta).get(f"{STATEMENT}?lang=en").content.decode()

    assert beta.name in html and "Bürgerbüro Altstadt" not in html
