"""The topic taxonomy of a municipality: seeded in its language, then edited by the consultants."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from interviews.models import Finding, MaturityRating
from phases.models import Phase
from taxonomy import services
from taxonomy.method import TAXONOMY
from taxonomy.models import Dimension, Topic
from tests.conftest import browser_of, persona
from tests.interviews.factories import finding, phase_one_in, the_freeze


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


@pytest.mark.parametrize("name", ["Verwaltung", "verwaltung", " VERWALTUNG "])
def test_a_second_dimension_with_a_taken_name_is_refused_on_the_form_whatever_the_case(
    carla: Client, name: str
) -> None:
    response = carla.post("/taxonomy/dimensions/new/", {"name": name, "description": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": [f"There already is a dimension called “{name.strip()}”."]
    }
    assert "Please correct the following:" in response.content.decode()
    assert Dimension.objects.filter(name__iexact="verwaltung").count() == 1


def test_renaming_a_dimension_to_another_s_name_is_refused_and_the_heading_keeps_its_name(
    carla: Client,
) -> None:
    society = Dimension.objects.get(key="society")

    response = carla.post(
        f"/taxonomy/dimensions/{society.pk}/", {"name": "INFRASTRUKTUR", "description": ""}
    )

    page = html.unescape(response.content.decode())
    assert response.context["form"].errors == {
        "name": ["There already is a dimension called “INFRASTRUKTUR”."]
    }
    assert "Edit “Gesellschaft”" in page and "Edit “INFRASTRUKTUR”" not in page
    society.refresh_from_db()
    assert society.name == "Gesellschaft"


def test_a_dimension_keeps_its_own_name_when_its_description_changes(carla: Client) -> None:
    society = Dimension.objects.get(key="society")

    response = carla.post(
        f"/taxonomy/dimensions/{society.pk}/", {"name": "Gesellschaft", "description": "Alle"}
    )

    assert response.status_code == 302
    society.refresh_from_db()
    assert society.description == "Alle"


@pytest.mark.parametrize("spelling", [str, str.upper])
def test_a_topic_name_is_refused_on_the_form_when_its_dimension_has_it_in_any_case(
    carla: Client, spelling
) -> None:
    existing = Topic.objects.get(dimension__key="society", position=0)
    name = spelling(existing.name)

    response = carla.post(
        "/taxonomy/topics/new/",
        {"dimension": existing.dimension_id, "name": name, "description": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": [f"“Gesellschaft” already has a topic called “{name}”."]
    }
    assert Topic.objects.filter(name__iexact=existing.name).count() == 1


def test_the_same_topic_name_may_stand_in_another_dimension(carla: Client) -> None:
    existing = Topic.objects.get(dimension__key="society", position=0)
    other = Dimension.objects.get(key="administration")

    response = carla.post(
        "/taxonomy/topics/new/", {"dimension": other.pk, "name": existing.name, "description": ""}
    )

    assert response.status_code == 302
    assert Topic.objects.filter(name=existing.name).count() == 2


def test_the_save_itself_refuses_a_taken_name(in_alpha) -> None:
    with pytest.raises(ValidationError, match="There already is a dimension called"):
        services.dimension_save(dimension=Dimension(name="GESELLSCHAFT"))
    society = Dimension.objects.get(key="society")
    with pytest.raises(ValidationError, match="already has a topic called"):
        services.topic_save(
            topic=Topic(dimension=society, name=society.topics.first().name.lower())
        )


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


def test_consultant_removes_a_topic_and_is_told_so(carla: Client) -> None:
    topic = Topic.objects.get(dimension__key="administration", position=4)

    response = carla.post(f"/taxonomy/topics/{topic.pk}/delete/", follow=True)

    assert response.redirect_chain == [("/taxonomy/", 302)]
    assert shown_messages(response) == [f"“{topic.name}” was removed."]
    assert not Topic.objects.filter(pk=topic.pk).exists()
    assert Topic.objects.filter(dimension__key="administration").count() == 4


def test_removing_a_topic_asks_first_and_says_what_goes_with_it(carla: Client) -> None:
    filing = Topic.objects.get(dimension__key="administration", position=1)
    idle = Topic.objects.get(dimension__key="administration", position=4)
    finding("Files are on paper", topic_name="Electronic filing")
    finding("Scans are not searchable", topic_name="Electronic filing")
    MaturityRating.objects.create(topic=filing, level=2, rationale="Paper")

    page = html.unescape(carla.get("/taxonomy/").content.decode())

    assert (
        f'action="/taxonomy/topics/{filing.pk}/delete/" data-confirm="Remove the topic '
        f"“{filing.name}”? Its 2 coded findings stay, without a taxonomy topic. Its maturity "
        'rating is removed with it."'
    ) in page
    assert (
        f'action="/taxonomy/topics/{idle.pk}/delete/" '
        f'data-confirm="Remove the topic “{idle.name}”?"'
    ) in page


def test_removing_an_empty_dimension_asks_first_and_confirms(carla: Client) -> None:
    spare = Dimension.objects.create(key="spare", name="Spare", position=9)
    page = html.unescape(carla.get("/taxonomy/").content.decode())

    response = carla.post(f"/taxonomy/dimensions/{spare.pk}/delete/", follow=True)

    assert 'data-confirm="Remove the dimension “Spare”?"' in page
    assert shown_messages(response) == ["“Spare” was removed."]


# --- While the lead reviews Phase 1 -----------------------------------------------------------


@pytest.fixture
def filing() -> Topic:
    return Topic.objects.get(dimension__key="administration", position=1)


@pytest.mark.parametrize("state", [Phase.State.IN_REVIEW, Phase.State.APPROVED])
def test_a_topic_with_coded_findings_stays_while_in_review_or_after_the_sign_off(
    carla: Client, filing: Topic, state: str
) -> None:
    coded = finding("Files are on paper", topic_name="Electronic filing")
    phase_one_in(state)

    response = carla.post(f"/taxonomy/topics/{filing.pk}/delete/", follow=True)

    assert shown_messages(response) == [
        f"“{filing.name}” cannot be removed now: findings or a maturity rating of the Phase 1 "
        f"results rest on it. {the_freeze()}"
    ]
    assert Topic.objects.filter(pk=filing.pk).exists()
    assert Finding.objects.get(pk=coded.pk).topic_id == filing.pk


def test_a_rated_topic_stays_with_its_rating_while_in_review(carla: Client, filing: Topic) -> None:
    MaturityRating.objects.create(topic=filing, level=2, rationale="Paper")
    phase_one_in(Phase.State.IN_REVIEW)

    carla.post(f"/taxonomy/topics/{filing.pk}/delete/")

    assert MaturityRating.objects.get().topic_id == filing.pk


def test_a_topic_nothing_rests_on_can_still_be_removed_in_review(carla: Client) -> None:
    idle = Topic.objects.get(dimension__key="administration", position=4)
    phase_one_in(Phase.State.IN_REVIEW)

    response = carla.post(f"/taxonomy/topics/{idle.pk}/delete/", follow=True)

    assert shown_messages(response) == [f"“{idle.name}” was removed."]
    assert not Topic.objects.filter(pk=idle.pk).exists()


def test_sent_back_a_topic_with_findings_can_be_removed_again(in_alpha, filing: Topic) -> None:
    coded = finding("Files are on paper", topic_name="Electronic filing")
    phase_one_in(Phase.State.IN_REVIEW)
    phase_one_in(Phase.State.ACTIVE)

    services.topic_delete(topic=filing, actor=persona("carla"))

    assert Finding.objects.get(pk=coded.pk).topic is None


def test_a_topic_with_findings_keeps_its_dimension_in_review_but_may_be_renamed(
    carla: Client, filing: Topic
) -> None:
    finding("Files are on paper", topic_name="Electronic filing")
    phase_one_in(Phase.State.IN_REVIEW)
    society = Dimension.objects.get(key="society")

    moved = carla.post(
        f"/taxonomy/topics/{filing.pk}/",
        {"dimension": society.pk, "name": filing.name, "description": ""},
    )
    renamed = carla.post(
        f"/taxonomy/topics/{filing.pk}/",
        {"dimension": filing.dimension_id, "name": "E-Akte", "description": ""},
    )

    assert moved.status_code == 200
    assert moved.context["form"].errors == {
        "dimension": [
            f"“{filing.name}” cannot move to another dimension now: findings or a maturity "
            f"rating of the Phase 1 results rest on it. {the_freeze()}"
        ]
    }
    assert renamed.status_code == 302
    filing.refresh_from_db()
    assert (filing.dimension.key, filing.name) == ("administration", "E-Akte")


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
