"""Follow-up questions: asked only of those who chose an answer above them in their section."""

import pytest
from django.core.exceptions import ValidationError

from surveys.models import Answer, Option, Question, Response, Section, Survey
from surveys.selectors import questions_for_group
from surveys.services import building, library
from surveys.services.responding import Given, hidden_by_condition, response_submit
from tests.conftest import browser_of
from tests.surveys.factories import group, on_page_two, page_two, q, small_survey
from tests.surveys.test_builder import answered, edit_form, template

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


def tech(survey: Survey) -> Option:
    return q(survey, "challenges").options.get(label_en="tech")


def answers(survey: Survey, *labels: str) -> list[Option]:
    """Options of "challenges" by their labels."""
    return [q(survey, "challenges").options.get(label_en=label) for label in labels]


def followed(question: Question) -> list[str]:
    """The labels of the answers a stored question follows."""
    return [option.label_en for option in Question.objects.get(pk=question.pk).followed_options]


def with_follow_up(survey: Survey, *labels: str, key: str = "tech-what", **fields) -> Question:
    """A required free text on page two, right below "challenges", asked only of those who
    ticked one of its options `labels` ("tech" if none are named)."""
    defaults = {
        "kind": Question.Kind.TEXT,
        "text_de": "Welche Technik?",
        "text_en": "Which technology?",
        "required": True,
    }
    follow_up = Question.objects.create(
        survey=survey,
        section=q(survey, "challenges").section,
        key=key,
        position=0,  # the same as "challenges": below it by id
        **{**defaults, **fields},
    )
    follow_up.shown_if_options.set(answers(survey, *(labels or ["tech"])))
    return follow_up


@pytest.fixture
def follow_up(survey) -> Question:
    return with_follow_up(survey)


def send_page_two(survey: Survey, browser, ticked: list[str], **typed):
    """A fresh respondent's last page with these "challenges" ticked and the `typed` fields."""
    on_page_two(survey, browser)
    options = q(survey, "challenges").options
    chosen = [str(options.get(label_en=label).pk) for label in ticked]
    data = page_two(survey, **{f"q{q(survey, 'challenges').pk}": chosen, **typed})
    return browser.post("/s/respond/", data, follow=True)


def test_a_follow_up_is_asked_and_stored_when_its_answer_was_chosen(survey, follow_up, browser):
    done = send_page_two(
        survey, browser, ["staff", "tech"], **{f"q{follow_up.pk}": "Die Fachverfahren"}
    )

    assert done.redirect_chain[-1][0] == "/s/thanks/"
    assert Answer.objects.get(question=follow_up).text == "Die Fachverfahren"


def test_a_required_follow_up_of_an_answer_not_chosen_is_not_asked_and_not_kept(
    survey, follow_up, browser
):
    """Typed before the respondent changed their mind: dropped, and no error for it."""
    done = send_page_two(survey, browser, ["staff"], **{f"q{follow_up.pk}": "X"})

    assert done.redirect_chain[-1][0] == "/s/thanks/"
    assert Response.objects.filter(survey=survey).count() == 1
    assert not Answer.objects.filter(question=follow_up).exists()


def test_a_required_follow_up_left_empty_after_its_answer_is_refused_by_name(
    survey, follow_up, browser
):
    page = send_page_two(survey, browser, ["tech"])

    html = page.content.decode()
    assert 'id="error-summary"' in html and f'href="#q{follow_up.pk}"' in html
    assert not Response.objects.exists()


def test_the_page_marks_a_follow_up_with_its_answers_for_the_script_and_for_readers(
    survey, browser
):
    with_follow_up(survey, "staff", "law")
    on_page_two(survey, browser)

    html = browser.get("/s/respond/?lang=en").content.decode()
    german = browser.get("/s/respond/?lang=de").content.decode()

    challenges = q(survey, "challenges")
    staff, law = answers(survey, "staff", "law")
    assert f'data-shown-if="{challenges.pk}" data-shown-if-values="{staff.pk} {law.pk}"' in html
    assert "For those who chose “staff” or “law” above." in html
    assert "Für alle, die oben „staff“ oder „law“ gewählt haben." in german
    assert "js/questionnaire" in html


@pytest.mark.parametrize("ticked", [["law"], ["staff"], ["staff", "law"]])
def test_a_follow_up_of_several_answers_is_asked_after_any_of_them(survey, browser, ticked):
    follow_up = with_follow_up(survey, "staff", "law")

    done = send_page_two(survey, browser, ticked, **{f"q{follow_up.pk}": "Zu wenig Leute"})
    refused = send_page_two(survey, browser, ticked)  # required, and asked

    assert done.redirect_chain[-1][0] == "/s/thanks/"
    assert Answer.objects.get(question=follow_up).text == "Zu wenig Leute"
    assert f'href="#q{follow_up.pk}"' in refused.content.decode()


def test_the_service_refuses_an_answer_to_a_follow_up_that_was_not_asked(survey, follow_up):
    challenges = q(survey, "challenges")
    staff = challenges.options.get(label_en="staff")

    with pytest.raises(ValidationError, match="not asked"):
        response_submit(
            survey=survey,
            group_id=group("citizens").pk,
            given={
                q(survey, "ready").pk: Given(value=3),
                challenges.pk: Given(options=[staff.pk]),
                follow_up.pk: Given(text="Fachverfahren"),
            },
            language="de",
            nonce="n-follow-up",
        )

    assert not Response.objects.exists()


def test_the_service_asks_for_a_required_follow_up_only_when_its_answer_was_chosen(
    survey, follow_up
):
    given = {q(survey, "ready").pk: Given(value=3)}
    submit = dict(survey=survey, group_id=group("citizens").pk, language="de")

    response_submit(**submit, given=given, nonce="without")
    with pytest.raises(ValidationError, match="Which technology"):
        response_submit(
            **submit,
            given={**given, q(survey, "challenges").pk: Given(options=[tech(survey).pk])},
            nonce="with",
        )

    assert Response.objects.count() == 1


def test_a_follow_up_of_a_follow_up_not_asked_is_not_asked_either(survey):
    second = with_follow_up(survey, "tech", "law", kind=Question.Kind.SINGLE, required=False)
    yes = Option.objects.create(question=second, label_en="yes")
    third = with_follow_up(survey, key="third")
    third.shown_if_options.set([yes])
    first, (tech, law) = q(survey, "challenges"), answers(survey, "tech", "law")
    questions = questions_for_group(survey, group("employees"))
    chosen_second = {second.pk: Given(options=[yes.pk])}

    assert hidden_by_condition(questions, chosen_second) >= {second.pk, third.pk}
    for either in (tech, law):
        shown = {first.pk: Given(options=[either.pk]), **chosen_second}
        assert not hidden_by_condition(questions, shown) & {second.pk, third.pk}
    hidden = hidden_by_condition(questions, {first.pk: Given(options=[tech.pk])})
    assert third.pk in hidden and second.pk not in hidden


# --- Building ------------------------------------------------------------------------------


def test_the_consultant_makes_a_question_a_follow_up_and_the_builder_shows_it(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    grade = q(survey, "grade")
    browser = browser_of("carla", alpha)

    form = browser.get(f"/surveys/questions/{grade.pk}/").content.decode()
    saved = browser.post(
        f"/surveys/questions/{grade.pk}/",
        edit_form(grade, shown_if_options=[option.pk for option in answers(survey, "tech", "law")]),
    )

    # The answers of the choice questions before it are offered, under each question: above it
    # on its page, and on the page before.
    assert "<strong>Question tenure</strong>" in form
    assert "<strong>Question challenges</strong>" in form
    assert form.count('name="shown_if_options"') == 2 + 3
    assert saved.status_code == 302
    assert followed(q(survey, "grade")) == ["tech", "law"]
    detail = browser.get(f"/surveys/{survey.pk}/").content.decode()
    assert "asked only if “tech” or “law” (challenges)" in detail
    # Set in below the questions it follows.
    assert f'ww-follow-up-item" id="question-{grade.pk}"' in detail
    assert f'ww-follow-up-item" id="question-{q(survey, "challenges").pk}"' not in detail


def test_a_follow_up_of_an_answer_below_it_or_on_a_later_page_is_refused(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    challenges = q(survey, "challenges")
    browser = browser_of("carla", alpha)
    today = q(survey, "today")  # on page one, below "tenure"

    other_page = browser.post(
        f"/surveys/questions/{today.pk}/", edit_form(today, shown_if_options=[tech(survey).pk])
    )
    with pytest.raises(ValidationError, match="before it: above it on its page, or on an earlier"):
        building.question_save(
            question=challenges,
            groups=[],
            options_de="staff\ntech\nlaw",
            options_en="",
            follows=[Option.objects.create(question=q(survey, "ideas"), label_de="x")],
        )

    assert other_page.status_code == 200
    assert "Select a valid choice" in other_page.content.decode()
    assert followed(q(survey, "today")) == [] and followed(q(survey, "challenges")) == []


def test_a_follow_up_of_answers_to_two_questions_is_refused(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    ideas = q(survey, "ideas")
    Question.objects.filter(pk=q(survey, "grade").pk).update(kind=Question.Kind.SINGLE)
    other = Option.objects.create(question=q(survey, "grade"), label_en="other question")
    browser = browser_of("carla", alpha)

    page = browser.post(
        f"/surveys/questions/{ideas.pk}/",
        edit_form(ideas, shown_if_options=[tech(survey).pk, other.pk]),
    )
    with pytest.raises(ValidationError, match="tick answers to one question only"):
        building.question_save(question=ideas, groups=[], follows=[tech(survey), other])

    assert "A follow-up follows one question: tick answers to one question only." in (
        page.content.decode()
    )
    assert followed(q(survey, "ideas")) == []


def test_a_follow_up_shown_to_a_group_its_question_is_not_asked_of_is_refused(in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    tenure = q(survey, "tenure")  # employees only
    today = q(survey, "today")
    short = [tenure.options.first()]

    with pytest.raises(ValidationError, match="asked only of Employees"):
        building.question_save(question=today, groups=[], rows_de="files\nhome", follows=short)
    building.question_save(
        question=today, groups=[group("employees")], rows_de="files\nhome", follows=short
    )

    assert followed(q(survey, "today")) == ["short"]


def test_an_answer_a_follow_up_follows_cannot_be_removed_nor_its_question(in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    follow_up = with_follow_up(survey, "staff", "law")  # "law": the last line of "challenges"
    challenges = q(survey, "challenges")

    with pytest.raises(ValidationError, match="Which technology"):
        building.question_save(question=challenges, groups=[], options_de="staff\ntech")
    challenges.kind = Question.Kind.RATING
    with pytest.raises(ValidationError, match="Which technology"):
        building.question_save(question=challenges, groups=[])
    with pytest.raises(ValidationError, match="Which technology"):
        building.question_delete(question=q(survey, "challenges"))

    labels = q(survey, "challenges").options.values_list("label_de", flat=True)
    assert list(labels) == ["staff", "tech", "law"]
    # Rewording the answer is fine; removing the page removes both.
    building.question_save(
        question=q(survey, "challenges"), groups=[], options_de="staff\ntech\nlaws"
    )
    assert q(survey, "tech-what").followed_options[-1].label_de == "laws"
    building.section_delete(section=follow_up.section)
    assert not Question.objects.filter(pk__in=[follow_up.pk, challenges.pk]).exists()


def test_a_follow_up_never_comes_before_the_question_it_follows(in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    follow_up = with_follow_up(survey)
    first_page = q(survey, "ready").section
    second_page = follow_up.section

    follow_up.section = first_page
    with pytest.raises(ValidationError, match="before it: above it on its page, or on an earlier"):
        building.question_save(question=follow_up, groups=[])
    # The question it follows may go to an earlier page: the follow-up still comes after it.
    challenges = q(survey, "challenges")
    challenges.section = first_page
    building.question_save(question=challenges, groups=[], options_de="staff\ntech\nlaw")
    with pytest.raises(ValidationError, match="so their pages keep their order"):
        building.section_move(section=second_page, direction="up")
    with pytest.raises(ValidationError, match="on another page follows an answer on this one"):
        building.section_delete(section=first_page)
    # Back to the follow-up's page, at its end: below the follow-up, which is refused.
    challenges = q(survey, "challenges")
    challenges.section = second_page
    with pytest.raises(ValidationError, match="move that follow-up along first"):
        building.question_save(question=challenges, groups=[], options_de="staff\ntech\nlaw")

    assert q(survey, "tech-what").section == second_page
    assert q(survey, "challenges").section == first_page
    assert list(Section.objects.filter(survey=survey)) == [first_page, second_page]


def test_a_follow_up_cannot_be_moved_above_its_question(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    follow_up = with_follow_up(survey)
    browser = browser_of("carla", alpha)

    page = browser.post(
        f"/surveys/questions/{follow_up.pk}/move/", {"direction": "up"}, follow=True
    )

    assert "so it stays below it" in page.content.decode()
    order = [question.key for question in follow_up.section.questions.all()]
    assert order.index("challenges") < order.index("tech-what")
    # Moving it further down is fine.
    building.question_move(question=follow_up, direction="down")


def test_once_responses_exist_a_follow_up_keeps_its_answer_but_new_follow_ups_may_be_added(
    in_alpha,
):
    survey = answered(small_survey())
    follow_up = with_follow_up(survey)

    for follows in (answers(survey, "law"), answers(survey, "tech", "law"), []):
        with pytest.raises(ValidationError, match="the answer it follows"):
            building.question_save(question=follow_up, groups=[], follows=follows)
    building.question_save(question=follow_up, groups=[])  # its answers as they are
    added = Question(
        section=follow_up.section,
        kind=Question.Kind.TEXT,
        text_de="Welches Gesetz?",
        text_en="Which law?",
    )
    building.question_save(question=added, groups=[], follows=answers(survey, "law"))

    assert followed(q(survey, "tech-what")) == ["tech"]
    assert added.pk and followed(added) == ["law"]


# --- Copies and the template ---------------------------------------------------------------


def test_the_template_asks_about_online_services_only_of_those_who_use_them(in_alpha):
    copy = library.survey_copy(survey=template())

    grade = q(copy, "online-services-grade")

    assert grade.condition_source == q(copy, "channels")
    assert followed(grade) == ["Through the town's online services"]
    offline = ["In person at the town hall", "By phone", "By letter"]
    assert followed(q(copy, "offline-why")) == offline


def test_a_new_wave_keeps_its_follow_ups(in_alpha):
    survey = small_survey()
    with_follow_up(survey, "staff", "law")

    wave = library.survey_copy_as_wave(survey=survey)

    assert q(wave, "tech-what").followed_options == answers(wave, "staff", "law")


@pytest.mark.parametrize(
    "condition",
    [
        {"question": "nowhere", "option": 0},
        {"question": "pick", "option": 5},
        {"question": "later", "option": 0},
        {"question": "pick", "options": []},
        {"question": "pick", "options": [0, 5]},
        {"question": "pick", "options": "0"},
        "pick",
    ],
)
def test_a_structure_with_a_follow_up_of_nothing_above_it_is_refused_whole(in_alpha, condition):
    def choice(key):
        options = [{"de": "a", "en": "a"}, {"de": "b", "en": "b"}]
        return {"key": key, "kind": "single", "text": key, "options": options}

    structure = {
        "format": 1,
        "title": "Broken",
        "sections": [
            {
                "title": "One",
                "questions": [
                    choice("pick"),
                    {"key": "why", "kind": "text", "text": "Why?", "shown_if": condition},
                    choice("later"),
                ],
            }
        ],
    }

    with pytest.raises(ValidationError, match="“why”: a follow-up names"):
        library.survey_template_install(structure=structure, is_template=False)

    assert not Survey.objects.filter(title_de="Broken").exists()
