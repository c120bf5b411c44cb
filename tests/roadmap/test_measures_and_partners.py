"""Measures and IT partners: what the roadmap refuses, and what a refusal keeps of the input."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from roadmap import selectors, services
from roadmap.models import ITPartner, Measure, PartnerComment
from tests.conftest import persona, signed_in_client
from tests.roadmap import helpers


def test_an_it_partner_that_differs_from_another_only_in_case_is_refused(in_alpha) -> None:
    services.partner_save(partner=ITPartner(name="KRZ Thüringen"), actor=persona("carla"))

    with pytest.raises(ValidationError) as refused:
        services.partner_save(partner=ITPartner(name="krz thüringen "), actor=persona("carla"))

    assert refused.value.message_dict == {
        "name": ["The IT partner “KRZ Thüringen” already exists."]
    }
    assert list(ITPartner.objects.values_list("name", flat=True)) == ["KRZ Thüringen"]


def test_a_partner_keeps_its_own_name_in_another_case(in_alpha) -> None:
    partner = helpers.partner("KRZ thüringen")
    partner.name = "KRZ Thüringen"
    services.partner_save(partner=partner, actor=persona("carla"))
    assert ITPartner.objects.get().name == "KRZ Thüringen"


def test_the_partner_form_says_the_partner_exists(in_alpha, alpha) -> None:
    helpers.partner("KRZ Thüringen")
    client = signed_in_client(persona("carla"), alpha)
    response = client.post("/roadmap/partners/new/", {"name": "krz THÜRINGEN"})
    assert response.status_code == 200
    assert "The IT partner “KRZ Thüringen” already exists." in response.content.decode()
    assert ITPartner.objects.count() == 1


def test_a_negative_cost_estimate_is_refused(in_alpha, alpha) -> None:
    measure = helpers.measure("E-Akte einführen", cost_estimate=Decimal(12000))
    with pytest.raises(ValidationError) as refused:
        services.measure_save(
            measure=Measure(title="Papier sparen", cost_estimate=Decimal(-5000)),
            actor=persona("carla"),
        )
    assert refused.value.message_dict == {"cost_estimate": ["A cost estimate cannot be negative."]}

    client = signed_in_client(persona("carla"), alpha)
    response = client.post(
        f"/roadmap/measures/{measure.pk}/edit/",
        {
            "title": "E-Akte einführen",
            "priority": "1",
            "status": "planned",
            "cost_estimate": "-5000",
        },
    )
    assert "A cost estimate cannot be negative." in response.content.decode()
    assert selectors.cost_total() == Decimal(12000)


def test_a_comment_without_a_partner_comes_back_with_its_text_and_the_error_at_the_field(
    in_alpha, alpha
) -> None:
    measure = helpers.measure("E-Akte einführen")
    helpers.partner("KRZ Thüringen")
    client = signed_in_client(persona("carla"), alpha)

    response = client.post(
        f"/roadmap/measures/{measure.pk}/comments/", {"text": "Schnittstelle erst ab 2028."}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Schnittstelle erst ab 2028.</textarea>" in page
    assert 'id="error_1_id_partner"' in page
    assert not PartnerComment.objects.exists()
