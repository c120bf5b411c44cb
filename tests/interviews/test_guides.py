"""Interview guides: the seeded default in two languages, JSON round trip, copy and adapt."""

import html
import json

from django.db import connection
from django_tenants.utils import schema_context

from interviews.method import DEFAULT_GUIDES
from interviews.models import InterviewGuide, ResultTopic
from interviews.services import guide_install, guide_structure
from tests.conftest import browser_of


def test_every_new_municipality_gets_the_default_guide_in_german_and_english(in_alpha):
    guides = {guide.language: guide for guide in InterviewGuide.objects.all()}

    assert set(guides) == {"de", "en"}
    for guide in guides.values():
        topics = set(guide.questions.values_list("result_topic", flat=True))
        assert topics == set(ResultTopic.values)
    assert guides["de"].title == "Interviewleitfaden Phase 1 (Standard)"


def test_a_guide_survives_a_round_trip_through_json(in_alpha):
    original = InterviewGuide.objects.get(language="de")

    structure = json.loads(json.dumps(guide_structure(original)))
    installed = guide_install(structure)

    assert guide_structure(installed) == guide_structure(original) == DEFAULT_GUIDES[0]


def test_a_guide_with_an_unknown_result_topic_is_refused(in_alpha):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        guide_install({"title": "Kaputt", "questions": [{"result_topic": "x", "text": "?"}]})


def test_a_consultant_copies_a_guide_and_adapts_the_copy(alpha):
    with schema_context("alpha"):
        original = InterviewGuide.objects.get(language="de")
        first_question = original.questions.first()
    consultant = browser_of("carla", alpha)

    response = consultant.post(f"/analysis/guides/{original.pk}/copy/")

    assert response.status_code == 302
    with schema_context("alpha"):
        copy = InterviewGuide.objects.get(copied_from=original)
        assert copy.title == f"Copy of {original.title}"
        questions = list(copy.questions.all())
    new = len(questions)
    data = guide_post(
        questions,
        {
            "questions-0-DELETE": "on",
            f"questions-{new}-result_topic": "needs",
            f"questions-{new}-text": "Was erwarten Sie vom Bürgerportal?",
            f"questions-{new}-ORDER": "0",
        },
    )

    response = consultant.post(f"/analysis/guides/{copy.pk}/edit/", data)

    assert response.status_code == 302, response.context["formset"].errors
    with schema_context("alpha"):
        copy.refresh_from_db()
        texts = list(copy.questions.values_list("text", flat=True))
        assert copy.title == "Leitfaden Musterstadt"
        assert texts[0] == "Was erwarten Sie vom Bürgerportal?"
        assert first_question.text not in texts
        assert len(texts) == len(questions)
        # The original is untouched.
        assert original.questions.count() == len(questions)
    connection.set_schema_to_public()


def guide_post(questions: list, rows: dict, *, title: str = "Leitfaden Musterstadt") -> dict:
    """The guide form as the browser sends it: the saved questions, then two empty rows."""
    data = {
        "title": title,
        "language": "de",
        "description": "",
        "questions-TOTAL_FORMS": str(len(questions) + 2),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, question in enumerate(questions):
        data |= {
            f"questions-{index}-id": question.pk,
            f"questions-{index}-result_topic": question.result_topic,
            f"questions-{index}-text": question.text,
            f"questions-{index}-ORDER": index + 1,
        }
    return data | rows


def test_errors_in_question_rows_are_summarised_at_the_top_and_the_heading_keeps_the_title(
    alpha,
):
    with schema_context("alpha"):
        guide = InterviewGuide.objects.get(language="de")
        questions = list(guide.questions.all())
    saved_title = guide.title
    data = guide_post(questions, {"questions-2-text": ""}, title="Neuer Titel")

    response = browser_of("carla", alpha).post(f"/analysis/guides/{guide.pk}/edit/", data)

    page = html.unescape(response.content.decode())
    summary = page[
        page.index('id="error-summary"') : page.index("</div>", page.index('id="error-summary"'))
    ]
    assert response.status_code == 200
    assert (
        '<a href="#id_questions-2-text">Question 3 · Text: This field is required.</a>' in summary
    )
    assert page.index('id="error-summary"') < page.index('<form method="post" novalidate>')
    assert '<fieldset class="card card-body mb-2" id="question-3">' in page
    assert f'<h1 class="h3">Edit “{saved_title}”</h1>' in page
    assert f'{saved_title}</a></li><li class="breadcrumb-item active"' in page
    with schema_context("alpha"):
        guide.refresh_from_db()
        assert guide.title == saved_title
    connection.set_schema_to_public()


def test_a_new_row_without_question_text_is_ignored_whatever_else_is_chosen_in_it(alpha):
    with schema_context("alpha"):
        guide = InterviewGuide.objects.get(language="de")
        questions = list(guide.questions.all())
    new = len(questions)
    data = guide_post(
        questions,
        {
            f"questions-{new}-result_topic": "needs",
            f"questions-{new}-ORDER": "3",
            f"questions-{new + 1}-text": "Was fehlt Ihnen am meisten?",
            f"questions-{new + 1}-result_topic": "needs",
        },
    )

    response = browser_of("carla", alpha).post(f"/analysis/guides/{guide.pk}/edit/", data)

    assert response.status_code == 302
    with schema_context("alpha"):
        texts = list(guide.questions.values_list("text", flat=True))
    assert len(texts) == len(questions) + 1 and texts[-1] == "Was fehlt Ihnen am meisten?"
    connection.set_schema_to_public()
