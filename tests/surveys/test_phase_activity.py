"""The Phase 2 activity "online survey" links to its surveys with their live response rate."""

import pytest

from phases.models import Activity
from surveys.models import Recipient, Survey
from tests.conftest import browser_of
from tests.surveys.factories import recipient_with_token, small_survey

pytestmark = pytest.mark.django_db


def test_the_phase_page_shows_the_activity_s_survey_and_its_response_rate(alpha, in_alpha):
    survey = small_survey(title="Readiness 2026")
    activity = Activity.objects.filter(phase__number=2).order_by("position").first()
    Survey.objects.filter(pk=survey.pk).update(activity=activity)
    for answered in (True, True, False, False):
        recipient, _token = recipient_with_token(survey)
        Recipient.objects.filter(pk=recipient.pk).update(answered=answered)

    page = browser_of("carla", alpha).get("/phases/2/").content.decode()

    assert "Readiness 2026" in page
    assert f'href="/surveys/{survey.pk}/"' in page
    assert "50 %" in page and "(2 of 4)" in page


def test_a_member_sees_the_rate_but_no_link_into_the_builder_or_the_results(alpha, in_alpha):
    survey = small_survey(title="Readiness 2026")
    activity = Activity.objects.filter(phase__number=2).order_by("position").first()
    Survey.objects.filter(pk=survey.pk).update(activity=activity)

    page = browser_of("mia", alpha).get("/phases/2/").content.decode()

    assert "Readiness 2026" in page
    assert f'href="/surveys/{survey.pk}/' not in page


def test_a_lead_follows_the_survey_to_its_results_once_it_ran(alpha, in_alpha):
    survey = small_survey(title="Readiness 2026")
    activity = Activity.objects.filter(phase__number=2).order_by("position").first()
    Survey.objects.filter(pk=survey.pk).update(activity=activity)
    lead = browser_of("leo", alpha)

    page = lead.get("/phases/2/").content.decode()

    assert f'<a href="/surveys/{survey.pk}/results/">Readiness 2026</a>' in page
    assert f'href="/surveys/{survey.pk}/"' not in page
    assert lead.get(f"/surveys/{survey.pk}/results/").status_code == 200
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.DRAFT)
    page = lead.get("/phases/2/").content.decode()
    assert "Readiness 2026" in page and f"/surveys/{survey.pk}/results/" not in page


def test_the_survey_page_and_the_results_page_count_the_same_invitations(alpha, in_alpha):
    from surveys.results import survey_results
    from surveys.selectors import overall_rate

    survey = small_survey(title="Readiness 2026")
    for answered in (True, False, False):
        recipient, _token = recipient_with_token(survey)
        Recipient.objects.filter(pk=recipient.pk).update(answered=answered)
    failed, _token = recipient_with_token(survey)
    queued, _token = recipient_with_token(survey)
    Recipient.objects.filter(pk=failed.pk).update(invitation_status=Recipient.MailStatus.FAILED)
    Recipient.objects.filter(pk=queued.pk).update(invitation_status=Recipient.MailStatus.QUEUED)

    overall = overall_rate(survey)
    results = survey_results(survey)

    assert (overall.invited, overall.answered, overall.rate) == (3, 1, 33)
    assert (results.participation_total.invited, results.participation_total.answered) == (3, 1)
    page = browser_of("carla", alpha).get(f"/surveys/{survey.pk}/").content.decode()
    assert "33 %" in page


def test_a_later_wave_can_fulfil_an_activity_of_implementation(alpha, in_alpha):
    survey = small_survey(title="Readiness, wave 2")
    further = Activity.objects.filter(phase__number=4).order_by("-position").first()
    browser = browser_of("carla", alpha)
    form_page = browser.get(f"/surveys/{survey.pk}/edit/")
    form = form_page.context["form"]
    assert f"Phase 4: {further.title}" in form_page.content.decode()
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(title_de="Bereitschaft, Welle 2", title_en="Readiness, wave 2")

    browser.post(f"/surveys/{survey.pk}/edit/", {**data, "activity": further.pk})

    survey.refresh_from_db()
    assert survey.activity == further
    page = browser.get("/phases/4/").content.decode()
    assert "Readiness, wave 2" in page and "· wave" not in page  # a first wave says none
    Survey.objects.filter(pk=survey.pk).update(wave=2)
    assert "Readiness, wave 2</a> · wave 2" in browser.get("/phases/4/").content.decode()
