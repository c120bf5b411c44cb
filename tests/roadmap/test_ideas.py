"""Ideas: quick entry, sources, clustering, merging duplicates, placement, becoming measures."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from roadmap import selectors, services
from roadmap.models import Idea, Measure, Vote
from taxonomy.models import Topic
from tests.conftest import persona, signed_in_client
from tests.roadmap import helpers


@pytest.fixture
def held(in_alpha):
    return helpers.workshop()


def test_quick_entry_saves_and_comes_back_to_the_field_with_the_topic_kept(held, alpha) -> None:
    topic = Topic.objects.order_by("pk").first()
    client = signed_in_client(persona("carla"), alpha)
    response = client.post(
        f"/roadmap/workshops/{held.pk}/ideas/", {"title": "Digitale Bauanträge", "topic": topic.pk}
    )
    assert response["Location"].endswith(f"?topic={topic.pk}")
    page = client.get(response["Location"]).content.decode()
    assert f'<option value="{topic.pk}" selected>' in page
    assert "autofocus" in page
    idea = Idea.objects.get(title="Digitale Bauanträge")
    assert (idea.workshop, idea.topic, idea.created_by_id) == (held, topic, persona("carla").pk)


def test_quick_entry_without_text_saves_nothing(held, alpha) -> None:
    client = signed_in_client(persona("carla"), alpha)
    client.post(f"/roadmap/workshops/{held.pk}/ideas/", {"title": "  "})
    assert not Idea.objects.exists()


def test_merging_moves_the_dots_and_keeps_both_sources(held) -> None:
    survivor = helpers.idea("Online-Termine", held_in=held)
    duplicate = helpers.idea("Termine online buchen", held_in=held, source=Idea.Source.SURVEY)
    voter = services.voter_join(workshop=held, key="k", name="")
    Vote.objects.create(voter=voter, idea=duplicate, dot=1)

    services.idea_merge(duplicate=duplicate, into=survivor, actor=persona("carla"))

    [ranked] = selectors.ideas_ranked(held)
    assert ranked == survivor and ranked.dots == 1
    assert [d.get_source_display() for d in ranked.duplicates.all()] == ["Survey answer"]


def test_an_idea_cannot_be_merged_into_itself_or_into_a_merged_one(held) -> None:
    first, second, third = (helpers.idea(t, held_in=held) for t in ("A", "B", "C"))
    with pytest.raises(ValidationError):
        services.idea_merge(duplicate=first, into=first, actor=persona("carla"))
    services.idea_merge(duplicate=second, into=first, actor=persona("carla"))
    with pytest.raises(ValidationError, match="merge into that one"):
        services.idea_merge(duplicate=third, into=second, actor=persona("carla"))


def test_chosen_ideas_become_measures_in_one_step_keeping_the_link(held) -> None:
    topic = Topic.objects.order_by("pk").first()
    first = helpers.idea("E-Akte", held_in=held, topic=topic, impact=5, effort=4)
    second = helpers.idea("Bürger-App", held_in=held)
    made = services.ideas_to_measures(ideas=[first, second], actor=persona("carla"))

    assert sorted(m.title for m in made) == ["Bürger-App", "E-Akte"]
    first.refresh_from_db()
    assert first.measure.title == "E-Akte"
    assert list(first.measure.topics.all()) == [topic]
    assert first.measure.priority == Measure.Priority.HIGH
    assert list(first.measure.ideas.all()) == [first]


def test_an_idea_becomes_a_measure_only_once(held) -> None:
    idea = helpers.idea("E-Akte", held_in=held)
    services.ideas_to_measures(ideas=[idea], actor=persona("carla"))
    with pytest.raises(ValidationError):
        services.ideas_to_measures(ideas=[idea], actor=persona("carla"))
    assert Measure.objects.count() == 1


def test_a_lead_may_not_turn_ideas_into_measures(held) -> None:
    with pytest.raises(PermissionDenied):
        services.ideas_to_measures(ideas=[helpers.idea(held_in=held)], actor=persona("leo"))


def test_placement_takes_1_to_5_and_sorts_into_quadrants(held) -> None:
    quick = helpers.idea("Quick", held_in=held)
    services.idea_place(idea=quick, impact=5, effort=1, actor=persona("carla"))
    big = helpers.idea("Big", held_in=held)
    services.idea_place(idea=big, impact=4, effort=5, actor=persona("carla"))
    helpers.idea("Unplaced", held_in=held)
    with pytest.raises(ValidationError):
        services.idea_place(idea=quick, impact=6, effort=1, actor=persona("carla"))

    matrix = selectors.idea_matrix(held)
    assert [i.title for i in matrix["quick_win"]] == ["Quick"]
    assert [i.title for i in matrix["major_project"]] == ["Big"]
    assert [i.title for i in matrix["unplaced"]] == ["Unplaced"]


def test_ideas_cluster_by_topic_in_the_taxonomys_order(held) -> None:
    first_topic, second_topic = Topic.objects.order_by("dimension__position", "position")[:2]
    helpers.idea("Ohne Thema", held_in=held)
    helpers.idea("Zweites Thema", held_in=held, topic=second_topic)
    helpers.idea("Erstes Thema", held_in=held, topic=first_topic)
    clusters = selectors.ideas_by_topic(held)
    assert [topic for topic, _ideas in clusters] == [first_topic, second_topic, None]


def test_the_ranked_list_puts_most_dots_first(held, alpha) -> None:
    low = helpers.idea("Wenig Punkte", held_in=held)
    high = helpers.idea("Viele Punkte", held_in=held)
    voter = services.voter_join(workshop=held, key="k")
    Vote.objects.create(voter=voter, idea=high, dot=1)
    Vote.objects.create(voter=voter, idea=high, dot=2)
    Vote.objects.create(voter=voter, idea=low, dot=3)
    page = signed_in_client(persona("mia"), alpha).get("/roadmap/ideas/").content.decode()
    assert page.index("Viele Punkte") < page.index("Wenig Punkte")
    assert 'name="idea"' not in page  # members read; they choose nothing


def test_findings_are_taken_over_as_ideas_linked_to_them(in_alpha, alpha) -> None:
    from interviews.models import Finding

    finding = Finding.objects.create(
        statement="Bürger wünschen Online-Termine.",
        result_topic="needs",
        kind="need",
        source="other",
    )
    client = signed_in_client(persona("carla"), alpha)
    client.post("/roadmap/ideas/import/", {"finding": [finding.pk]})
    idea = Idea.objects.get()
    assert (idea.title, idea.source, idea.finding) == (finding.statement, "finding", finding)
    assert finding.statement not in client.get("/roadmap/ideas/import/").content.decode()


def _free_texts(count: int) -> list:
    from surveys.models import Answer, Response
    from tests.surveys.factories import group, q, small_survey

    survey = small_survey()
    answers = []
    for n in range(count):
        response = Response.objects.create(
            survey=survey, group=group("citizens"), channel="open", language="de"
        )
        answers.append(
            Answer.objects.create(response=response, question=q(survey, "ideas"), text=f"Idee {n}")
        )
    return answers


def test_free_text_answers_become_ideas_with_only_their_text(in_alpha, alpha) -> None:
    answers = _free_texts(10)  # the default threshold for free text is 2 × 5
    client = signed_in_client(persona("carla"), alpha)
    page = client.get("/roadmap/ideas/import/").content.decode()
    assert "Idee 3" in page and "citizens" not in page.lower()
    client.post("/roadmap/ideas/import/", {"answer": [answers[3].pk]})
    idea = Idea.objects.get()
    assert (idea.title, idea.source, idea.answer) == ("Idee 3", "survey", answers[3])
    assert idea.finding is None and idea.workshop is None


def test_an_idea_from_a_coded_answer_takes_the_topic_of_the_analysis(in_alpha, alpha) -> None:
    from surveys.models import TextCode, text_digest
    from taxonomy.models import Topic

    answers = _free_texts(10)
    topic = Topic.objects.order_by("pk").last()
    TextCode.objects.create(
        question=answers[3].question, text="Idee 3", text_digest=text_digest("Idee 3"), topic=topic
    )
    client = signed_in_client(persona("carla"), alpha)

    client.post("/roadmap/ideas/import/", {"answer": [answers[3].pk, answers[4].pk]})

    ideas = {idea.title: idea.topic for idea in Idea.objects.all()}
    assert ideas == {"Idee 3": topic, "Idee 4": answers[4].question.topic}


def test_a_text_many_gave_is_offered_once_and_taken_over_once(in_alpha, alpha) -> None:
    from surveys.models import Answer

    answers = _free_texts(12)
    Answer.objects.filter(pk__in=[answer.pk for answer in answers[4:]]).update(text="Freies WLAN")
    client = signed_in_client(persona("carla"), alpha)

    page = client.get("/roadmap/ideas/import/").content.decode()
    first = Answer.objects.filter(text="Freies WLAN").order_by("pk").first()

    assert page.count("Freies WLAN") == 1 and "(8 times)" in page
    client.post("/roadmap/ideas/import/", {"answer": [first.pk]})
    assert Idea.objects.get().title == "Freies WLAN"
    after = client.get("/roadmap/ideas/import/").content.decode()
    assert "Freies WLAN" not in after and "Idee 3" in after


def test_free_text_answers_of_too_few_respondents_are_not_offered(in_alpha, alpha) -> None:
    answers = _free_texts(9)
    client = signed_in_client(persona("carla"), alpha)
    assert "Idee 3" not in client.get("/roadmap/ideas/import/").content.decode()
    client.post("/roadmap/ideas/import/", {"answer": [answers[3].pk]})
    assert not Idea.objects.exists()
