"""Results kept up to date response by response are the results counted all afresh."""

import pytest

from surveys import results
from surveys.models import Response
from surveys.results import survey_results
from tests.surveys import results_factories as make

Kind = make.Kind


@pytest.fixture
def survey(in_alpha):
    made = make.survey()
    dimension = make.dimension("administration")
    make.question(made, "agree", Kind.LIKERT, counts_for_readiness=True, dimension=dimension)
    make.question(made, "channels", Kind.MULTIPLE, options=["Web", "App", "Office"])
    make.question(made, "grid", Kind.MATRIX, rows=["Files", "Forms"], counts_for_readiness=True)
    make.question(made, "ideas", Kind.TEXT)
    return made


def answer_some(survey, group_key: str, times: int, value: int) -> None:
    questions = {q.key: q for q in survey.questions.all()}
    make.respond(
        survey,
        make.group(group_key),
        {
            questions["agree"]: value,
            questions["channels"]: ["Web", "App"] if value > 2 else ["Office"],
            questions["grid"]: {"Files": value, "Forms": "dk"},
            questions["ideas"]: f"Idea {value}",
        },
        times=times,
    )


def counted_afresh(survey, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(results, "CACHE_SECONDS", 0)
        return survey_results(survey)


def test_responses_added_after_a_view_are_counted_in_as_if_all_were_counted_afresh(
    survey, monkeypatch
) -> None:
    answer_some(survey, "employees", times=6, value=4)
    survey_results(survey)  # counts and keeps the tallies
    counted = []
    tallies = results._tallies
    monkeypatch.setattr(
        results, "_tallies", lambda *args: counted.append(args[1:]) or tallies(*args)
    )

    answer_some(survey, "employees", times=3, value=2)
    answer_some(survey, "citizens", times=5, value=5)
    kept_up_to_date = survey_results(survey)

    # Only the eight new responses were counted, from the first id after those counted before.
    first_new = Response.objects.filter(survey=survey).order_by("id")[6].pk
    assert counted == [(first_new - 1, Response.objects.filter(survey=survey).latest("id").pk)]
    assert kept_up_to_date == counted_afresh(survey, monkeypatch)
    assert kept_up_to_date.responses == 14


def test_a_deleted_response_makes_the_results_count_all_afresh(survey, monkeypatch) -> None:
    answer_some(survey, "employees", times=7, value=4)
    survey_results(survey)
    Response.objects.filter(survey=survey).order_by("id").first().delete()
    answer_some(survey, "employees", times=1, value=1)

    kept_up_to_date = survey_results(survey)

    assert kept_up_to_date == counted_afresh(survey, monkeypatch)
    assert kept_up_to_date.responses == 7
