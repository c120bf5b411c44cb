"""Building surveys: the template, copies and waves, structure rules, lifecycle, preview."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from surveys.models import Option, Question, Response, Survey
from surveys.services import building, library, lifecycle
from surveys.services.responding import Given, response_submit
from tests.conftest import browser_of
from tests.surveys.factories import group, q, recipient_with_token, small_survey

pytestmark = pytest.mark.django_db


def template() -> Survey:
    return Survey.objects.get(is_template=True)


def answered(survey: Survey) -> Survey:
    """The survey with one stored response."""
    response_submit(
        survey=survey,
        group=group("citizens"),
        given={q(survey, "ready").pk: Given(value=3)},
        language="de",
        nonce="n1",
    )
    return survey


def test_copying_the_template_gives_an_editable_survey_and_leaves_the_template_alone(in_alpha):
    before = Question.objects.filter(survey=template()).count()

    copy = library.survey_copy(survey=template())

    assert not copy.is_template and copy.state == Survey.State.DRAFT
    assert Question.objects.filter(survey=copy).count() == before
    assert copy.title_de == template().title_de and copy.title_en == template().title_en
    assert Question.objects.filter(survey=template()).count() == before
    grouped = Question.objects.get(survey=copy, key="tenure")
    assert list(grouped.groups.values_list("key", flat=True)) == ["employees"]


def test_the_template_structure_round_trips_through_json(in_alpha):
    import json

    structure = json.loads(json.dumps(library.survey_template_structure(template())))
    installed = library.survey_template_install(structure=structure, is_template=False)

    def shape(survey):
        return [
            (q.key, q.kind, q.dimension_id, q.topic_id, q.required, q.counts_for_readiness,
             [o.label_de for o in q.options.all()], [r.key for r in q.matrix_rows.all()])
            for q in Question.objects.filter(survey=survey).order_by("section__position",
                                                                     "position")
        ]  # fmt: skip

    assert shape(installed) == shape(template())


def test_a_malformed_template_is_refused_whole(in_alpha):
    count = Survey.objects.count()
    broken = {
        "format": 1,
        "title": "X",
        "sections": [{"questions": [{"key": "a", "kind": "nope"}]}],
    }

    with pytest.raises(ValidationError):
        library.survey_template_install(structure=broken)

    assert Survey.objects.count() == count


def test_a_new_wave_keeps_the_question_keys_and_counts_up(in_alpha):
    survey = small_survey()

    wave = library.survey_copy_as_wave(survey=survey)

    assert wave.instrument_id == survey.instrument_id and wave.wave == 2
    keys = lambda s: sorted(Question.objects.filter(survey=s).values_list("key", flat=True))  # noqa: E731
    assert keys(wave) == keys(survey)
    assert wave.state == Survey.State.DRAFT


def test_once_responses_exist_removing_a_question_is_refused(in_alpha):
    survey = answered(small_survey())

    with pytest.raises(ValidationError, match="already has responses"):
        building.question_delete(question=q(survey, "grade"))

    assert Question.objects.filter(survey=survey, key="grade").exists()


def test_once_responses_exist_changing_a_kind_or_removing_an_option_is_refused(in_alpha):
    survey = answered(small_survey())
    grade = q(survey, "grade")
    grade.kind = Question.Kind.LIKERT
    with pytest.raises(ValidationError, match="already has responses"):
        building.question_save(question=grade, groups=[])

    tenure = q(survey, "tenure")
    with pytest.raises(ValidationError, match="already has responses"):
        building.question_save(question=tenure, groups=[group("employees")], options_de="short")
    assert Option.objects.filter(question=tenure).count() == 2


def test_once_responses_exist_wording_fixes_are_still_allowed(in_alpha):
    survey = answered(small_survey())
    tenure = q(survey, "tenure")
    tenure.text_de = "Seit wann arbeiten Sie bei uns?"

    building.question_save(
        question=tenure,
        groups=[group("employees")],
        options_de="kurz\nlang",
        options_en="short\nlong",
    )

    tenure.refresh_from_db()
    assert tenure.text_de == "Seit wann arbeiten Sie bei uns?"
    assert list(tenure.options.values_list("label_de", flat=True)) == ["kurz", "lang"]


def test_the_builder_page_explains_why_a_structural_edit_was_refused(alpha, in_alpha):
    survey = answered(small_survey())
    browser = browser_of("carla", alpha)

    response = browser.post(f"/surveys/questions/{q(survey, 'grade').pk}/delete/", follow=True)

    assert "already has responses" in response.content.decode()
    assert Question.objects.filter(survey=survey, key="grade").exists()


def test_a_question_tagged_with_a_topic_takes_the_topic_s_dimension(in_alpha):
    from taxonomy.models import Topic

    survey = small_survey(state=Survey.State.DRAFT)
    topic = Topic.objects.select_related("dimension").first()
    grade = q(survey, "grade")
    grade.topic = topic

    building.question_save(question=grade, groups=[])

    grade.refresh_from_db()
    assert grade.dimension_id == topic.dimension_id


def test_a_draft_without_questions_cannot_be_opened(in_alpha):
    empty = building.survey_create(survey=Survey(title_de="Leer"))

    with pytest.raises(ValidationError):
        lifecycle.survey_open(survey=empty)


def test_a_translated_survey_opens_only_with_every_text_in_both_languages(in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    Question.objects.filter(survey=survey, key="grade").update(text_en="")

    with pytest.raises(ValidationError, match="grade"):
        lifecycle.survey_open(survey=survey)


def test_closing_kills_the_links_and_drafts_but_keeps_the_responses(in_alpha):
    survey = answered(small_survey())
    recipient, _token = recipient_with_token(survey)
    recipient.draft = {"answers": {"x": "1"}}
    recipient.save()

    lifecycle.survey_close(survey=survey)

    recipient.refresh_from_db()
    assert not recipient.tokens.exists() and recipient.draft is None
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_survey_closes_by_itself_after_its_closing_date(in_alpha):
    survey = small_survey()
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(seconds=1))

    assert lifecycle.surveys_close_due() == 1

    survey.refresh_from_db()
    assert survey.state == Survey.State.CLOSED and survey.closed_at is not None


def test_the_preview_shows_a_group_exactly_its_questions_and_has_no_working_submit(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    browser = browser_of("carla", alpha)

    citizens = browser.get(f"/surveys/{survey.pk}/preview/?group=citizens&page=1").content.decode()
    employees = browser.get(f"/surveys/{survey.pk}/preview/?group=employees").content.decode()

    assert f"q{q(survey, 'citizens-only').pk}" in citizens
    assert f"q{q(survey, 'tenure').pk}" in employees
    assert (
        f"q{q(survey, 'tenure').pk}"
        not in browser.get(f"/surveys/{survey.pk}/preview/?group=citizens").content.decode()
    )
    assert 'type="button" disabled' in citizens


def test_the_template_cannot_be_edited_in_place(in_alpha):
    with pytest.raises(ValidationError):
        building.question_delete(question=Question.objects.filter(survey=template()).first())


def test_consultant_creates_a_survey_and_adds_a_section_and_a_question(alpha, in_alpha):
    browser = browser_of("carla", alpha)

    created = browser.post(
        "/surveys/new/", {"title_de": "Vereinsumfrage", "primary_language": "de"}
    )
    survey = Survey.objects.get(title_de="Vereinsumfrage")
    browser.post(f"/surveys/{survey.pk}/sections/new/", {"title_de": "Allgemein"})
    section = survey.sections.get()
    browser.post(
        f"/surveys/sections/{section.pk}/questions/new/",
        {"kind": "single", "text_de": "Wie groß ist Ihr Verein?", "options_de": "klein\ngroß"},
    )

    assert created.status_code == 302
    question = Question.objects.get(survey=survey)
    assert question.key == "wie-gross-ist-ihr-verein"
    assert list(question.options.values_list("label_de", flat=True)) == ["klein", "groß"]
