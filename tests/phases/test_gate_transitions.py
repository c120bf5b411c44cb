"""The phase gate: which transitions each role may make, and that a refused one changes nothing.

Every transition goes through phases.services; the view tests at the end check that the same
rules reach the user as messages (or a 403) on the municipality's site.
"""

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import AuditEntry, User
from engagements.models import Municipality
from phases import services
from phases.models import Activity, GateEvent, Phase
from tests.conftest import browser_of, persona

State = Phase.State


def phase(number: int) -> Phase:
    return Phase.objects.get(number=number)


def states() -> list[str]:
    return list(Phase.objects.order_by("number").values_list("state", flat=True))


def summary(municipality: Municipality) -> tuple[int, str]:
    municipality.refresh_from_db(fields=["current_phase", "current_phase_state"])
    return municipality.current_phase, municipality.current_phase_state


def snapshot(municipality: Municipality) -> tuple:
    """Everything a gate transition may touch."""
    return (
        states(),
        list(Activity.objects.order_by("id").values_list("id", "status", "phase_id")),
        GateEvent.objects.count(),
        AuditEntry.objects.count(),
        summary(municipality),
    )


def names_phase_and_state(message: str, refused: Phase) -> bool:
    """A refusal names the phase and the state it is in; the exact wording is the translators'."""
    state = refused.get_state_display().lower()
    return f"“{refused.title}”" in message and state in message.lower()


def finish_activities(number: int) -> Phase:
    Activity.objects.filter(phase__number=number).update(status=Activity.Status.DONE)
    return phase(number)


def submitted(number: int = 1) -> Phase:
    return services.phase_submit_for_review(
        phase=finish_activities(number), actor=persona("carla")
    ).phase


def approved(number: int = 1) -> Phase:
    return services.phase_approve(phase=submitted(number), actor=persona("leo")).phase


# The stage of phase 1 at which each transition is allowed, for a user who may make it.
STAGES: dict[str, Callable[[], Phase]] = {
    "submit": lambda: finish_activities(1),
    "approve": submitted,
    "return": submitted,
    "reopen": approved,
}
TRANSITIONS: dict[str, Callable[[Phase, User], GateEvent]] = {
    "submit": lambda p, actor: services.phase_submit_for_review(
        phase=p, actor=actor, comment="Ready for review"
    ),
    "approve": lambda p, actor: services.phase_approve(phase=p, actor=actor, comment="Well done"),
    "return": lambda p, actor: services.phase_return(
        phase=p, actor=actor, comment="Two interviews are missing"
    ),
    "reopen": lambda p, actor: services.phase_reopen(
        phase=p, actor=actor, reason="The council changed the scope"
    ),
}


# --- Allowed transitions -------------------------------------------------------------------


def test_consultant_can_submit_phase_when_required_activities_are_done(in_alpha) -> None:
    carla = persona("carla")
    before = timezone.now()

    event = services.phase_submit_for_review(
        phase=finish_activities(1), actor=carla, comment="All interviews held"
    )

    assert states() == [State.IN_REVIEW, State.LOCKED, State.LOCKED, State.LOCKED]
    assert event.kind == GateEvent.Kind.SUBMITTED
    assert (event.actor, event.actor_name, event.comment) == (carla, "Carla", "All interviews held")
    assert before <= event.created_at <= timezone.now()
    assert event.notified_at is None
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PHASE_SUBMITTED)
    assert (entry.actor, entry.actor_email) == (carla, "carla@example.org")
    assert (entry.municipality_id, entry.municipality_name) == (in_alpha.pk, "Altstadt")
    assert entry.target == str(phase(1))
    assert entry.details == {"comment": "All interviews held"}
    assert summary(in_alpha) == (1, State.IN_REVIEW)


def test_skipped_and_optional_activities_do_not_block_submission(in_alpha) -> None:
    first, second, *rest = phase(1).activities.order_by("position")
    Activity.objects.filter(pk=first.pk).update(
        status=Activity.Status.SKIPPED, skip_reason="Held last year"
    )
    Activity.objects.filter(pk=second.pk).update(required_for_gate=False)
    Activity.objects.filter(pk__in=[a.pk for a in rest]).update(status=Activity.Status.DONE)

    services.phase_submit_for_review(phase=phase(1), actor=persona("carla"))

    assert phase(1).state == State.IN_REVIEW


def test_firm_admin_can_submit_phase(in_alpha) -> None:
    services.phase_submit_for_review(phase=finish_activities(1), actor=persona("fiona"))

    assert phase(1).state == State.IN_REVIEW


def test_lead_approval_records_sign_off_and_opens_next_phase(in_alpha) -> None:
    leo = persona("leo")
    in_review = submitted(1)
    before = timezone.now()

    event = services.phase_approve(phase=in_review, actor=leo, comment="Good groundwork")

    assert states() == [State.APPROVED, State.ACTIVE, State.LOCKED, State.LOCKED]
    assert before <= phase(2).activated_at <= timezone.now()
    sign_off = GateEvent.objects.get(kind=GateEvent.Kind.APPROVED)
    assert sign_off == event
    assert (sign_off.actor, sign_off.actor_name) == (leo, "Leo")
    assert sign_off.comment == "Good groundwork"
    assert before <= sign_off.created_at <= timezone.now()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.GATE_APPROVED)
    assert (entry.actor, entry.municipality_id, entry.target) == (leo, in_alpha.pk, str(phase(1)))
    assert entry.details == {"comment": "Good groundwork"}
    assert summary(in_alpha) == (2, State.ACTIVE)


def test_approval_without_comment_leaves_comment_empty(in_alpha) -> None:
    event = services.phase_approve(phase=submitted(1), actor=persona("leo"))

    assert event.comment == ""
    assert AuditEntry.objects.get(action=AuditEntry.Action.GATE_APPROVED).details == {}


def test_approving_the_last_phase_marks_the_engagement_approved(in_alpha) -> None:
    Phase.objects.filter(number__lt=4).update(state=State.APPROVED)
    Phase.objects.filter(number=4).update(state=State.ACTIVE)

    approved(4)

    assert states() == [State.APPROVED] * 4
    assert summary(in_alpha) == (4, State.APPROVED)


def test_signing_off_the_last_phase_says_the_engagement_is_complete(in_alpha) -> None:
    Phase.objects.filter(number__lt=4).update(state=State.APPROVED)
    Phase.objects.filter(number=4).update(state=State.ACTIVE)
    submitted(4)

    response = post_transition(browser_of("leo", in_alpha), 4, "approve")

    assert shown_messages(response) == ["Phase approved. All four phases are complete."]


def test_lead_returns_phase_with_comment_back_to_active(in_alpha) -> None:
    leo = persona("leo")

    event = services.phase_return(phase=submitted(1), actor=leo, comment="Add the IT plan")

    assert states() == [State.ACTIVE, State.LOCKED, State.LOCKED, State.LOCKED]
    assert (event.kind, event.actor, event.comment) == (
        GateEvent.Kind.RETURNED,
        leo,
        "Add the IT plan",
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.GATE_RETURNED)
    assert (entry.actor, entry.details) == (leo, {"comment": "Add the IT plan"})
    assert summary(in_alpha) == (1, State.ACTIVE)


def test_returned_phase_can_be_submitted_again(in_alpha) -> None:
    services.phase_return(phase=submitted(1), actor=persona("leo"), comment="Add the IT plan")

    services.phase_submit_for_review(phase=phase(1), actor=persona("carla"))

    assert phase(1).state == State.IN_REVIEW
    assert list(GateEvent.objects.order_by("created_at", "id").values_list("kind", flat=True)) == [
        GateEvent.Kind.SUBMITTED,
        GateEvent.Kind.RETURNED,
        GateEvent.Kind.SUBMITTED,
    ]


@pytest.mark.parametrize("reopener", ["leo", "carla"])
def test_reopening_approved_phase_locks_next_phase_and_keeps_its_activities(
    in_alpha, reopener: str
) -> None:
    approved(1)
    next_phase = phase(2)
    first = next_phase.activities.order_by("position").first()
    Activity.objects.filter(pk=first.pk).update(status=Activity.Status.DONE, notes="Survey sent")
    added = Activity.objects.create(phase=next_phase, title="Extra survey wave", position=9)
    work_before = list(next_phase.activities.order_by("id").values_list("id", "status", "notes"))
    actor = persona(reopener)

    event = services.phase_reopen(phase=phase(1), actor=actor, reason="Council changed scope")

    assert states() == [State.ACTIVE, State.LOCKED, State.LOCKED, State.LOCKED]
    assert list(next_phase.activities.order_by("id").values_list("id", "status", "notes")) == (
        work_before
    )
    assert Activity.objects.filter(pk=added.pk).exists()
    assert (event.kind, event.actor, event.comment) == (
        GateEvent.Kind.REOPENED,
        actor,
        "Council changed scope",
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PHASE_REOPENED)
    assert (entry.actor, entry.details) == (actor, {"comment": "Council changed scope"})
    assert summary(in_alpha) == (1, State.ACTIVE)


def test_approving_a_reopened_phase_opens_the_next_phase_again_with_its_work(in_alpha) -> None:
    approved(1)
    Activity.objects.filter(phase__number=2).update(status=Activity.Status.DONE)
    services.phase_reopen(phase=phase(1), actor=persona("leo"), reason="Council changed scope")

    approved(1)

    assert states() == [State.APPROVED, State.ACTIVE, State.LOCKED, State.LOCKED]
    assert set(Activity.objects.filter(phase__number=2).values_list("status", flat=True)) == {
        Activity.Status.DONE
    }


# --- Forbidden transitions: wrong role ----------------------------------------------------


# Consultants do not sign, leads do not submit, firm admins never sign a gate; a member, an
# account without a role and the people of the other municipality can do nothing at all.
WRONG_ROLE = [
    ("carla", "approve"),
    ("carla", "return"),
    ("leo", "submit"),
    ("fiona", "approve"),
    ("fiona", "return"),
    *(
        (name, transition)
        for name in ("mia", "otto", "bert", "berta")
        for transition in TRANSITIONS
    ),
]


@pytest.mark.parametrize(("actor_name", "transition"), WRONG_ROLE)
def test_user_without_the_role_for_a_transition_changes_nothing(
    in_alpha, actor_name: str, transition: str
) -> None:
    ready = STAGES[transition]()
    before = snapshot(in_alpha)

    with pytest.raises(PermissionDenied):
        TRANSITIONS[transition](ready, persona(actor_name))

    assert snapshot(in_alpha) == before


def test_deactivated_lead_cannot_approve_phase(in_alpha) -> None:
    in_review = submitted(1)
    leo = persona("leo")
    User.objects.filter(pk=leo.pk).update(is_active=False)
    leo.refresh_from_db()
    before = snapshot(in_alpha)

    with pytest.raises(PermissionDenied):
        services.phase_approve(phase=in_review, actor=leo)

    assert snapshot(in_alpha) == before


# --- Forbidden transitions: wrong state ---------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "number", "transition", "actor_name"),
    [
        ("ready", 1, "approve", "leo"),
        ("ready", 1, "return", "leo"),
        ("ready", 1, "reopen", "leo"),
        ("ready", 2, "submit", "carla"),
        ("ready", 2, "approve", "leo"),
        ("ready", 2, "reopen", "carla"),
        ("in_review", 1, "submit", "carla"),
        ("in_review", 1, "reopen", "leo"),
        ("approved", 1, "submit", "carla"),
        ("approved", 1, "approve", "leo"),
        ("approved", 1, "return", "leo"),
    ],
)
def test_transition_from_the_wrong_state_is_refused_and_changes_nothing(
    in_alpha, stage: str, number: int, transition: str, actor_name: str
) -> None:
    finish_activities(2)
    {"ready": finish_activities, "in_review": submitted, "approved": approved}[stage](1)
    before = snapshot(in_alpha)

    with pytest.raises(ValidationError) as refused:
        TRANSITIONS[transition](phase(number), persona(actor_name))

    [message] = refused.value.messages
    assert message.startswith("This is not possible while")
    assert names_phase_and_state(message, phase(number))
    assert snapshot(in_alpha) == before


def test_consultant_cannot_submit_phase_with_open_required_activities(in_alpha) -> None:
    first, second, third, *rest = phase(1).activities.order_by("position")
    Activity.objects.filter(pk=first.pk).update(status=Activity.Status.DONE)
    Activity.objects.filter(pk=second.pk).update(status=Activity.Status.IN_PROGRESS)
    Activity.objects.filter(pk=third.pk).update(required_for_gate=False)
    before = snapshot(in_alpha)

    with pytest.raises(ValidationError) as refused:
        services.phase_submit_for_review(phase=phase(1), actor=persona("carla"))

    open_titles = [second.title, *(activity.title for activity in rest)]
    assert refused.value.messages == [
        f"These required activities are not done yet: {', '.join(open_titles)}."
    ]
    assert first.title not in refused.value.messages[0]
    assert third.title not in refused.value.messages[0]
    assert snapshot(in_alpha) == before


@pytest.mark.parametrize("comment", ["", "   \n"])
def test_lead_cannot_return_phase_without_saying_what_to_change(in_alpha, comment: str) -> None:
    in_review = submitted(1)
    before = snapshot(in_alpha)

    with pytest.raises(ValidationError) as refused:
        services.phase_return(phase=in_review, actor=persona("leo"), comment=comment)

    assert refused.value.message_dict == {
        "comment": ["Say what needs to change before the sign-off."]
    }
    assert snapshot(in_alpha) == before


@pytest.mark.parametrize("reason", ["", "  "])
def test_lead_cannot_reopen_phase_without_a_reason(in_alpha, reason: str) -> None:
    done = approved(1)
    before = snapshot(in_alpha)

    with pytest.raises(ValidationError) as refused:
        services.phase_reopen(phase=done, actor=persona("leo"), reason=reason)

    assert refused.value.message_dict == {"comment": ["Give a reason for reopening this phase."]}
    assert snapshot(in_alpha) == before


@pytest.mark.parametrize("next_state", [State.IN_REVIEW, State.APPROVED])
def test_reopening_is_refused_while_the_next_phase_is_in_review_or_approved(
    in_alpha, next_state: str
) -> None:
    approved(1)
    submitted(2)
    if next_state == State.APPROVED:
        services.phase_approve(phase=phase(2), actor=persona("leo"))
    before = snapshot(in_alpha)

    with pytest.raises(ValidationError) as refused:
        services.phase_reopen(phase=phase(1), actor=persona("leo"), reason="Council changed scope")

    [message] = refused.value.messages
    assert names_phase_and_state(message, phase(2))
    assert message.endswith("reopen or send back that phase first.")
    assert snapshot(in_alpha) == before


def test_stale_phase_object_cannot_be_approved_twice(in_alpha) -> None:
    # The service re-reads the phase under a lock, so a second click on an old page is refused.
    stale = submitted(1)
    services.phase_approve(phase=stale, actor=persona("leo"))
    before = snapshot(in_alpha)

    with pytest.raises(ValidationError):
        services.phase_approve(phase=stale, actor=persona("leo"))

    assert snapshot(in_alpha) == before


# --- Through the municipality's site ------------------------------------------------------


def post_transition(client: Client, number: int, transition: str, comment: str = ""):
    return client.post(f"/phases/{number}/{transition}/", {"comment": comment}, follow=True)


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_consultant_submits_phase_on_the_site(in_alpha) -> None:
    finish_activities(1)

    response = post_transition(browser_of("carla", in_alpha), 1, "submit", "Please review")

    assert response.redirect_chain == [("/phases/1/", 302)]
    assert shown_messages(response) == ["Submitted for review."]
    assert phase(1).state == State.IN_REVIEW
    assert GateEvent.objects.get().comment == "Please review"


def test_site_names_the_open_required_activities_when_submission_is_refused(in_alpha) -> None:
    open_titles = list(phase(1).activities.order_by("position").values_list("title", flat=True))
    before = snapshot(in_alpha)

    response = post_transition(browser_of("carla", in_alpha), 1, "submit")

    assert shown_messages(response) == [
        f"These required activities are not done yet: {', '.join(open_titles)}."
    ]
    assert snapshot(in_alpha) == before


def test_lead_approves_phase_on_the_site(in_alpha) -> None:
    submitted(1)

    response = post_transition(browser_of("leo", in_alpha), 1, "approve", "Agreed")

    assert shown_messages(response) == ["Phase approved. The next phase is open."]
    assert states() == [State.APPROVED, State.ACTIVE, State.LOCKED, State.LOCKED]
    assert GateEvent.objects.filter(kind=GateEvent.Kind.APPROVED, comment="Agreed").exists()
    assert "Agreed" in response.content.decode()


def test_lead_must_give_a_comment_to_send_a_phase_back_on_the_site(in_alpha) -> None:
    submitted(1)
    client = browser_of("leo", in_alpha)
    before = snapshot(in_alpha)

    refused = post_transition(client, 1, "return")

    assert shown_messages(refused) == ["Say what needs to change before the sign-off."]
    assert snapshot(in_alpha) == before

    sent_back = post_transition(client, 1, "return", "Add the IT plan")

    assert shown_messages(sent_back) == ["Sent back to the consultants."]
    assert phase(1).state == State.ACTIVE


def test_lead_reopens_phase_on_the_site_with_a_reason(in_alpha) -> None:
    approved(1)
    client = browser_of("leo", in_alpha)

    refused = post_transition(client, 1, "reopen")
    assert shown_messages(refused) == ["Give a reason for reopening this phase."]
    assert phase(1).state == State.APPROVED

    reopened = post_transition(client, 1, "reopen", "Council changed scope")
    assert shown_messages(reopened) == ["Phase reopened."]
    assert states() == [State.ACTIVE, State.LOCKED, State.LOCKED, State.LOCKED]
    assert GateEvent.objects.filter(
        kind=GateEvent.Kind.REOPENED, comment="Council changed scope"
    ).exists()


def test_site_explains_why_an_active_phase_cannot_be_approved(in_alpha) -> None:
    finish_activities(1)
    before = snapshot(in_alpha)

    response = post_transition(browser_of("leo", in_alpha), 1, "approve")

    [message] = shown_messages(response)
    assert message.startswith("This is not possible while")
    assert names_phase_and_state(message, phase(1))
    assert snapshot(in_alpha) == before


@pytest.mark.parametrize(
    ("actor_name", "transition"),
    [
        ("carla", "approve"),
        ("leo", "submit"),
        ("mia", "approve"),
        ("mia", "submit"),
        ("fiona", "approve"),
        ("otto", "approve"),
        ("berta", "approve"),
        ("bert", "submit"),
    ],
)
def test_site_refuses_transition_to_user_without_the_role(
    in_alpha, actor_name: str, transition: str
) -> None:
    STAGES[transition]()
    before = snapshot(in_alpha)

    response = post_transition(browser_of(actor_name, in_alpha), 1, transition, "Let me")

    assert response.status_code == 403
    assert snapshot(in_alpha) == before


def test_gate_transitions_only_accept_post(in_alpha) -> None:
    submitted(1)

    response = browser_of("leo", in_alpha).get("/phases/1/approve/")

    assert response.status_code == 405
    assert phase(1).state == State.IN_REVIEW


def test_unknown_transition_is_not_found(in_alpha) -> None:
    response = post_transition(browser_of("leo", in_alpha), 1, "skip-ahead")

    assert response.status_code == 404


def test_transition_of_a_phase_that_does_not_exist_is_not_found(in_alpha) -> None:
    response = post_transition(browser_of("leo", in_alpha), 7, "approve")

    assert response.status_code == 404


def test_decisions_in_one_municipality_leave_the_other_untouched(in_alpha, beta) -> None:
    approved(1)

    with schema_context(beta.schema_name):
        assert states() == [State.ACTIVE, State.LOCKED, State.LOCKED, State.LOCKED]
        assert not GateEvent.objects.exists()
    assert summary(beta) == (1, State.ACTIVE)
    assert summary(in_alpha) == (2, State.ACTIVE)
