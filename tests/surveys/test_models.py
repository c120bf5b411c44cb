"""What the data model itself guarantees."""

import pytest
from django.db import IntegrityError

from surveys.models import Answer, Recipient, Response, SurveySettings, token_hash


def test_a_token_is_stored_as_its_sha256_hex_digest() -> None:
    assert token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_a_response_has_no_field_that_could_link_it_to_an_invitation() -> None:
    names = {field.name for field in Response._meta.get_fields()}
    assert not names & {"recipient", "email", "open_link", "token", "submitted_at", "created_at"}
    assert Response._meta.get_field("submitted_on").get_internal_type() == "DateField"
    assert {field.name for field in Answer._meta.get_fields()}.isdisjoint({"recipient", "email"})
    assert "response" not in {field.name for field in Recipient._meta.get_fields()}


@pytest.mark.django_db
def test_the_database_refuses_a_minimum_group_size_below_three(in_alpha) -> None:
    with pytest.raises(IntegrityError):
        SurveySettings.objects.update_or_create(singleton=True, defaults={"min_group_size": 2})


@pytest.mark.django_db
def test_every_new_municipality_gets_the_four_groups_and_the_readiness_template(in_alpha) -> None:
    from surveys.models import Question, Survey, TargetGroup

    assert list(TargetGroup.objects.values_list("key", flat=True)) == [
        "employees",
        "citizens",
        "companies",
        "associations",
    ]
    template = Survey.objects.get(is_template=True)
    assert template.title_de and template.title_en
    questions = Question.objects.filter(survey=template)
    assert set(questions.values_list("dimension__key", flat=True)) >= {
        "administration",
        "infrastructure",
        "society",
    }
    assert questions.filter(counts_for_readiness=True).exists()
    assert questions.filter(kind="text").count() >= 2
    assert questions.filter(groups__key="employees").exists()
    assert questions.filter(topic__isnull=False).exists()
