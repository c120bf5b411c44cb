"""The topic taxonomy of a municipality: seeded in its language, then edited by the consultants."""

import html

import pytest
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from taxonomy.method import TAXONOMY
from taxonomy.models import Dimension, Topic
from tests.conftest import browser_of


@pytest.fixture
def carla(in_alpha) -> Client:
    return browser_of("carla", in_alpha)


def seeded() -> list[tuple[str, str, list[str]]]:
    return [
        (dimension.key, dimension.name, [topic.name for topic in dimension.topics.all()])
        for dimension in Dimension.objects.prefetch_related("topics")
    ]


def method_in(language: str) -> list[tuple[str, str, list[str]]]:
    with translation.override(language):
        return [(key, str(name), [str(t) for t in topics]) for key, name, topics in TAXONOMY]


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Seeding ---------------------------------------------------------------------------------


def test_municipality_is_seeded_with_three_dimensions_in_german(in_alpha) -> None:
    taxonomy = seeded()

    assert [(key, name) for key, name, _ in taxonomy] == [
        ("administration", "Verwaltung"),
        ("infrastructure", "Infrastruktur"),
        ("society", "Gesellschaft"),
    ]
    assert [len(topics) for _, _, topics in taxonomy] == [5, 5, 4]
    assert taxonomy == method_in("de")


def test_english_municipality_is_seeded_in_english(beta) -> None:
    with schema_context(beta.schema_name):
        taxonomy = seeded()

    assert taxonomy == [
        (
            "administration",
            "Administration",
            [
                "Digital business processes",
                "Electronic filing",
                "Citizen ID",
                "App strategies",
                "Home office",
            ],
        ),
        (
            "infrastructure",
            "Infrastructure",
            [
                "Interacting infrastructure",
                "Data strategy",
                "Media database",
                "Use of machine learning",
                "Agility & real-time",
            ],
        ),
        (
            "society",
            "Society",
            [
                "Information & decision-making behaviour",
                "Digitally connected objects & processes",
                "Velocity",
                "Socio-technical change",
            ],
        ),
    ]


def test_taxonomy_page_lists_dimensions_and_topics(beta) -> None:
    response = browser_of("berta", beta).get("/taxonomy/")

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for dimension in ("Administration", "Infrastructure", "Society"):
        assert dimension in page
    assert "Agility & real-time" in page
    assert "Add dimension" not in page


def test_each_municipality_edits_its_own_taxonomy(carla: Client, beta) -> None:
    topic = Topic.objects.get(dimension__key="administration", position=0)

    carla.post(
        f"/taxonomy/topics/{topic.pk}/",
        {"dimension": topic.dimension_id, "name": "Digitale Prozesse", "description": ""},
    )

    with schema_context(beta.schema_name):
        assert Topic.objects.get(pk=topic.pk).name == "Digital business processes"


# --- Editing ---------------------------------------------------------------------------------


def test_consultant_edits_a_topic(carla: Client) -> None:
    topic = Topic.objects.get(dimension__key="infrastructure", position=1)
    society = Dimension.objects.get(key="society")

    response = carla.post(
        f"/taxonomy/topics/{topic.pk}/",
        {"dimension": society.pk, "name": "Open data", "description": "Publishing data sets"},
        follow=True,
    )

    assert response.redirect_chain == [("/taxonomy/", 302)]
    assert shown_messages(response) == ["Saved."]
    topic.refresh_from_db()
    assert (topic.dimension, topic.name, topic.description) == (
        society,
        "Open data",
        "Publishing data sets",
    )


def test_consultant_adds_a_topic_at_the_end_of_its_dimension(carla: Client) -> None:
    society = Dimension.objects.get(key="society")
    form = carla.get(f"/taxonomy/topics/new/?dimension={society.pk}")
    assert form.context["form"].initial["dimension"] == society.pk

    response = carla.post(
        "/taxonomy/topics/new/", {"dimension": society.pk, "name": "Civic tech", "description": ""}
    )

    assert response.status_code == 302
    names = list(society.topics.values_list("name", flat=True))
    assert len(names) == 5 and names[-1] == "Civic tech"
    assert society.topics.get(name="Civic tech").position == 4


@pytest.mark.parametrize("dimension", ["abc", "1²", "99999"])
def test_new_topic_form_ignores_a_dimension_that_is_not_there(
    carla: Client, dimension: str
) -> None:
    response = carla.get("/taxonomy/topics/new/", {"dimension": dimension})

    assert response.status_code == 200
    assert response.context["form"].initial.get("dimension") is None


def test_topic_name_must_be_unique_within_its_dimension(carla: Client) -> None:
    existing = Topic.objects.get(dimension__key="society", position=0)

    response = carla.post(
        "/taxonomy/topics/new/",
        {"dimension": existing.dimension_id, "name": existing.name, "description": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Topic.objects.filter(name=existing.name).count() == 1


def test_consultant_adds_a_dimension_after_the_last_one(carla: Client) -> None:
    response = carla.post(
        "/taxonomy/dimensions/new/", {"name": "Öffentliche Sicherheit", "description": ""}
    )

    assert response.status_code == 302
    added = Dimension.objects.get(name="Öffentliche Sicherheit")
    assert added.key == "offentliche-sicherheit"
    assert list(Dimension.objects.values_list("name", flat=True))[-1] == "Öffentliche Sicherheit"
    assert added.position > Dimension.objects.get(key="society").position


def test_dimension_with_a_name_like_another_gets_its_own_key(carla: Client) -> None:
    carla.post("/taxonomy/dimensions/new/", {"name": "Administration", "description": ""})

    added = Dimension.objects.exclude(key="administration").get(name="Administration")
    assert added.key == "administration-2"


def test_consultant_renames_a_dimension_keeping_its_key(carla: Client) -> None:
    dimension = Dimension.objects.get(key="society")

    carla.post(
        f"/taxonomy/dimensions/{dimension.pk}/",
        {"name": "Stadtgesellschaft", "description": "Bürgerinnen und Bürger"},
    )

    dimension.refresh_from_db()
    assert (dimension.key, dimension.name) == ("society", "Stadtgesellschaft")


# --- Deleting --------------------------------------------------------------------------------


def test_dimension_with_topics_cannot_be_deleted(carla: Client) -> None:
    dimension = Dimension.objects.get(key="society")

    response = carla.post(f"/taxonomy/dimensions/{dimension.pk}/delete/", follow=True)

    assert response.redirect_chain == [("/taxonomy/", 302)]
    assert shown_messages(response) == [f"Move or delete the topics of “{dimension.name}” first."]
    assert Dimension.objects.filter(pk=dimension.pk).exists()
    assert dimension.topics.count() == 4


def test_empty_dimension_can_be_deleted(carla: Client) -> None:
    dimension = Dimension.objects.create(key="spare", name="Spare", position=9)

    response = carla.post(f"/taxonomy/dimensions/{dimension.pk}/delete/")

    assert response.status_code == 302
    assert not Dimension.objects.filter(pk=dimension.pk).exists()


def test_consultant_removes_a_topic(carla: Client) -> None:
    topic = Topic.objects.get(dimension__key="administration", position=4)

    response = carla.post(f"/taxonomy/topics/{topic.pk}/delete/")

    assert response.status_code == 302
    assert not Topic.objects.filter(pk=topic.pk).exists()
    assert Topic.objects.filter(dimension__key="administration").count() == 4


# --- Who may edit ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["leo", "mia"])
def test_municipal_lead_and_member_see_the_taxonomy_but_cannot_edit_it(in_alpha, name: str) -> None:
    client = browser_of(name, in_alpha)
    dimension = Dimension.objects.get(key="society")
    topic = dimension.topics.first()
    before = seeded()

    page = client.get("/taxonomy/")
    responses = [
        client.get("/taxonomy/dimensions/new/"),
        client.post("/taxonomy/dimensions/new/", {"name": "Mine"}),
        client.post(f"/taxonomy/dimensions/{dimension.pk}/", {"name": "Renamed"}),
        client.post(f"/taxonomy/dimensions/{dimension.pk}/delete/"),
        client.get("/taxonomy/topics/new/"),
        client.post(
            f"/taxonomy/topics/{topic.pk}/", {"dimension": dimension.pk, "name": "Renamed"}
        ),
        client.post(f"/taxonomy/topics/{topic.pk}/delete/"),
    ]

    assert page.status_code == 200
    assert page.context["may_edit"] is False
    assert "Add topic" not in page.content.decode()
    assert [response.status_code for response in responses] == [403] * 7
    assert seeded() == before


@pytest.mark.parametrize("name", ["otto", "bert", "berta"])
def test_users_without_a_role_here_cannot_see_or_edit_the_taxonomy(in_alpha, name: str) -> None:
    client = browser_of(name, in_alpha)
    topic = Topic.objects.first()

    assert client.get("/taxonomy/").status_code == 403
    assert client.post(f"/taxonomy/topics/{topic.pk}/delete/").status_code == 403
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_firm_admin_may_edit_the_taxonomy(in_alpha) -> None:
    client = browser_of("fiona", in_alpha)

    assert client.get("/taxonomy/").context["may_edit"] is True
    response = client.post("/taxonomy/dimensions/new/", {"name": "Education", "description": ""})
    assert response.status_code == 302
    assert Dimension.objects.filter(key="education").exists()


def test_topic_of_the_other_municipality_is_not_found(carla: Client, beta) -> None:
    with schema_context(beta.schema_name):
        dimension = Dimension.objects.create(key="bergdorf-only", name="Bergdorf only", position=9)
        topic = Topic.objects.create(dimension=dimension, name="Alpine tourism")

    assert carla.get(f"/taxonomy/topics/{topic.pk}/").status_code == 404
    assert carla.post(f"/taxonomy/dimensions/{dimension.pk}/delete/").status_code == 404
