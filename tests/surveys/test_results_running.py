"""Results kept up to date response by response are the results counted all afresh."""

import pytest

from surveys import results
from surveys.models import Instrument, KeptCount, Response, Survey
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
        patch.setattr(results, "KEEP_COUNTS", False)
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


def counting_refused(monkeypatch) -> None:
    def refuse(*args):
        raise AssertionError("counted answers")

    monkeypatch.setattr(results, "_tallies", refuse)
    monkeypatch.setattr(results, "_respondent_masks", refuse)


def test_kept_counts_outlive_an_emptied_cache(survey, monkeypatch) -> None:
    from django.core.cache import cache

    answer_some(survey, "employees", times=6, value=4)
    first = survey_results(survey)
    cache.clear()  # a restarted Redis
    counting_refused(monkeypatch)

    assert survey_results(survey) == first


def test_a_question_tagged_anew_recounts_its_respondents_as_if_afresh(survey, monkeypatch):
    answer_some(survey, "employees", times=6, value=4)
    survey_results(survey)
    retagged = survey.questions.get(key="grid")
    retagged.dimension = make.dimension("society")
    retagged.save()

    assert survey_results(survey) == counted_afresh(survey, monkeypatch)


def test_the_worker_counts_new_responses_so_the_next_view_counts_nothing(
    survey, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from surveys.services.responding import counts_after_commit

    answer_some(survey, "employees", times=6, value=4)
    with django_capture_on_commit_callbacks(execute=True):
        counts_after_commit(survey.pk)  # as a stored response does; the task runs in-process

    kept = KeptCount.objects.get(survey=survey, kind=KeptCount.Kind.TALLIES)
    assert kept.responses == 6
    expected = counted_afresh(survey, monkeypatch)
    counting_refused(monkeypatch)
    assert survey_results(survey) == expected


def test_while_a_count_waits_later_responses_queue_no_other(
    survey, django_capture_on_commit_callbacks
) -> None:
    from django.core.cache import cache

    from surveys.services.responding import counts_after_commit, counts_pending_key

    answer_some(survey, "employees", times=6, value=4)
    cache.add(counts_pending_key(survey.pk), True, 60)  # a task queued and not yet started

    with django_capture_on_commit_callbacks(execute=True):
        counts_after_commit(survey.pk)

    assert not KeptCount.objects.filter(survey=survey).exists()


def test_kept_counts_of_a_survey_in_another_municipality_are_never_read(
    survey, beta, monkeypatch
) -> None:
    from django.db import connection
    from django_tenants.utils import schema_context

    answer_some(survey, "employees", times=6, value=4)
    survey_results(survey)  # keeps Altstadt's counts
    alpha = connection.tenant
    with schema_context(beta.schema_name):
        connection.set_tenant(beta)
        # A survey of Bergdorf's under the same id as Altstadt's, with no response.
        twin = Survey.objects.filter(pk=survey.pk).first() or Survey.objects.create(
            pk=survey.pk, instrument=Instrument.objects.create(name="Twin"), title_en="Twin"
        )
        assert not twin.responses.exists()
        twin_results = survey_results(twin)
    connection.set_tenant(alpha)

    assert twin_results.responses == 0
    assert KeptCount.objects.get(survey=survey, kind=KeptCount.Kind.TALLIES).responses == 6
