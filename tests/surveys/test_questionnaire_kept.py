"""The questionnaire a respondent sees is kept between requests, and never out of date.

Every change to a survey's sections, questions, options, matrix rows, a question's groups or
the answers a follow-up follows gives the survey a new structure_key, set by triggers in the
database whatever code made the change; the kept questionnaire is filed under that key.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import MatrixRow, Option, Question, Response, Section, Survey
from surveys.services.building import question_save
from tests.conftest import signed_in_client
from tests.surveys.factories import group, q, recipient_with_token, small_survey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


def key_of(survey: Survey):
    return Survey.objects.values_list("structure_key", flat=True).get(pk=survey.pk)


CHANGES = {
    "a question's wording": lambda s: Question.objects.filter(survey=s, key="ready").update(
        text_de="Neu"
    ),
    "a new section": lambda s: Section.objects.create(survey=s, title_de="Neu", position=5),
    "a deleted question": lambda s: q(s, "grade").delete(),
    "an option's label": lambda s: Option.objects.filter(question=q(s, "tenure")).update(
        label_de="Neu"
    ),
    "a new option": lambda s: Option.objects.create(question=q(s, "tenure"), label_de="Neu"),
    "a deleted matrix row": lambda s: (
        MatrixRow.objects.filter(question=q(s, "today")).first().delete()
    ),
    "a question's groups": lambda s: q(s, "ready").groups.add(group("citizens")),
    "the answers a follow-up follows": lambda s: q(s, "grade").shown_if_options.add(
        q(s, "challenges").options.first()
    ),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_every_change_to_the_questionnaire_gives_the_survey_a_new_key(survey, change):
    other = small_survey(title="Other")
    before, others_before = key_of(survey), key_of(other)

    CHANGES[change](survey)

    assert key_of(survey) != before
    assert key_of(other) == others_before


def test_responses_and_survey_settings_leave_the_key_alone(survey):
    before = key_of(survey)

    Response.objects.create(survey=survey, group=group("employees"), submitted_on="2026-11-27")
    Survey.objects.filter(pk=survey.pk).update(remind_after_days=7)

    assert key_of(survey) == before


def test_a_respondent_sees_a_wording_fix_at_once_and_otherwise_the_kept_questionnaire(
    survey, alpha
):
    _recipient, token = recipient_with_token(survey)
    browser = signed_in_client(None, alpha)
    browser.get(f"/s/{token}/")
    assert "Frage ready" in browser.get("/s/respond/").content.decode()

    with CaptureQueriesContext(connection) as queries:
        again = browser.get("/s/respond/").content.decode()
    assert "Frage ready" in again
    assert not [query for query in queries if '"surveys_question"' in query["sql"]]

    ready = q(survey, "ready")
    ready.text_de = "Frage ready, neu formuliert"
    question_save(question=ready, groups=[])

    assert "Frage ready, neu formuliert" in browser.get("/s/respond/").content.decode()
