"""Paper questionnaires: printed per group and language, entered as filled in, counted apart."""

import re
import secrets
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from surveys.models import Question, Recipient, Response, Survey, SurveySettings
from surveys.selectors import overall_rate, paper_groups
from surveys.services.lifecycle import paper_entry_open, paper_late_until
from surveys.services.responding import Given, paper_response_enter
from surveys.timeline import response_timeline
from tests.conftest import persona, signed_in_client
from tests.reports.conftest import pdf_text
from tests.surveys.factories import group, q, recipient_with_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

ENTRY = "/surveys/{pk}/paper/enter/"


@pytest.fixture
def consultant(alpha):
    return signed_in_client(persona("carla"), alpha)


def entry_form(client, survey, group_key="citizens", lang="de") -> tuple[str, str]:
    """The entry page's HTML and its form's nonce."""
    page = client.get(f"{ENTRY.format(pk=survey.pk)}?group={group_key}&lang={lang}")
    assert page.status_code == 200
    html = page.content.decode()
    return html, re.search(r'name="nonce" value="([^"]+)"', html).group(1)


def filled(survey, nonce, group_key="citizens", lang="de", **answers) -> dict:
    return {"nonce": nonce, "group": group_key, "lang": lang, **answers}


# --- Printing ------------------------------------------------------------------------------


def test_a_groups_questionnaire_prints_with_only_its_questions(consultant, survey):
    Question.objects.filter(pk=q(survey, "grade").pk).update(
        shown_if_scale=q(survey, "ready"), shown_if_from=1, shown_if_to=2
    )
    Survey.objects.filter(pk=survey.pk).update(paper_return_en="Hand it in at the town hall.")

    printed = consultant.get(f"/surveys/{survey.pk}/paper/print/?group=citizens&lang=en")

    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"
    assert "citizens-en.pdf" in printed["Content-Disposition"]
    text = pdf_text(printed.content)
    assert "Questionnaire for: Citizens" in text
    assert "6. Question citizens-only" in text and "Question tenure" not in text  # employees'
    assert "Strongly agree" in text and "Other, namely" in text
    # A follow-up names the number of the question it follows: "ready" is question 1.
    assert "Only if you chose “Strongly disagree” to “Disagree” in question 1." in text
    assert "Hand it in at the town hall." in text
    assert "please do not write your name" in text


def test_the_questionnaire_prints_in_german_too(consultant, survey):
    printed = consultant.get(f"/surveys/{survey.pk}/paper/print/?group=employees&lang=de")

    text = pdf_text(printed.content)
    assert "Frage tenure" in text and "Frage citizens-only" not in text
    assert "Stimme voll zu" in text


def test_an_unknown_group_gets_a_message_instead_of_a_questionnaire(consultant, survey):
    refused = consultant.get(f"/surveys/{survey.pk}/paper/print/?group=aliens", follow=True)

    assert refused.redirect_chain[-1][0] == f"/surveys/{survey.pk}/paper/"
    assert "Choose a group" in refused.content.decode()


def test_a_group_without_questions_gets_a_message(consultant, survey):
    Question.objects.filter(survey=survey).delete()

    refused = consultant.get(f"/surveys/{survey.pk}/paper/print/?group=citizens", follow=True)

    assert "sees no questions yet" in refused.content.decode()


def test_the_recipients_page_offers_the_groups_with_questions(consultant, survey):
    page = consultant.get(f"/surveys/{survey.pk}/recipients/").content.decode()

    assert "Paper questionnaires" in page
    assert f"/surveys/{survey.pk}/paper/print/?group=citizens&amp;lang=en" in page
    assert f"/surveys/{survey.pk}/paper/enter/?group=employees" in page
    assert [row.group.key for row in paper_groups(survey)] == [
        "employees",
        "citizens",
        "companies",
        "associations",
    ]


def test_only_groups_asked_anything_have_a_questionnaire(survey):
    for question in Question.objects.filter(survey=survey):
        question.groups.set([group("employees")])

    assert [row.group.key for row in paper_groups(survey)] == ["employees"]


# --- Entering ------------------------------------------------------------------------------


def test_a_returned_questionnaire_is_stored_as_filled_in(consultant, survey):
    _html, nonce = entry_form(consultant, survey)
    ready, grade, ideas = q(survey, "ready"), q(survey, "grade"), q(survey, "ideas")

    done = consultant.post(
        ENTRY.format(pk=survey.pk),
        filled(survey, nonce, **{f"q{ready.pk}": "4", f"q{grade.pk}": "3", f"q{ideas.pk}": "Bus"}),
    )

    assert done.status_code == 302
    assert done["Location"] == f"{ENTRY.format(pk=survey.pk)}?group=citizens&lang=de"
    response = Response.objects.get(survey=survey)
    assert response.channel == Response.Channel.PAPER and response.group.key == "citizens"
    assert response.submitted_on == timezone.localdate() and response.language == "de"
    assert {(a.question.key, a.value, a.text) for a in response.answers.all()} == {
        ("ready", 4, ""),
        ("grade", 3, ""),
        ("ideas", None, "Bus"),
    }
    # The next form is empty, with a nonce of its own, and says how many are in.
    html, next_nonce = entry_form(consultant, survey, lang="en")
    assert next_nonce != nonce and "1 questionnaire of “Citizens” entered so far" in html


def test_a_required_question_left_blank_on_paper_stays_blank(consultant, survey):
    _html, nonce = entry_form(consultant, survey)
    grade = q(survey, "grade")

    consultant.post(ENTRY.format(pk=survey.pk), filled(survey, nonce, **{f"q{grade.pk}": "8"}))

    answers = Response.objects.get(survey=survey).answers
    assert not answers.filter(question__key="ready").exists()  # required online
    assert answers.get(question__key="grade").value == 8


def test_an_empty_questionnaire_is_refused_and_nothing_stored(consultant, survey):
    _html, nonce = entry_form(consultant, survey)

    refused = consultant.post(ENTRY.format(pk=survey.pk), filled(survey, nonce))

    assert refused.status_code == 400
    assert "The questionnaire is empty" in refused.content.decode()
    assert not Response.objects.exists()


def test_the_same_entry_sent_twice_stores_one_response(consultant, survey):
    _html, nonce = entry_form(consultant, survey)
    data = filled(survey, nonce, **{f"q{q(survey, 'ready').pk}": "2"})

    consultant.post(ENTRY.format(pk=survey.pk), data)
    again = consultant.post(ENTRY.format(pk=survey.pk), data, follow=True)

    assert Response.objects.filter(survey=survey).count() == 1
    assert "entered already" in again.content.decode()


def test_an_answer_outside_the_form_keeps_what_was_typed_and_stores_nothing(consultant, survey):
    _html, nonce = entry_form(consultant, survey)
    tenure = q(survey, "tenure")  # employees only
    ideas = q(survey, "ideas")

    refused = consultant.post(
        ENTRY.format(pk=survey.pk),
        filled(survey, nonce, **{f"q{tenure.pk}": "1", f"q{ideas.pk}": "Mehr WLAN"}),
    )

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "not part of this survey" in html and "Mehr WLAN" in html
    assert not Response.objects.exists()


def test_a_tampered_nonce_is_refused(consultant, survey):
    refused = consultant.post(
        ENTRY.format(pk=survey.pk), filled(survey, "x", **{f"q{q(survey, 'ready').pk}": "2"})
    )

    assert refused.status_code == 400 and "Please open the entry form again" in (
        refused.content.decode()
    )
    assert not Response.objects.exists()


def test_a_follow_up_not_asked_on_paper_is_not_stored(consultant, survey):
    grade = q(survey, "grade")
    Question.objects.filter(pk=grade.pk).update(
        shown_if_scale=q(survey, "ready"), shown_if_from=1, shown_if_to=2
    )
    _html, nonce = entry_form(consultant, survey)
    ready = q(survey, "ready")

    consultant.post(
        ENTRY.format(pk=survey.pk),
        filled(survey, nonce, **{f"q{ready.pk}": "5", f"q{grade.pk}": "9"}),
    )

    keys = set(Response.objects.get(survey=survey).answers.values_list("question__key", flat=True))
    assert keys == {"ready"}


def test_an_english_questionnaire_is_entered_in_english(consultant, survey):
    html, nonce = entry_form(consultant, survey, lang="en")
    # Numbered as on paper: the employees' question "tenure" is not on the citizens' one.
    assert "1. Question ready" in html and "6. Question citizens-only" in html

    consultant.post(
        ENTRY.format(pk=survey.pk),
        filled(survey, nonce, lang="en", **{f"q{q(survey, 'ready').pk}": "3"}),
    )

    assert Response.objects.get(survey=survey).language == "en"


def closed_days_ago(survey, days: int) -> None:
    Survey.objects.filter(pk=survey.pk).update(
        state=Survey.State.CLOSED, closed_at=timezone.now() - timedelta(days=days)
    )


def test_a_questionnaire_posted_in_time_is_entered_after_the_close(consultant, survey):
    closed_days_ago(survey, 3)
    until = (timezone.now() + timedelta(days=11)).strftime("%m/%d/%Y")
    page = consultant.get(f"/surveys/{survey.pk}/paper/?lang=en").content.decode()
    assert f"questionnaires that come back by post can be entered until {until}" in page
    _html, nonce = entry_form(consultant, survey)

    consultant.post(
        ENTRY.format(pk=survey.pk), filled(survey, nonce, **{f"q{q(survey, 'ready').pk}": "2"})
    )

    response = Response.objects.get(survey=survey)
    assert response.channel == Response.Channel.PAPER
    assert response.submitted_on == timezone.localdate()


def test_late_entry_ends_after_the_municipalitys_days(consultant, survey):
    _html, nonce = entry_form(consultant, survey)
    SurveySettings.objects.update_or_create(singleton=True, defaults={"paper_late_days": 2})
    closed_days_ago(survey, 3)

    refused = consultant.post(
        ENTRY.format(pk=survey.pk),
        filled(survey, nonce, **{f"q{q(survey, 'ready').pk}": "2"}),
        follow=True,
    )

    html = refused.content.decode()
    assert "can no longer be entered" in html and "could be entered until" in html
    assert f"{ENTRY.format(pk=survey.pk)}?group=" not in html  # no Enter buttons
    assert not Response.objects.exists()


def test_publishing_the_results_ends_late_entry(consultant, survey):
    closed_days_ago(survey, 1)
    results = consultant.get(f"/surveys/{survey.pk}/results/?lang=en").content.decode()
    assert "Publishing ends their entry" in results
    consultant.post(f"/surveys/{survey.pk}/results/publish/", {"action": "publish"})

    page = consultant.get(f"/surveys/{survey.pk}/paper/?lang=en").content.decode()

    assert "The results are published: returned questionnaires can no longer be entered" in page
    survey.refresh_from_db()
    with pytest.raises(ValidationError, match="can no longer be entered"):
        paper_response_enter(
            survey=survey,
            group_id=group("citizens").pk,
            given={q(survey, "ready").pk: Given(value=2)},
            language="de",
            nonce=secrets.token_urlsafe(32),
        )
    assert not Response.objects.exists()


def test_late_entry_counts_from_the_closing_date_set(in_alpha, survey):
    """The scheduled close may run later than the date it was set to."""
    closes = timezone.now() - timedelta(days=5)
    survey.state, survey.closes_at = Survey.State.CLOSED, closes
    survey.closed_at = closes + timedelta(hours=3)

    assert paper_late_until(survey, late_days=14) == closes + timedelta(days=14)
    assert paper_entry_open(survey, late_days=6) and not paper_entry_open(survey, late_days=4)
    survey.results_published_at = timezone.now()
    assert paper_late_until(survey, late_days=14) is None and not paper_entry_open(survey)
    survey.state, survey.results_published_at = Survey.State.OPEN, None
    survey.closes_at = survey.closed_at = None
    assert paper_late_until(survey) is None and paper_entry_open(survey)  # open, no end set
    survey.state = Survey.State.DRAFT
    assert not paper_entry_open(survey)


def test_the_late_days_setting_refuses_more_than_sixty(consultant, in_alpha):
    data = {"save": "1", "min_group_size": "5", "email_retention_days": "90"}

    refused = consultant.post("/surveys/settings/?lang=en", {**data, "paper_late_days": "61"})
    consultant.post("/surveys/settings/?lang=en", {**data, "paper_late_days": "21"})

    assert refused.status_code == 200
    assert "less than or equal to 60" in refused.content.decode()
    assert SurveySettings.objects.get().paper_late_days == 21


# --- The municipality's own people ---------------------------------------------------------


def test_a_member_of_staff_finds_and_enters_paper_questionnaires(alpha, survey):
    """Where the questionnaires come back, at the town hall: no consultant page is needed."""
    member = signed_in_client(persona("mia"), alpha)
    listed = member.get("/surveys/?lang=en").content.decode()
    landing = f"/surveys/{survey.pk}/paper/"
    assert landing in listed and f"/surveys/{survey.pk}/results/" not in listed

    html = member.get(f"{landing}?lang=en").content.decode()

    assert f"{ENTRY.format(pk=survey.pk)}?group=citizens" in html
    assert f"/surveys/{survey.pk}/paper/print/?group=citizens&amp;lang=de" in html
    # Nothing links to the consultant's pages, which would refuse a member.
    assert f'href="/surveys/{survey.pk}/"' not in html and "/recipients/" not in html
    form, nonce = entry_form(member, survey)
    assert f'href="/surveys/{survey.pk}/"' not in form and f'href="{landing}"' in form
    member.post(
        ENTRY.format(pk=survey.pk), filled(survey, nonce, **{f"q{q(survey, 'ready').pk}": "5"})
    )
    assert Response.objects.get(survey=survey).channel == Response.Channel.PAPER


def test_the_lead_prints_a_questionnaire(alpha, survey):
    lead = signed_in_client(persona("leo"), alpha)

    printed = lead.get(f"/surveys/{survey.pk}/paper/print/?group=citizens&lang=de")

    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"


def test_a_long_closed_surveys_paper_page_offers_no_entry(alpha, survey):
    closed_days_ago(survey, 20)
    member = signed_in_client(persona("mia"), alpha)

    html = member.get(f"/surveys/{survey.pk}/paper/?lang=en").content.decode()

    assert ENTRY.format(pk=survey.pk) not in html
    assert "Returned questionnaires could be entered until" in html
    assert f"/surveys/{survey.pk}/paper/" not in member.get("/surveys/?lang=en").content.decode()


def test_a_template_has_no_paper_questionnaires(consultant, survey):
    Survey.objects.filter(pk=survey.pk).update(is_template=True)

    assert consultant.get(f"/surveys/{survey.pk}/paper/").status_code == 404
    assert consultant.get(f"/surveys/{survey.pk}/paper/print/?group=citizens").status_code == 404


# --- Counted apart -------------------------------------------------------------------------


def test_paper_responses_are_counted_apart_from_the_invitations(consultant, survey):
    for answer in ("2", "4"):
        _html, nonce = entry_form(consultant, survey)
        consultant.post(
            ENTRY.format(pk=survey.pk),
            filled(survey, nonce, **{f"q{q(survey, 'ready').pk}": answer}),
        )

    overall = overall_rate(survey)
    assert (overall.paper_responses, overall.open_responses, overall.answered) == (2, 0, 0)
    (today,) = [step for step in response_timeline(survey).steps if step.responses]
    assert (today.paper, today.personal, today.open) == (2, 0, 0)
    detail = consultant.get(f"/surveys/{survey.pk}/").content.decode()
    assert "Open-link and paper responses are counted apart" in detail
    results = consultant.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "open-link and paper responses are counted apart" in results
    assert "paper, on the day entered" in results


def test_without_paper_responses_no_paper_column_shows(consultant, survey):
    recipient_with_token(survey, email="anna@example.org")
    Recipient.objects.update(invitation_status=Recipient.MailStatus.SENT)

    detail = consultant.get(f"/surveys/{survey.pk}/").content.decode()

    assert "Open-link responses are counted apart" in detail
    assert ">Paper<" not in detail


# --- The service's own checks, whatever form calls it ---------------------------------------


def test_the_service_keeps_a_matrix_half_filled_on_paper(in_alpha, survey):
    from surveys.services.responding import Given, paper_response_enter

    matrix = q(survey, "today")
    Question.objects.filter(pk=matrix.pk).update(required=True)
    first_row = matrix.matrix_rows.first()

    paper_response_enter(
        survey=survey,
        group_id=group("citizens").pk,
        given={matrix.pk: Given(rows={first_row.pk: Given(value=2)})},
        language="xx",
        nonce="n" * 43,
    )

    response = Response.objects.get(survey=survey)
    assert response.language == "de"  # an unknown language: the survey's first
    assert list(response.answers.values_list("matrix_row", "value")) == [(first_row.pk, 2)]


def test_the_service_refuses_a_question_the_group_is_not_asked(in_alpha, survey):
    from django.core.exceptions import ValidationError

    from surveys.services.responding import Given, paper_response_enter

    with pytest.raises(ValidationError, match="not part of this survey"):
        paper_response_enter(
            survey=survey,
            group_id=group("citizens").pk,
            given={q(survey, "tenure").pk: Given(options=[q(survey, "tenure").options.first().pk])},
            language="de",
            nonce="n" * 43,
        )
    assert not Response.objects.exists()
