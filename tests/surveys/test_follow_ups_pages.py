"""Follow-ups of answers on earlier pages: asked or not from what those pages hold, and a page
whose questions are all follow-ups not asked is skipped."""

import pytest

from surveys.models import Answer, Question, Response, Section, Survey
from surveys.services import library
from tests.conftest import browser_of
from tests.surveys.factories import group, page_one, page_two, q, recipient_with_token
from tests.surveys.test_builder import template

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def survey(survey) -> Survey:
    """The small survey, and follow-ups of an employee's tenure (page one): "tenure-why" at
    the end of page two after "short", and page three ("home-why" alone) after "long"."""
    tenure = q(survey, "tenure")
    short, long = tenure.options.all()
    third = Section.objects.create(survey=survey, title_de="Zuhause", title_en="Home", position=2)
    for key, section, position, answer in (
        ("tenure-why", q(survey, "grade").section, 9, short),
        ("home-why", third, 0, long),
    ):
        follow_up = Question.objects.create(
            survey=survey,
            section=section,
            key=key,
            kind=Question.Kind.TEXT,
            text_de=f"Frage {key}",
            text_en=f"Question {key}",
            position=position,
            required=key == "home-why",
        )
        follow_up.groups.set([group("employees")])
        follow_up.shown_if_options.set([answer])
    return survey


def on_page_two(survey: Survey, browser, tenure: str):
    """An employee's fresh link, past page one with this `tenure` ("short" or "long")."""
    _recipient, token = recipient_with_token(survey)
    browser.get(f"/s/{token}/")
    option = q(survey, "tenure").options.get(label_en=tenure)
    browser.post("/s/respond/", page_one(survey, **{f"q{q(survey, 'tenure').pk}": option.pk}))
    return browser.get("/s/respond/?lang=en").content.decode()


def test_a_follow_up_of_an_earlier_page_is_asked_after_its_answer(survey, browser):
    html = on_page_two(survey, browser, "short")

    why = q(survey, "tenure-why")
    assert f'id="question-{why.pk}"' in html
    assert "For those who chose “short” on an earlier page." in html
    assert f'id="question-{why.pk}" data-shown-if' not in html  # no script: it is asked
    # Page three follows "long": it is skipped, so this page is the last.
    assert 'value="submit"' in html and "Question home-why" not in html
    done = browser.post("/s/respond/", page_two(survey, **{f"q{why.pk}": "Neu hier"}), follow=True)
    assert done.redirect_chain[-1][0] == "/s/thanks/"
    assert Answer.objects.get(question=why).text == "Neu hier"
    assert not Answer.objects.filter(question=q(survey, "home-why")).exists()


def test_a_page_of_follow_ups_is_asked_after_its_answer_and_others_are_not(survey, browser):
    html = on_page_two(survey, browser, "long")

    why = q(survey, "tenure-why")
    assert f'id="question-{why.pk}"' not in html
    assert 'value="next"' in html and 'value="submit"' not in html
    # What was typed for a question not asked is not kept.
    to_page_three = browser.post(
        "/s/respond/", page_two(survey, action="next", **{f"q{why.pk}": "Nicht gefragt"})
    )
    assert to_page_three.status_code == 302
    third = browser.get("/s/respond/?lang=en").content.decode()
    assert "Question home-why" in third and 'value="submit"' in third
    refused = browser.post("/s/respond/", {"page": "2", "action": "submit"})
    assert refused.status_code == 302 and "check=2" in refused["Location"]  # required
    home_why = q(survey, "home-why")
    browser.post("/s/respond/", {"page": "2", "action": "submit", f"q{home_why.pk}": "Ruhe"})

    assert Answer.objects.get(question=home_why).text == "Ruhe"
    assert not Answer.objects.filter(question=why).exists()
    assert Response.objects.count() == 1


def test_a_stale_submit_goes_on_to_the_page_its_answers_now_ask(survey, browser):
    """Page two was the last with "short"; the respondent went back and chose "long"."""
    on_page_two(survey, browser, "short")
    browser.post("/s/respond/", page_two(survey, action="back"))
    long = q(survey, "tenure").options.get(label_en="long")
    browser.post(
        "/s/respond/",
        page_one(survey, action="next", **{f"q{q(survey, 'tenure').pk}": long.pk}),
    )

    sent = browser.post("/s/respond/", page_two(survey), follow=True)  # action: submit

    assert not Response.objects.exists()
    assert "Question home-why" in sent.content.decode()


def test_an_answer_changed_later_drops_what_a_skipped_page_held(survey, browser):
    on_page_two(survey, browser, "long")
    browser.post("/s/respond/", page_two(survey, action="next"))
    home_why = q(survey, "home-why")
    browser.post("/s/respond/", {"page": "2", "action": "back", f"q{home_why.pk}": "Ruhe"})
    browser.post("/s/respond/", page_two(survey, action="back"))
    short = q(survey, "tenure").options.get(label_en="short")
    browser.post(
        "/s/respond/",
        page_one(survey, action="next", **{f"q{q(survey, 'tenure').pk}": short.pk}),
    )

    done = browser.post("/s/respond/", page_two(survey), follow=True)

    assert done.redirect_chain[-1][0] == "/s/thanks/"
    assert not Answer.objects.filter(question=home_why).exists()


def test_back_from_a_page_after_a_skipped_one_skips_it_too(survey, browser):
    fourth = Section.objects.create(survey=survey, title_de="Ende", title_en="End", position=3)
    Question.objects.create(
        survey=survey, section=fourth, key="last", kind=Question.Kind.TEXT, text_en="Last"
    )
    on_page_two(survey, browser, "short")
    browser.post("/s/respond/", page_two(survey, action="next"))
    assert "Last" in browser.get("/s/respond/?lang=en").content.decode()  # page three skipped

    browser.post("/s/respond/", {"page": "3", "action": "back"})

    assert "Question challenges" in browser.get("/s/respond/?lang=en").content.decode()


def test_the_template_asks_new_staff_about_their_start_and_copies_keep_it(in_alpha):
    copy = library.survey_copy(survey=template())
    wave = library.survey_copy_as_wave(survey=copy)

    for survey in (copy, wave):
        onboarding, tenure = q(survey, "onboarding"), q(survey, "tenure")
        assert onboarding.followed_options == [tenure.options.first()]  # less than 2 years
        assert onboarding.section.position > tenure.section.position


def test_the_preview_lays_out_follow_ups_of_earlier_pages_with_their_note(survey, alpha):
    consultant = browser_of("carla", alpha)

    third = consultant.get(f"/surveys/{survey.pk}/preview/?group=employees&page=2&lang=en")

    html = third.content.decode()
    assert "Question home-why" in html
    assert "For those who chose “long” on an earlier page." in html
