"""Interview guides: the seeded default in two languages, JSON round trip, copy and adapt."""

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
    data = {
        "title": "Leitfaden Musterstadt",
        "language": "de",
        "description": "",
        "questions-TOTAL_FORMS": str(len(questions) + 1),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, question in enumerate(questions):
        data |= {
            f"questions-{index}-id": question.pk,
            f"questions-{index}-result_topic": question.result_topic,
            f"questions-{index}-text": question.text,
            f"questions-{index}-ORDER": index + 2,
        }
    data["questions-0-DELETE"] = "on"
    new = len(questions)
    data |= {
        f"questions-{new}-result_topic": "needs",
        f"questions-{new}-text": "Was erwarten Sie vom Bürgerportal?",
        f"questions-{new}-ORDER": "1",
    }

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
