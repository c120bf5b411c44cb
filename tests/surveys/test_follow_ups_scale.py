"""Follow-ups of a scale: asked only of those whose agreement or rating answer above them, in
their section, lies in a range ("why?" below a level)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from surveys.models import Answer, Question, Response, Survey
from surveys.services import building, library
from surveys.services.responding import Given, hidden_by_condition, response_submit
from tests.conftest import browser_of
from tests.surveys.factories import group, on_page_two, page_two, q, small_survey
from tests.surveys.test_builder import answered, edit_form, template

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


def why_low(survey: Survey, low: int = 0, high: int = 6) -> Question:
    """A required free text on page two, right below "grade" (a rating 0 to 10), asked only of
    those who rated from `low` to `high`."""
    return Question.objects.create(
        survey=survey,
        section=q(survey, "grade").section,
        key="grade-why",
        kind=Question.Kind.TEXT,
        text_de="Warum nicht mehr?",
        text_en="Why not more?",
        position=q(survey, "grade").position,  # the same: below it by id
        required=True,
        shown_if_scale=q(survey, "grade"),
        shown_if_from=low,
        shown_if_to=high,
    )


@pytest.fixture
def follow_up(survey) -> Question:
    return why_low(survey)


def send_page_two(survey: Survey, browser, grade: str, **typed):
    """A fresh respondent's last page with this `grade` and the `typed` fields."""
    on_page_two(survey, browser)
    data = page_two(survey, **{f"q{q(survey, 'grade').pk}": grade, **typed})
    return browser.post("/s/respond/", data, follow=True)


# --- Answering -----------------------------------------------------------------------------


@pytest.mark.parametrize("grade", ["0", "4", "6"])
def test_a_follow_up_of_a_grade_in_its_range_is_asked_and_stored(survey, follow_up, browser, grade):
    done = send_page_two(survey, browser, grade, **{f"q{follow_up.pk}": "Zu langsam"})

    assert done.redirect_chain[-1][0] == "/s/thanks/"
    assert Answer.objects.get(question=follow_up).text == "Zu langsam"


@pytest.mark.parametrize("grade", ["7", "10", ""])
def test_a_follow_up_of_a_grade_outside_its_range_is_not_asked_and_not_kept(
    survey, follow_up, browser, grade
):
    """Typed before the respondent changed the grade (or left it out): dropped, no error."""
    done = send_page_two(survey, browser, grade, **{f"q{follow_up.pk}": "Zu langsam"})

    assert done.redirect_chain[-1][0] == "/s/thanks/"
    assert Response.objects.filter(survey=survey).count() == 1
    assert not Answer.objects.filter(question=follow_up).exists()


def test_a_required_follow_up_of_a_low_grade_left_empty_is_refused_by_name(
    survey, follow_up, browser
):
    page = send_page_two(survey, browser, "3")

    html = page.content.decode()
    assert 'id="error-summary"' in html and f'href="#q{follow_up.pk}"' in html
    assert not Response.objects.exists()


def test_the_page_marks_a_follow_up_with_its_range_for_the_script_and_for_readers(
    survey, follow_up, browser
):
    on_page_two(survey, browser)

    english = browser.get("/s/respond/?lang=en").content.decode()
    german = browser.get("/s/respond/?lang=de").content.decode()

    grade = q(survey, "grade")
    assert f'data-shown-if="{grade.pk}" data-shown-if-from="0" data-shown-if-to="6"' in english
    assert "For those who chose 0 to 6 above." in english
    assert "Für alle, die oben 0 bis 6 gewählt haben." in german


def test_the_service_refuses_an_answer_to_a_follow_up_of_a_grade_outside_its_range(
    survey, follow_up
):
    submit = dict(survey=survey, group_id=group("citizens").pk, language="de")
    given = {q(survey, "ready").pk: Given(value=3)}

    with pytest.raises(ValidationError, match="not asked"):
        response_submit(
            **submit,
            given={**given, q(survey, "grade").pk: Given(value=9), follow_up.pk: Given(text="x")},
            nonce="high",
        )
    with pytest.raises(ValidationError, match="Why not more"):
        response_submit(**submit, given={**given, q(survey, "grade").pk: Given(value=2)}, nonce="a")
    response_submit(**submit, given={**given, q(survey, "grade").pk: Given(value=9)}, nonce="b")

    assert Response.objects.count() == 1


def test_dont_know_lies_in_no_range_and_a_chain_hides_with_its_first_link(survey):
    def question(key, kind, scale=None, low=None, high=None):
        return Question.objects.create(
            survey=survey,
            section=q(survey, "grade").section,
            key=key,
            kind=kind,
            position=9,
            shown_if_scale=scale,
            shown_if_from=low,
            shown_if_to=high,
        )

    agree = question("agree", Question.Kind.LIKERT)
    why = question("why", Question.Kind.RATING, scale=agree, low=1, high=2)
    how_bad = question("how-bad", Question.Kind.TEXT, scale=why, low=0, high=3)
    questions = [agree, why, how_bad]
    a, w, h = agree.pk, why.pk, how_bad.pk

    assert hidden_by_condition(questions, {a: Given(dont_know=True)}) == {w, h}
    assert hidden_by_condition(questions, {a: Given(value=3), w: Given(value=1)}) == {w, h}
    assert hidden_by_condition(questions, {a: Given(value=2), w: Given(value=3)}) == set()
    assert hidden_by_condition(questions, {a: Given(value=1), w: Given(value=4)}) == {h}


def test_the_note_names_agreement_by_its_words_in_the_respondents_language(in_alpha):
    survey = small_survey()
    follow_up = Question(survey=survey, kind=Question.Kind.TEXT, shown_if_scale=q(survey, "ready"))

    follow_up.shown_if_from, follow_up.shown_if_to = 1, 2
    with translation.override("en"):
        assert follow_up.condition_text == "“Strongly disagree” to “Disagree”"
    with translation.override("de"):
        assert follow_up.condition_text == "„Stimme überhaupt nicht zu“ bis „Stimme nicht zu“"
    follow_up.shown_if_from = 2
    with translation.override("en"):
        assert follow_up.condition_text == "“Disagree”"


def test_a_follow_up_of_an_answer_and_a_range_at_once_is_refused(survey, follow_up):
    answer = q(survey, "challenges").options.first()

    with pytest.raises(ValidationError, match="not both"):
        building.question_save(question=follow_up, groups=[], follows=[answer])
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=follow_up.pk).update(shown_if_from=7)  # above shown_if_to


# --- Building ------------------------------------------------------------------------------


def test_the_consultant_makes_a_question_a_follow_up_of_low_grades(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    ideas = q(survey, "ideas")  # below "grade" on page two
    browser = browser_of("carla", alpha)

    form = browser.get(f"/surveys/questions/{ideas.pk}/").content.decode()
    saved = browser.post(
        f"/surveys/questions/{ideas.pk}/",
        edit_form(ideas, shown_if_scale=q(survey, "grade").pk, shown_if_from=0, shown_if_to=5),
    )

    # The agreement and rating questions before it are offered: above it, or on page one.
    assert f'<option value="{q(survey, "grade").pk}">Question grade</option>' in form
    assert f'<option value="{q(survey, "ready").pk}">Question ready</option>' in form
    assert "Question citizens-only" not in form  # below it
    assert saved.status_code == 302
    ideas = q(survey, "ideas")
    assert (ideas.shown_if_scale, ideas.shown_if_from, ideas.shown_if_to) == (
        q(survey, "grade"),
        0,
        5,
    )
    detail = browser.get(f"/surveys/{survey.pk}/?lang=en").content.decode()
    assert "asked only if 0 to 5 (grade)" in detail


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"shown_if_from": 0, "shown_if_to": 5}, "Choose the scale that range is of."),
        ({"shown_if_scale": "grade"}, "Give the range of answers that lead to this question."),
        (
            {"shown_if_scale": "grade", "shown_if_from": 0, "shown_if_to": 11},
            "is answered from 0 to 10: give a range within that, the lower end first.",
        ),
        (
            {"shown_if_scale": "grade", "shown_if_from": 6, "shown_if_to": 2},
            "The range ends below where it starts.",
        ),
        (
            {"shown_if_scale": "grade", "shown_if_from": "x", "shown_if_to": 2},
            "Enter a whole number.",
        ),
        (
            {
                "shown_if_scale": "grade",
                "shown_if_from": 0,
                "shown_if_to": 2,
                "shown_if_options": ["tech"],
            },
            "A follow-up follows one thing: an answer or a range of a scale, not both.",
        ),
    ],
)
def test_a_bad_scale_condition_is_refused_with_a_message_and_what_was_typed_stays(
    alpha, in_alpha, changes, message
):
    survey = small_survey(state=Survey.State.DRAFT)
    ideas = q(survey, "ideas")
    browser = browser_of("carla", alpha)
    named = {
        "grade": q(survey, "grade").pk,
        "tech": q(survey, "challenges").options.get(label_en="tech").pk,
    }
    posted = {
        key: [named[v] for v in value] if isinstance(value, list) else named.get(value, value)
        for key, value in changes.items()
    }

    page = browser.post(
        f"/surveys/questions/{ideas.pk}/", edit_form(ideas, text_en="Ideas, typed", **posted)
    )

    html = page.content.decode()
    assert page.status_code == 200 and message in html
    assert "Ideas, typed" in html
    stored = q(survey, "ideas")
    assert stored.shown_if_scale is None and stored.followed_options == []
    assert stored.text_en == "Question ideas"


def test_a_follow_up_of_a_scale_below_it_or_of_a_text_is_refused(in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    grade = q(survey, "grade")

    for source in (q(survey, "citizens-only"), q(survey, "ideas")):
        grade_follows = q(survey, "challenges")
        grade_follows.shown_if_scale = source
        grade_follows.shown_if_from, grade_follows.shown_if_to = 1, 2
        with pytest.raises(ValidationError, match="agreement or rating question before it"):
            building.question_save(question=grade_follows, groups=[], options_de="staff\ntech\nlaw")
    grade.shown_if_scale, grade.shown_if_from, grade.shown_if_to = grade, 0, 5
    with pytest.raises(ValidationError, match="agreement or rating question before it"):
        building.question_save(question=grade, groups=[])

    assert not Question.objects.filter(survey=survey, shown_if_scale__isnull=False).exists()


def test_a_scale_a_follow_up_follows_keeps_its_kind_and_range_and_cannot_be_removed(in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    why_low(survey, 0, 6)
    grade = q(survey, "grade")

    grade.kind = Question.Kind.TEXT
    with pytest.raises(ValidationError, match="Why not more"):
        building.question_save(question=grade, groups=[])
    grade.kind = Question.Kind.LIKERT  # 1 to 5: 0 to 6 no longer fits
    with pytest.raises(ValidationError, match="answer 0 to 6 here"):
        building.question_save(question=grade, groups=[])
    with pytest.raises(ValidationError, match="Why not more"):
        building.question_delete(question=q(survey, "grade"))
    with pytest.raises(ValidationError, match="so it stays below it"):
        building.question_move(question=q(survey, "grade-why"), direction="up")

    assert q(survey, "grade").kind == Question.Kind.RATING
    # Rewording the scale is fine; removing the page removes both.
    grade = q(survey, "grade")
    grade.text_en = "Your grade"
    building.question_save(question=grade, groups=[])
    assert q(survey, "grade-why").shown_if_scale.text_en == "Your grade"
    building.section_delete(section=grade.section)
    assert not Question.objects.filter(key__in=["grade", "grade-why"], survey=survey).exists()


def test_once_responses_exist_a_follow_up_keeps_its_range(in_alpha):
    survey = answered(small_survey())
    follow_up = why_low(survey)

    follow_up.shown_if_to = 4
    with pytest.raises(ValidationError, match="the answer it follows"):
        building.question_save(question=follow_up, groups=[])

    assert q(survey, "grade-why").shown_if_to == 6


# --- Copies, waves and the template --------------------------------------------------------


def test_a_new_wave_and_a_copy_keep_the_range(in_alpha):
    survey = small_survey()
    why_low(survey, 2, 5)

    wave = library.survey_copy_as_wave(survey=survey)
    copy = library.survey_copy(survey=survey)

    for new in (wave, copy):
        follow_up = q(new, "grade-why")
        assert follow_up.shown_if_scale == q(new, "grade")
        assert (follow_up.shown_if_from, follow_up.shown_if_to) == (2, 5)


def test_the_template_asks_what_is_missing_only_after_a_grade_of_six_or_lower(in_alpha):
    copy = library.survey_copy(survey=template())

    missing = q(copy, "online-services-missing")

    assert missing.shown_if_scale == q(copy, "online-services-grade")
    assert (missing.shown_if_from, missing.shown_if_to) == (0, 6)


@pytest.mark.parametrize(
    "condition",
    [
        {"question": "grade", "from": 7, "to": 3},
        {"question": "grade", "from": 0, "to": 11},
        {"question": "grade", "from": True, "to": 3},
        {"question": "grade", "from": "0", "to": 3},
        {"question": "agree", "from": 0, "to": 2},
        {"question": "pick", "from": 0, "to": 1},
        {"question": "later", "from": 0, "to": 3},
    ],
)
def test_a_structure_with_a_bad_follow_up_of_a_scale_is_refused_whole(in_alpha, condition):
    structure = {
        "format": 1,
        "title": "Broken",
        "sections": [
            {
                "title": "One",
                "questions": [
                    {"key": "grade", "kind": "rating", "text": "Grade"},
                    {"key": "agree", "kind": "likert", "text": "Agree"},
                    {"key": "pick", "kind": "single", "text": "Pick", "options": ["a", "b"]},
                    {"key": "why", "kind": "text", "text": "Why?", "shown_if": condition},
                    {"key": "later", "kind": "rating", "text": "Later"},
                ],
            }
        ],
    }
    before = Survey.objects.count()

    with pytest.raises(ValidationError, match="“why”: a follow-up of a scale names"):
        library.survey_template_install(structure=structure, is_template=False)

    assert Survey.objects.count() == before


def test_the_results_say_whom_a_follow_up_of_a_scale_was_asked(alpha, survey, follow_up):
    browser = browser_of("carla", alpha)

    results = browser.get(f"/surveys/{survey.pk}/results/?lang=en").content.decode()
    texts = browser.get(
        f"/surveys/{survey.pk}/results/texts/?question={follow_up.pk}&lang=en"
    ).content.decode()

    assert "Asked only of those who chose 0 to 6." in results
    assert "asked only of those who chose 0 to 6" in texts
