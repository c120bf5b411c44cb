"""Activities of a phase: adding, editing, reordering, removing and skipping them on the site."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import AuditEntry
from phases import services
from phases.models import Activity, Phase
from tests.conftest import browser_of, persona

State = Phase.State


@pytest.fixture
def carla(in_alpha) -> Client:
    return browser_of("carla", in_alpha)


def titles(number: int = 1) -> list[str]:
    return list(
        Activity.objects.filter(phase__number=number)
        .order_by("position", "id")
        .values_list("title", flat=True)
    )


def nth(position: int, number: int = 1) -> Activity:
    return Activity.objects.filter(phase__number=number).order_by("position", "id")[position]


def form_data(activity: Activity, **changes) -> dict[str, str]:
    data = {
        "title": activity.title,
        "description": activity.description,
        "owner": activity.owner_id or "",
        "due_date": activity.due_date.isoformat() if activity.due_date else "",
        "status": activity.status,
        "skip_reason": activity.skip_reason,
        "notes": activity.notes,
    }
    if activity.required_for_gate:
        data["required_for_gate"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def put_phase_1_in(state: str) -> None:
    Phase.objects.filter(number=1).update(state=state)


# --- Adding and editing ----------------------------------------------------------------------


def test_consultant_adds_activity_at_the_end_of_the_phase(carla: Client) -> None:
    before = titles()
    leo = persona("leo")

    response = carla.post(
        "/phases/1/activities/new/",
        {
            "title": "Interview the IT partner",
            "owner": leo.pk,
            "due_date": "2031-03-15",
            "status": Activity.Status.OPEN,
            "required_for_gate": "on",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/phases/1/", 302)]
    assert shown_messages(response) == ["Activity saved."]
    assert titles() == [*before, "Interview the IT partner"]
    added = Activity.objects.get(title="Interview the IT partner")
    assert (added.owner, added.due_date, added.required_for_gate) == (
        leo,
        date(2031, 3, 15),
        True,
    )
    assert added.position == nth(len(before) - 1).position + 1


def test_consultant_can_add_activity_to_a_locked_phase(carla: Client) -> None:
    response = carla.post(
        "/phases/2/activities/new/", {"title": "Prepare the survey", "status": "open"}
    )

    assert response.status_code == 302
    assert titles(2)[-1] == "Prepare the survey"


def test_activity_needs_a_title(carla: Client) -> None:
    count = Activity.objects.count()

    response = carla.post("/phases/1/activities/new/", {"title": "", "status": "open"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"title": ["This field is required."]}
    assert Activity.objects.count() == count


def test_consultant_edits_activity(carla: Client) -> None:
    activity = nth(1)
    mia = persona("mia")

    response = carla.post(
        f"/activities/{activity.pk}/",
        form_data(
            activity,
            title="Desktop analysis of the IT plan",
            owner=mia.pk,
            status=Activity.Status.IN_PROGRESS,
            notes="Waiting for the org chart",
        ),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Desktop analysis of the IT plan"
    assert (activity.owner, activity.status) == (mia, Activity.Status.IN_PROGRESS)
    assert activity.notes == "Waiting for the org chart"
    assert activity.position == 1


def test_owner_must_have_a_role_in_the_municipality(carla: Client) -> None:
    activity = nth(0)

    response = carla.post(
        f"/activities/{activity.pk}/", form_data(activity, owner=persona("bert").pk)
    )

    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    activity.refresh_from_db()
    assert activity.owner is None


# --- Skipping --------------------------------------------------------------------------------


def test_required_activity_cannot_be_skipped_without_a_reason(carla: Client) -> None:
    activity = nth(0)
    assert activity.required_for_gate

    response = carla.post(
        f"/activities/{activity.pk}/",
        form_data(
            activity,
            title="Preliminary talks (renamed)",
            status=Activity.Status.SKIPPED,
            skip_reason="  ",
            notes="Typed before the error",
        ),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "skip_reason": ["This activity is required for the gate: say why it is skipped."]
    }
    page = response.content.decode()
    assert "This activity is required for the gate: say why it is skipped." in page
    assert 'value="Preliminary talks (renamed)"' in page
    assert "Typed before the error" in page
    unchanged = Activity.objects.get(pk=activity.pk)
    assert (unchanged.title, unchanged.status) == (activity.title, Activity.Status.OPEN)


def test_required_activity_can_be_skipped_with_a_reason(carla: Client) -> None:
    activity = nth(0)

    response = carla.post(
        f"/activities/{activity.pk}/",
        form_data(activity, status=Activity.Status.SKIPPED, skip_reason="Held last year"),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.skip_reason) == (Activity.Status.SKIPPED, "Held last year")


def test_optional_activity_can_be_skipped_without_a_reason(carla: Client) -> None:
    activity = nth(0)
    Activity.objects.filter(pk=activity.pk).update(required_for_gate=False)
    activity.refresh_from_db()

    response = carla.post(
        f"/activities/{activity.pk}/", form_data(activity, status=Activity.Status.SKIPPED)
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.skip_reason) == (Activity.Status.SKIPPED, "")


def test_skip_reason_is_dropped_when_activity_is_no_longer_skipped(carla: Client) -> None:
    activity = nth(0)
    Activity.objects.filter(pk=activity.pk).update(
        status=Activity.Status.SKIPPED, skip_reason="Held last year"
    )
    activity.refresh_from_db()

    carla.post(f"/activities/{activity.pk}/", form_data(activity, status=Activity.Status.DONE))

    activity.refresh_from_db()
    assert (activity.status, activity.skip_reason) == (Activity.Status.DONE, "")


# --- Reordering ------------------------------------------------------------------------------


def move(client: Client, activity: Activity, direction: str):
    return client.post(f"/activities/{activity.pk}/move/", {"direction": direction})


def test_moving_an_activity_up_swaps_it_with_the_one_above(carla: Client) -> None:
    first, second, third, *rest = titles()

    response = move(carla, nth(2), "up")

    assert response.status_code == 302
    assert response["Location"] == f"/phases/1/#activity-{nth(1).pk}"
    assert titles() == [first, third, second, *rest]


def test_moving_an_activity_down_swaps_it_with_the_one_below(carla: Client) -> None:
    first, second, *rest = titles()

    move(carla, nth(0), "down")

    assert titles() == [second, first, *rest]


def test_moving_the_first_activity_up_or_the_last_down_changes_nothing(carla: Client) -> None:
    before = list(Activity.objects.order_by("id").values_list("id", "position"))
    last = len(before_titles := titles()) - 1

    move(carla, nth(0), "up")
    move(carla, nth(last), "down")

    assert titles() == before_titles
    assert list(Activity.objects.order_by("id").values_list("id", "position")) == before


def test_reordering_touches_only_the_activities_of_that_phase(carla: Client) -> None:
    phase_2 = list(Activity.objects.filter(phase__number=2).values_list("id", "position"))

    move(carla, nth(0), "down")

    assert list(Activity.objects.filter(phase__number=2).values_list("id", "position")) == phase_2


# --- Removing --------------------------------------------------------------------------------


def test_removing_an_activity_deletes_it_and_records_the_deletion(carla: Client, in_alpha) -> None:
    activity = nth(2)

    response = carla.post(f"/activities/{activity.pk}/delete/", follow=True)

    assert response.redirect_chain == [("/phases/1/", 302)]
    assert shown_messages(response) == [f"“{activity.title}” was removed."]
    assert not Activity.objects.filter(pk=activity.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETED)
    assert entry.actor == persona("carla")
    assert (entry.municipality_id, entry.municipality_name) == (in_alpha.pk, "Altstadt")
    assert entry.target == f"{activity.phase}: {activity.title}"
    assert entry.details == {"kind": "activity"}


def test_removing_needs_a_post(carla: Client) -> None:
    activity = nth(0)

    assert carla.get(f"/activities/{activity.pk}/delete/").status_code == 405
    assert Activity.objects.filter(pk=activity.pk).exists()


# --- Phases under review or approved are frozen --------------------------------------------


@pytest.mark.parametrize("state", [State.IN_REVIEW, State.APPROVED])
def test_activities_of_a_phase_in_review_or_approved_cannot_be_changed(
    carla: Client, state: str
) -> None:
    put_phase_1_in(state)
    phase = Phase.objects.get(number=1)
    activity = nth(1)
    before = list(Activity.objects.order_by("id").values("id", "title", "status", "position"))
    audit_count = AuditEntry.objects.count()

    added = carla.post("/phases/1/activities/new/", {"title": "Late addition", "status": "open"})
    edited = carla.post(f"/activities/{activity.pk}/", form_data(activity, title="Renamed"))
    moved = carla.post(f"/activities/{activity.pk}/move/", {"direction": "up"}, follow=True)
    removed = carla.post(f"/activities/{activity.pk}/delete/", follow=True)

    [frozen] = added.context["form"].non_field_errors()
    assert f"“{phase.title}”" in frozen
    assert phase.get_state_display().lower() in frozen.lower()
    assert frozen.endswith("its activities can change again once it is sent back or reopened.")
    assert edited.context["form"].non_field_errors() == [frozen]
    assert shown_messages(moved) == [frozen]
    assert shown_messages(removed) == [frozen]
    assert list(Activity.objects.order_by("id").values("id", "title", "status", "position")) == (
        before
    )
    assert AuditEntry.objects.count() == audit_count


# --- Who may change activities -------------------------------------------------------------


@pytest.mark.parametrize("name", ["leo", "mia", "otto", "bert"])
def test_only_consultants_may_change_activities(in_alpha, name: str) -> None:
    client = browser_of(name, in_alpha)
    activity = nth(0)
    before = list(Activity.objects.order_by("id").values("id", "title", "position"))

    responses = [
        client.get("/phases/1/activities/new/"),
        client.post("/phases/1/activities/new/", {"title": "Sneaked in", "status": "open"}),
        client.post(f"/activities/{activity.pk}/", form_data(activity, title="Renamed")),
        client.post(f"/activities/{activity.pk}/move/", {"direction": "down"}),
        client.post(f"/activities/{activity.pk}/delete/"),
    ]

    assert [response.status_code for response in responses] == [403] * 5
    assert list(Activity.objects.order_by("id").values("id", "title", "position")) == before


def test_firm_admin_may_change_activities(in_alpha) -> None:
    activity = nth(0)

    response = browser_of("fiona", in_alpha).post(
        f"/activities/{activity.pk}/", form_data(activity, title="Kick-off")
    )

    assert response.status_code == 302
    assert titles()[0] == "Kick-off"


def test_member_is_refused_by_the_service_too(in_alpha) -> None:
    activity = nth(0)
    activity.title = "Renamed"

    with pytest.raises(PermissionDenied):
        services.activity_save(activity=activity, actor=persona("mia"))
    with pytest.raises(PermissionDenied):
        services.activity_delete(activity=activity, actor=persona("leo"))

    assert Activity.objects.get(pk=activity.pk).title != "Renamed"


def test_activities_of_the_other_municipality_are_not_found(in_alpha, beta) -> None:
    with schema_context(beta.schema_name):
        phase = Phase.objects.get(number=1)
        beta_activity = Activity.objects.create(phase=phase, title="Bergdorf only", position=99)
    assert not Activity.objects.filter(pk=beta_activity.pk).exists()
    client = browser_of("carla", in_alpha)

    responses = [
        client.get(f"/activities/{beta_activity.pk}/"),
        client.post(f"/activities/{beta_activity.pk}/", {"title": "Taken over"}),
        client.post(f"/activities/{beta_activity.pk}/move/", {"direction": "up"}),
        client.post(f"/activities/{beta_activity.pk}/delete/"),
    ]

    assert [response.status_code for response in responses] == [404] * 4
    with schema_context(beta.schema_name):
        assert Activity.objects.get(pk=beta_activity.pk).title == "Bergdorf only"


def test_adding_to_a_phase_that_does_not_exist_is_not_found(carla: Client) -> None:
    assert carla.get("/phases/9/activities/new/").status_code == 404
