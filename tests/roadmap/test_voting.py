"""Dot voting: a limited number of dots per participant, each dot spent once, from a phone."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from roadmap import services
from roadmap.models import Vote, Voter, Workshop
from tests.conftest import persona, signed_in_client
from tests.roadmap import helpers


@pytest.fixture
def voting(in_alpha) -> Workshop:
    held = helpers.open_workshop(dots=3)
    helpers.idea("Online-Termine", held_in=held)
    helpers.idea("E-Akte", held_in=held)
    return held


def voter(workshop: Workshop, key: str = "phone-1") -> Voter:
    return services.voter_join(workshop=workshop, key=key, name="Frau Beispiel")


def test_a_participant_places_dots_up_to_the_budget_and_no_more(voting) -> None:
    participant = voter(voting)
    idea = voting.ideas.get(title="Online-Termine")
    for _ in range(3):
        services.vote_cast(voter=participant, idea=idea)
    with pytest.raises(ValidationError, match="all your 3 dots"):
        services.vote_cast(voter=participant, idea=voting.ideas.get(title="E-Akte"))
    assert sorted(participant.votes.values_list("dot", flat=True)) == [1, 2, 3]


def test_a_withdrawn_dot_can_be_placed_again(voting) -> None:
    participant = voter(voting)
    first, second = voting.ideas.order_by("pk")
    for _ in range(3):
        services.vote_cast(voter=participant, idea=first)
    services.vote_withdraw(voter=participant, idea=first)
    services.vote_cast(voter=participant, idea=second)
    assert participant.votes.filter(idea=second).count() == 1
    assert participant.votes.count() == 3


def test_withdrawing_without_a_dot_on_the_idea_is_refused(voting) -> None:
    with pytest.raises(ValidationError, match="no dot"):
        services.vote_withdraw(voter=voter(voting), idea=voting.ideas.first())


def test_budgets_are_per_participant(voting) -> None:
    idea = voting.ideas.first()
    for key in ("phone-1", "phone-2"):
        for _ in range(3):
            services.vote_cast(voter=voter(voting, key), idea=idea)
    assert idea.votes.count() == 6


def test_the_database_refuses_a_dot_spent_twice(voting) -> None:
    participant = voter(voting)
    idea = voting.ideas.first()
    Vote.objects.create(voter=participant, idea=idea, dot=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(voter=participant, idea=voting.ideas.last(), dot=1)


def test_the_database_refuses_a_dot_beyond_the_budget(voting) -> None:
    participant, idea = voter(voting), voting.ideas.first()
    with pytest.raises(IntegrityError, match="over the budget"), transaction.atomic():
        Vote.objects.create(voter=participant, idea=idea, dot=4)


def test_no_voting_once_it_is_closed(voting) -> None:
    participant = voter(voting)
    services.workshop_voting_set(workshop=voting, is_open=False, actor=persona("carla"))
    participant.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.vote_cast(voter=participant, idea=voting.ideas.first())


def test_an_idea_of_another_workshop_cannot_be_voted_on(voting) -> None:
    elsewhere = helpers.idea("Fremde Idee", held_in=helpers.workshop("Anderer Workshop"))
    with pytest.raises(ValidationError, match="not up for voting"):
        services.vote_cast(voter=voter(voting), idea=elsewhere)


def test_a_merged_idea_cannot_be_voted_on(voting) -> None:
    duplicate, survivor = voting.ideas.order_by("pk")
    services.idea_merge(duplicate=duplicate, into=survivor, actor=persona("carla"))
    duplicate.refresh_from_db()
    with pytest.raises(ValidationError):
        services.vote_cast(voter=voter(voting), idea=duplicate)


def test_the_budget_cannot_drop_below_dots_already_placed(voting) -> None:
    participant = voter(voting)
    for _ in range(3):
        services.vote_cast(voter=participant, idea=voting.ideas.first())
    voting.dots_per_participant = 2
    with pytest.raises(ValidationError):
        services.workshop_save(workshop=voting, actor=persona("carla"))


def test_only_the_hash_of_the_voting_link_is_stored(in_alpha) -> None:
    held = helpers.workshop("Neuer Workshop")
    token = services.workshop_link_issue(workshop=held, actor=persona("carla"))
    held.refresh_from_db()
    assert token not in held.token_hash
    assert held.token_hash == services.token_hash(token)
    assert services.workshop_for_token(token) == held


def test_a_new_link_stops_the_old_one(in_alpha) -> None:
    held = helpers.workshop("Neuer Workshop")
    old = services.workshop_link_issue(workshop=held, actor=persona("carla"))
    services.workshop_link_issue(workshop=held, actor=persona("carla"))
    assert services.workshop_for_token(old) is None


# --- Through the link, on a phone, with no account -------------------------------------------


def phone(alpha) -> Client:
    return Client(HTTP_HOST=f"{alpha.slug}.localhost", HTTP_USER_AGENT="iPhone")


def test_a_participant_joins_and_votes_through_the_link_without_an_account(voting, alpha) -> None:
    browser = phone(alpha)
    link = f"/roadmap/vote/{helpers.VOTING_TOKEN}/"
    assert "Start voting" in browser.get(link).content.decode()
    browser.post(link, {"join": "1", "name": "Herr Muster"})
    idea = voting.ideas.get(title="E-Akte")

    for _ in range(4):
        browser.post(link, {"idea": idea.pk, "action": "add"})
    page = browser.get(link).content.decode()

    participant = Voter.objects.get(workshop=voting)
    assert participant.name == "Herr Muster"
    assert participant.votes.count() == 3
    assert "0 dots left" in page


def test_two_phones_are_two_participants_and_an_anonymous_one_has_no_name(voting, alpha) -> None:
    link = f"/roadmap/vote/{helpers.VOTING_TOKEN}/"
    for name in ("Anna", ""):
        browser = phone(alpha)
        browser.post(link, {"join": "1", "name": name})
        browser.post(link, {"idea": voting.ideas.first().pk, "action": "add"})
    assert sorted(Voter.objects.values_list("name", flat=True)) == ["", "Anna"]
    assert Vote.objects.count() == 2


def test_a_forged_voter_cookie_counts_for_nothing(voting, alpha) -> None:
    browser = phone(alpha)
    browser.post(f"/roadmap/vote/{helpers.VOTING_TOKEN}/", {"join": "1"})
    key = Voter.objects.get().key
    forged = phone(alpha)
    forged.cookies[f"ww_voter_{voting.pk}"] = key  # the key without the server's signature
    forged.post(
        f"/roadmap/vote/{helpers.VOTING_TOKEN}/", {"idea": voting.ideas.first().pk, "action": "add"}
    )
    assert Vote.objects.count() == 0


def test_a_wrong_or_closed_link_shows_nothing_of_the_workshop(voting, alpha) -> None:
    browser = phone(alpha)
    response = browser.get("/roadmap/vote/guessed-token/")
    assert response.status_code == 403
    assert "Online-Termine" not in response.content.decode()
    Workshop.objects.filter(pk=voting.pk).update(voting_open=False)
    assert browser.get(f"/roadmap/vote/{helpers.VOTING_TOKEN}/").status_code == 403


def test_the_link_of_one_municipality_does_not_open_on_another(voting, beta) -> None:
    browser = Client(HTTP_HOST=f"{beta.slug}.localhost")
    assert browser.get(f"/roadmap/vote/{helpers.VOTING_TOKEN}/").status_code == 403


def test_the_consultant_sees_the_new_link_once(in_alpha, alpha) -> None:
    held = helpers.workshop("Neuer Workshop")
    client = signed_in_client(persona("carla"), alpha)
    client.post(f"/roadmap/workshops/{held.pk}/link/")
    first = client.get(f"/roadmap/workshops/{held.pk}/").content.decode()
    again = client.get(f"/roadmap/workshops/{held.pk}/").content.decode()
    assert "/roadmap/vote/" in first
    assert "/roadmap/vote/" not in again
