"""Answering a survey: personal links, the questionnaire, and exactly one response."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django_tenants.utils import schema_context

from surveys.models import Answer, Question, Recipient, Response, Survey
from surveys.services.lifecycle import survey_close
from surveys.services.responding import Given, response_submit
from tests.conftest import host_of, signed_in_client
from tests.surveys.factories import (
    group,
    page_one,
    page_two,
    q,
    recipient_with_token,
    small_survey,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


def redeem(browser, token: str):
    return browser.get(f"/s/{token}/")


def test_a_personal_link_is_exchanged_for_a_session_and_a_url_without_the_token(survey, browser):
    _recipient, token = recipient_with_token(survey)

    response = redeem(browser, token)

    assert response.status_code == 302
    assert response["Location"] == "/s/respond/"
    assert response["Referrer-Policy"] == "no-referrer"
    page = browser.get("/s/respond/")
    assert page.status_code == 200
    # The form's own URL holds no secret: the same-origin policy lets its POST pass CSRF.
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cache-Control"].startswith("max-age=0")
    assert token not in page.content.decode()
    assert token not in str(dict(browser.session))


def test_unknown_used_and_closed_links_get_one_identical_page(survey, browser, alpha):
    used, used_token = recipient_with_token(survey)
    Recipient.objects.filter(pk=used.pk).update(answered=True)
    _open, closed_token = recipient_with_token(survey)

    unknown = redeem(browser, "x" * 43)
    answered = redeem(browser, used_token)
    survey_close(survey=survey)
    closed = redeem(browser, closed_token)

    assert unknown.status_code == answered.status_code == closed.status_code == 403
    assert unknown.content == answered.content == closed.content
    assert survey.title.encode() not in unknown.content


def test_a_token_of_another_municipality_does_not_work_here(alpha, beta, browser):
    with schema_context(beta.schema_name):
        beta_survey = small_survey(title="Bergdorf survey")
        _recipient, token = recipient_with_token(beta_survey)

    assert redeem(browser, token).status_code == 403
    beta_browser = signed_in_client(None, beta)
    assert redeem(beta_browser, token).status_code == 302


def test_a_survey_past_its_closing_time_refuses_its_links_before_any_task_ran(survey, browser):
    from datetime import timedelta

    from django.utils import timezone

    _recipient, token = recipient_with_token(survey)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    assert redeem(browser, token).status_code == 403


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_only_the_visitor_guessing_links_is_slowed_down(survey, alpha):
    # Every request reaches the app from the proxy's address; the proxy names the visitor.
    guesser = Client(HTTP_HOST=host_of(alpha), HTTP_X_FORWARDED_FOR="203.0.113.7")
    citizen = Client(HTTP_HOST=host_of(alpha), HTTP_X_FORWARDED_FOR="198.51.100.2")
    _recipient, token = recipient_with_token(survey)
    for attempt in range(50):
        assert redeem(guesser, f"guess-{attempt}").status_code == 403

    assert redeem(guesser, "guess-again").status_code == 429
    assert redeem(citizen, token).status_code == 302


def test_repeated_bad_links_from_one_address_are_slowed_down(survey, browser):
    _recipient, token = recipient_with_token(survey)
    for attempt in range(50):
        assert redeem(browser, f"guess-{attempt}").status_code == 403

    slowed = redeem(browser, token)

    assert slowed.status_code == 429
    assert "Retry-After" in slowed


def test_a_respondent_fills_both_pages_and_exactly_one_anonymous_response_is_stored(
    survey, browser
):
    recipient, token = recipient_with_token(survey, department="Bauamt")
    redeem(browser, token)

    assert browser.post("/s/respond/", page_one(survey))["Location"] == "/s/respond/"
    done = browser.post("/s/respond/", page_two(survey))

    assert done["Location"] == "/s/thanks/"
    assert browser.get("/s/thanks/").status_code == 200
    response = Response.objects.get(survey=survey)
    assert response.channel == "personal" and response.group.key == "employees"
    assert response.department == ""  # the survey does not break down by department
    answers = Answer.objects.filter(response=response)
    assert answers.get(question=q(survey, "ready")).value == 4
    assert answers.filter(question=q(survey, "today"), dont_know=True).count() == 1
    assert answers.get(question=q(survey, "challenges"), option=None).text == "Zu wenig Zeit"
    assert answers.get(question=q(survey, "grade")).value == 7
    recipient.refresh_from_db()
    assert recipient.answered and recipient.draft is None


def test_the_thanks_page_speaks_the_language_the_respondent_chose(survey, browser):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    browser.get("/s/respond/?lang=en")
    browser.post("/s/respond/", page_one(survey))
    browser.post("/s/respond/", page_two(survey))

    thanks = browser.get("/s/thanks/")

    assert thanks.status_code == 200
    assert "Thank you for taking part!" in thanks.content.decode()


def test_switching_the_language_keeps_what_was_typed_on_the_page(survey, browser):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    ready = q(survey, "ready")
    first = browser.get("/s/respond/").content.decode()
    assert 'form="questionnaire" name="language" value="en"' in first

    switched = browser.post(
        "/s/respond/", {"page": "0", f"q{ready.pk}": "5", "language": "en"}, follow=True
    )

    page = switched.content.decode()
    assert 'lang="en"' in page and "Today" in page
    assert f'id="q{ready.pk}_4" value="5" checked' in page
    assert not Response.objects.exists()


def test_switching_the_language_on_a_page_with_errors_lists_them_in_the_other_language(
    survey, browser
):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    ready = q(survey, "ready")
    refused = browser.post("/s/respond/", {"page": "0"}, follow=True).content.decode()
    assert "Bitte beantworten Sie diese Frage." in refused
    assert 'name="check" value="0"' in refused

    switched = browser.post(
        "/s/respond/", {"page": "0", "check": "0", "language": "en"}, follow=True
    )

    page = switched.content.decode()
    assert switched.redirect_chain == [("/s/respond/?check=0", 302)]
    assert 'id="error-summary"' in page and "Please answer this question." in page
    assert f'href="#q{ready.pk}_0"' in page
    # Once answered, a switch shows the page without a list of errors.
    fixed = browser.post(
        "/s/respond/",
        {"page": "0", "check": "0", f"q{ready.pk}": "4", "language": "de"},
        follow=True,
    )
    assert fixed.redirect_chain == [("/s/respond/", 302)]
    assert 'id="error-summary"' not in fixed.content.decode()
    assert not Response.objects.exists()


def test_answers_sent_from_an_older_tab_are_kept(survey, browser):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    ready = q(survey, "ready")
    browser.post("/s/respond/", page_one(survey))  # the session moves on to page two

    # An older tab, still on page one, sends it again with another answer.
    stale = browser.post("/s/respond/", page_one(survey, **{f"q{ready.pk}": "1"}))
    browser.post("/s/respond/", {"page": "1", "action": "back"})

    assert stale["Location"] == "/s/respond/"
    page = browser.get("/s/respond/").content.decode()
    assert f'id="q{ready.pk}_0" value="1" checked' in page


def test_choosing_more_answers_than_a_question_allows_is_refused_and_nothing_is_stored(
    survey, browser
):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    browser.get("/s/respond/?lang=en")
    browser.post("/s/respond/", page_one(survey))
    challenges = q(survey, "challenges")
    Question.objects.filter(pk=challenges.pk).update(max_choices=2)
    three = [str(option.pk) for option in challenges.options.all()[:2]] + ["other"]

    refused = browser.post(
        "/s/respond/", page_two(survey, **{f"q{challenges.pk}": three}), follow=True
    )

    page = refused.content.decode()
    assert refused.status_code == 200 and "at most 2 answers" in page
    assert "At most 2 answers." in page  # said beside the question from the start
    assert not Response.objects.exists()
    done = browser.post("/s/respond/", page_two(survey))  # one option and "other": two
    assert done["Location"] == "/s/thanks/"


def test_the_service_refuses_more_answers_than_a_question_allows(survey):
    challenges = q(survey, "challenges")
    Question.objects.filter(pk=challenges.pk).update(max_choices=1)
    recipient, _token = recipient_with_token(survey)
    given = {challenges.pk: Given(options=[challenges.options.first().pk], other="Zeit")}

    with pytest.raises(ValidationError, match="at most 1 answer"):
        response_submit(
            survey=survey,
            group_id=recipient.group_id,
            given=given,
            language="de",
            recipient_id=recipient.pk,
            questions={challenges.pk: Question.objects.get(pk=challenges.pk)},
        )
    assert not Response.objects.exists()


def test_a_text_typed_under_other_comes_back_with_other_ticked(survey, browser):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    browser.post("/s/respond/", page_one(survey))
    challenges = q(survey, "challenges")

    # "other" left unticked, its text typed; then back to page one and on to page two again.
    browser.post(
        "/s/respond/",
        {"page": "1", "action": "back", f"q{challenges.pk}_other": "Zu wenig Zeit"},
    )
    browser.post("/s/respond/", page_one(survey))

    page = browser.get("/s/respond/").content.decode()
    assert 'value="other" checked' in page
    assert 'value="Zu wenig Zeit"' in page


def test_the_thanks_page_is_refused_before_the_answers_are_submitted(survey, browser):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    browser.post("/s/respond/", page_one(survey))

    assert browser.get("/s/thanks/").status_code == 403
    assert browser.get("/s/respond/").status_code == 200


def test_a_personal_submission_does_not_write_the_session(survey, browser):
    from django.test.utils import CaptureQueriesContext

    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    browser.post("/s/respond/", page_one(survey))

    with CaptureQueriesContext(connection) as queries:
        done = browser.post("/s/respond/", page_two(survey))

    assert done["Location"] == "/s/thanks/"
    assert not [query for query in queries if "django_session" in query["sql"]]
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_submission_brings_the_portfolio_response_rate_up_to_date(
    survey, browser, alpha, django_capture_on_commit_callbacks
):
    from engagements.models import MunicipalitySummary

    for _ in range(3):
        recipient_with_token(survey)
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    browser.post("/s/respond/", page_one(survey))
    # The invitations' own refresh is left out, as if they had been committed long before.
    connection.run_on_commit.clear()

    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/s/respond/", page_two(survey))

    assert MunicipalitySummary.objects.get(municipality=alpha).survey_response_rate == 0.25


def test_a_submission_is_counted_for_the_results_by_the_worker(
    survey, browser, django_capture_on_commit_callbacks
):
    from surveys.models import KeptCount

    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    browser.post("/s/respond/", page_one(survey))

    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/s/respond/", page_two(survey))

    kept = KeptCount.objects.get(survey=survey, kind=KeptCount.Kind.TALLIES)
    assert kept.responses == 1
    assert kept.last_response == Response.objects.get(survey=survey).pk


def test_the_link_is_single_use_and_a_resend_stores_nothing_more(survey, browser):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    browser.post("/s/respond/", page_one(survey))
    browser.post("/s/respond/", page_two(survey))

    resent = browser.post("/s/respond/", page_two(survey))
    again = redeem(signed_in_client(None, survey_alpha()), token)

    assert resent["Location"] == "/s/thanks/"
    assert again.status_code == 403
    assert Response.objects.filter(survey=survey).count() == 1


def survey_alpha():
    from engagements.models import Municipality

    return Municipality.objects.get(slug="alpha")


def test_a_department_is_kept_only_when_the_survey_breaks_down_by_department(survey, browser):
    Survey.objects.filter(pk=survey.pk).update(collect_departments=True)
    _recipient, token = recipient_with_token(survey, department="Bauamt")
    redeem(browser, token)
    browser.post("/s/respond/", page_one(survey))
    browser.post("/s/respond/", page_two(survey))

    assert Response.objects.get(survey=survey).department == "Bauamt"


def test_a_validation_error_shows_a_linked_summary_and_keeps_what_was_typed(survey, browser):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    browser.post("/s/respond/", page_one(survey))
    ideas = q(survey, "ideas")

    page = browser.post(
        "/s/respond/",
        page_two(survey, **{f"q{q(survey, 'grade').pk}": "11", f"q{ideas.pk}": "Mehr WLAN"}),
        follow=True,
    )

    html = page.content.decode()
    # Shown after a redirect: the browser's Back never offers to send the form again.
    assert page.redirect_chain == [("/s/respond/?check=1", 302)]
    assert page.status_code == 200
    assert 'id="error-summary"' in html
    assert f'href="#q{q(survey, "grade").pk}_0"' in html
    assert "Mehr WLAN" in html
    assert not Response.objects.exists()


def test_a_missing_required_answer_is_refused_with_the_question_named(survey, browser):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    data = page_one(survey)
    del data[f"q{q(survey, 'ready').pk}"]

    page = browser.post("/s/respond/", data, follow=True)

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="error-summary"' in html
    assert f'href="#q{q(survey, "ready").pk}_0"' in html
    # Opened again without the check, the page shows no error before the next try.
    assert "error-summary" not in browser.get("/s/respond/").content.decode()


def test_a_question_meant_for_another_group_is_refused_and_nothing_is_stored(survey, browser):
    _recipient, token = recipient_with_token(survey, group_key="employees")
    redeem(browser, token)
    browser.post("/s/respond/", page_one(survey))

    refused = browser.post(
        "/s/respond/", page_two(survey, **{f"q{q(survey, 'citizens-only').pk}": "5"})
    )

    assert refused.status_code == 400
    assert not Response.objects.exists()


def test_an_option_of_another_question_is_refused(survey, browser):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    foreign_option = q(survey, "challenges").options.first()

    page = browser.post(
        "/s/respond/",
        page_one(survey, **{f"q{q(survey, 'tenure').pk}": str(foreign_option.pk)}),
        follow=True,
    )

    assert page.status_code == 200
    assert "error-summary" in page.content.decode()
    assert not Response.objects.exists()


def test_a_tampered_page_field_does_not_skip_pages_or_store_anything(survey, browser):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)

    skipped = browser.post("/s/respond/", page_two(survey))

    assert skipped["Location"] == "/s/respond/"
    assert not Response.objects.exists()


def test_a_half_filled_form_is_resumed_from_the_link_in_another_browser(survey, browser, alpha):
    recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    browser.post("/s/respond/", page_one(survey))
    recipient.refresh_from_db()
    assert recipient.draft["page"] == 1

    other = signed_in_client(None, alpha)
    redeem(other, token)
    back = other.post("/s/respond/", {"page": "1", "action": "back"})
    first_page = other.get(back["Location"]).content.decode()

    ready = q(survey, "ready").pk
    assert f'name="q{ready}" id="q{ready}_3" value="4" checked' in first_page


def test_saved_for_later_a_half_typed_page_comes_back_from_the_link_elsewhere(
    survey, browser, alpha
):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)
    browser.post("/s/respond/", page_one(survey))
    ideas = q(survey, "ideas").pk
    # An unfinished page: the required questions are not answered yet, and that is fine.
    later = browser.post(
        "/s/respond/", {"page": "1", "action": "later", f"q{ideas}": "Mehr Online-Termine"}
    )

    assert later["Location"] == "/s/saved/"
    saved = browser.get("/s/saved/").content.decode()
    assert "öffnen Sie den Link aus Ihrer Einladungs-E-Mail erneut" in saved
    assert not Response.objects.exists()
    other = signed_in_client(None, alpha)
    resumed = other.get(redeem(other, token)["Location"]).content.decode()
    assert "Seite 2 von 2" in resumed and "Mehr Online-Termine" in resumed
    assert 'id="error-summary"' not in resumed


def test_an_open_link_respondent_saves_for_later_in_this_browser(survey, alpha):
    from surveys.services.recipients import open_link_create

    link = open_link_create(survey=survey, group=group("citizens"))
    browser = signed_in_client(None, alpha)
    browser.get(f"/o/{link.slug}/")
    ready = q(survey, "ready").pk

    browser.post("/s/respond/", {"page": "0", "action": "later", f"q{ready}": "2"})

    saved = browser.get("/s/saved/").content.decode()
    assert "open the same link again in this browser within the next 10 hours" in saved
    again = browser.get(browser.get(f"/o/{link.slug}/")["Location"]).content.decode()
    assert f'id="q{ready}_1" value="2" checked' in again


def test_the_saved_page_without_a_questionnaire_is_the_friendly_refusal(alpha):
    assert signed_in_client(None, alpha).get("/s/saved/").status_code == 403


def test_the_respondent_switches_the_form_to_english(survey, browser):
    _recipient, token = recipient_with_token(survey)
    redeem(browser, token)

    german = browser.get("/s/respond/").content.decode()
    english = browser.get("/s/respond/?lang=en").content.decode()

    assert "Frage ready" in german and 'lang="de"' in german
    assert "Question ready" in english and 'lang="en"' in english
    assert "Strongly agree" in english


def test_only_the_questions_of_the_respondents_group_are_shown(survey, browser):
    _recipient, token = recipient_with_token(survey, group_key="citizens")
    redeem(browser, token)

    first = browser.get("/s/respond/").content.decode()

    assert f"q{q(survey, 'tenure').pk}" not in first
    assert f"q{q(survey, 'ready').pk}" in first


def test_the_portfolio_response_rate_follows_the_latest_wave_that_ran(survey, alpha):
    from engagements.models import MunicipalitySummary
    from engagements.summaries import summary_refresh
    from surveys.services.library import survey_copy_as_wave
    from surveys.services.lifecycle import survey_open

    first = [recipient_with_token(survey)[0] for _ in range(4)]
    Recipient.objects.filter(pk__in=[r.pk for r in first[:3]]).update(answered=True)
    assert summary_refresh(municipality=alpha).survey_response_rate == 0.75
    second = survey_copy_as_wave(survey=survey)
    # A second wave still being prepared changes nothing.
    assert summary_refresh(municipality=alpha).survey_response_rate == 0.75
    survey_close(survey=survey)
    second = survey_open(survey=second)
    later = [recipient_with_token(second)[0] for _ in range(5)]
    Recipient.objects.filter(pk=later[0].pk).update(answered=True)

    assert summary_refresh(municipality=alpha).survey_response_rate == 0.2
    assert MunicipalitySummary.objects.get(municipality=alpha).survey_response_rate == 0.2
