"""A measure may not wait, directly or through others, for itself."""

import pytest
from django.core.exceptions import ValidationError

from roadmap import services
from roadmap.graph import cycle_through
from roadmap.models import Measure
from tests.conftest import persona, signed_in_client
from tests.roadmap import helpers


def test_graph_without_the_new_edge_back_has_no_cycle() -> None:
    assert cycle_through({1: {2}, 2: {3}}, 4, [1]) is None


def test_graph_names_the_cycle_a_new_dependency_would_close() -> None:
    # 2 depends on 3, 3 on 1: letting 1 depend on 2 closes 1 → 2 → 3 → 1.
    assert cycle_through({2: {3}, 3: {1}}, 1, [2]) == [1, 2, 3, 1]


def test_graph_treats_a_dependency_on_itself_as_a_cycle() -> None:
    assert cycle_through({}, 5, [5]) == [5, 5]


def test_graph_replaces_the_nodes_old_dependencies() -> None:
    # 2 depends on 1 and 1 on 2 today; giving 1 no dependencies any more breaks the loop.
    assert cycle_through({1: {2}, 2: {1}}, 1, []) is None


def test_graph_finds_a_long_cycle_among_branches() -> None:
    edges = {1: {2, 5}, 2: {3}, 3: {4}, 5: {6}, 6: set()}
    assert cycle_through(edges, 4, [1]) == [4, 1, 2, 3, 4]


@pytest.fixture
def chain(in_alpha) -> tuple[Measure, Measure, Measure]:
    first, second, third = (
        helpers.measure("Breitband"),
        helpers.measure("WLAN in Schulen"),
        helpers.measure("Digitale Lernplattform"),
    )
    second.depends_on.add(first)
    third.depends_on.add(second)
    return first, second, third


def test_service_refuses_a_cycle_naming_every_measure_on_it(chain) -> None:
    first, _second, third = chain
    with pytest.raises(ValidationError) as refused:
        services.measure_save(measure=first, depends_on=[third], actor=persona("carla"))
    message = " ".join(refused.value.message_dict["depends_on"])
    assert "Breitband → Digitale Lernplattform → WLAN in Schulen → Breitband" in message
    assert list(first.depends_on.all()) == []


def test_service_refuses_a_measure_depending_on_itself(chain) -> None:
    first, _second, _third = chain
    with pytest.raises(ValidationError):
        services.measure_save(measure=first, depends_on=[first], actor=persona("carla"))


def test_service_accepts_dependencies_without_a_cycle(chain) -> None:
    first, _second, third = chain
    services.measure_save(measure=third, depends_on=[first], actor=persona("carla"))
    assert list(third.depends_on.all()) == [first]


def test_form_shows_the_cycle_and_keeps_the_measure_as_it_was(chain, alpha) -> None:
    first, _second, third = chain
    client = signed_in_client(persona("carla"), alpha)
    response = client.post(
        f"/roadmap/measures/{first.pk}/edit/",
        {"title": "Breitband", "priority": "2", "status": "planned", "depends_on": [third.pk]},
    )
    assert response.status_code == 200
    assert "would make a cycle" in response.content.decode()
    first.refresh_from_db()
    assert list(first.depends_on.all()) == []
