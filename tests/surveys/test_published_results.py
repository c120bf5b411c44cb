"""Published results: once a survey closed, its results for everyone at an address of their own."""

import pytest
from django_tenants.utils import schema_context

from accounts.models import AuditEntry
from surveys.models import OpenLink, Survey
from surveys.views.respond import SESSION_KEY
from tests.conftest import persona, signed_in_client
from tests.surveys import results_factories as make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def consultant(alpha):
    return signed_in_client(persona("carla"), alpha)


def closed_survey(title: str = "Readiness") -> Survey:
    """Twelve employees and two citizens answered; then the survey (in German and English)
    closed."""
    survey = make.survey(title)
    employees, citizens = make.group("employees"), make.group("citizens")
    agree = make.question(survey, "online-services", make.Kind.LIKERT)
    ideas = make.question(survey, "ideas", make.Kind.TEXT)
    make.respond(survey, employees, {agree: 4, ideas: "Eine Akte für alle Ämter"}, times=12)
    make.respond(survey, citizens, {agree: 1}, times=2)
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.CLOSED, translated=True)
    return Survey.objects.get(pk=survey.pk)


def publish(client, survey) -> object:
    return client.post(f"/surveys/{survey.pk}/results/publish/", {"action": "publish"}, follow=True)


def test_published_results_are_read_without_an_account(in_alpha, alpha, consultant):
    survey = closed_survey()

    published = publish(consultant, survey)

    survey.refresh_from_db()
    assert survey.results_published_at is not None and len(survey.public_slug) == 16
    assert "The results are public now" in published.content.decode()
    assert f"/r/{survey.public_slug}/" in published.content.decode()  # the address to share
    page = signed_in_client(None, alpha).get(f"/r/{survey.public_slug}/?lang=en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Results of the survey" in html and "Online services" in html
    assert "14 responses" in html
    # The written answers are not published: only that the team reads them.
    assert "Eine Akte für alle Ämter" not in html and "they are not published" in html
    # Nothing of the consultant's pages: no exports, no filters, no coding.
    assert "/export/" not in html and "/results/texts/" not in html and 'name="group"' not in html


def test_a_small_group_stays_hidden_on_the_public_page(in_alpha, alpha, consultant):
    survey = closed_survey()
    publish(consultant, survey)
    survey.refresh_from_db()

    html = signed_in_client(None, alpha).get(f"/r/{survey.public_slug}/?lang=en").content.decode()

    # Two citizens answered: their figures are hidden, as on the results page.
    consultants_page = consultant.get(f"/surveys/{survey.pk}/results/?lang=en").content.decode()
    hidden = "hidden: too few responses"
    assert hidden in consultants_page and hidden in html
    assert "rests on fewer than 5 answers is not shown" in html


def test_an_open_survey_cannot_be_published(in_alpha, consultant):
    survey = closed_survey()
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.OPEN)

    refused = publish(consultant, survey)

    assert "once the survey has closed" in refused.content.decode()
    survey.refresh_from_db()
    assert survey.results_published_at is None and survey.public_slug is None


def test_results_taken_down_are_not_found_and_come_back_at_the_same_address(
    in_alpha, alpha, consultant
):
    survey = closed_survey()
    publish(consultant, survey)
    survey.refresh_from_db()
    address = f"/r/{survey.public_slug}/"

    consultant.post(f"/surveys/{survey.pk}/results/publish/", {"action": "unpublish"})

    anyone = signed_in_client(None, alpha)
    assert anyone.get(address).status_code == 404
    publish(consultant, survey)
    assert anyone.get(address).status_code == 200


def test_an_unknown_address_is_not_found(alpha):
    assert signed_in_client(None, alpha).get("/r/no-such-results/").status_code == 404


def test_another_municipalitys_published_results_are_not_found_here(alpha, beta):
    with schema_context(beta.schema_name):
        survey = closed_survey("Bergdorf only")
        Survey.objects.filter(pk=survey.pk).update(
            public_slug="bergdorf-results", results_published_at=survey.created_at
        )

    assert signed_in_client(None, beta).get("/r/bergdorf-results/").status_code == 200
    assert signed_in_client(None, alpha).get("/r/bergdorf-results/").status_code == 404


def test_the_municipalitys_lead_publishes_and_both_steps_are_logged(in_alpha, alpha):
    survey = closed_survey()
    lead = signed_in_client(persona("leo"), alpha)
    assert (
        "Publish the results" in lead.get(f"/surveys/{survey.pk}/results/?lang=en").content.decode()
    )

    published = publish(lead, survey)

    survey.refresh_from_db()
    assert survey.results_published_by == persona("leo")
    html = published.content.decode()
    assert f"by {persona('leo').full_name}" in html and f"/r/{survey.public_slug}/" in html
    take_down = {"action": "unpublish"}
    lead.post(f"/surveys/{survey.pk}/results/publish/", take_down)
    lead.post(f"/surveys/{survey.pk}/results/publish/", take_down)  # a second tab: no new entry
    survey.refresh_from_db()
    assert survey.results_published_at is None and survey.results_published_by is None
    logged = AuditEntry.objects.filter(municipality=alpha, target=survey.title).order_by("pk")
    assert [(entry.action, entry.actor) for entry in logged] == [
        (AuditEntry.Action.RESULTS_PUBLISHED, persona("leo")),
        (AuditEntry.Action.RESULTS_UNPUBLISHED, persona("leo")),
    ]
    assert logged[0].details["address"] == survey.public_slug


def test_a_member_neither_sees_nor_may_use_the_publishing(in_alpha, alpha):
    survey = closed_survey()
    member = signed_in_client(persona("mia"), alpha)

    refused = publish(member, survey)

    assert refused.status_code == 403
    survey.refresh_from_db()
    assert survey.results_published_at is None
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.RESULTS_PUBLISHED).exists()


def test_a_poster_of_an_ended_survey_leads_to_its_published_results(in_alpha, alpha, consultant):
    survey = closed_survey()
    OpenLink.objects.create(survey=survey, group=make.group("citizens"), slug="poster")
    anyone = signed_in_client(None, alpha)
    ended = anyone.get("/o/poster/?lang=en")
    assert ended.status_code == 403 and "This link does not work" in ended.content.decode()

    publish(consultant, survey)
    survey.refresh_from_db()
    scanned = anyone.get("/o/poster/", HTTP_ACCEPT_LANGUAGE="en")

    html = scanned.content.decode()
    assert scanned.status_code == 200 and "This survey has ended" in html
    assert f'href="/r/{survey.public_slug}/?lang=en"' in html
    assert SESSION_KEY not in anyone.session  # nothing to answer, nothing started
    OpenLink.objects.filter(slug="poster").update(active=False)
    assert anyone.get("/o/poster/").status_code == 403  # a link taken down stays down
