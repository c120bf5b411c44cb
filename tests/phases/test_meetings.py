"""Meetings of a phase on the site: planning, validating, the record (participants, decisions,
follow-up tasks), and who may change them."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEntry
from phases import meetings as services
from phases import selectors
from phases.models import Activity, Decision, Meeting, Participant, Phase
from tests.conftest import browser_of, persona
from tests.phases.view_cases import meeting_with_record

LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def carla(in_alpha) -> Client:
    return browser_of("carla", in_alpha)


@pytest.fixture
def meeting(in_alpha) -> Meeting:
    return meeting_with_record()


def local(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def meeting_data(**changes) -> dict[str, str]:
    data = {
        "kind": Meeting.Kind.PRELIMINARY,
        "title": "Vorgespräch mit der Verwaltungsspitze",
        "starts_at": local(3, 10).strftime(LOCAL),
        "ends_at": local(3, 12).strftime(LOCAL),
        "place": "Rathaus, Zimmer 204",
        "online_url": "",
        "agenda": "Ziele\nAnsprechpersonen",
        "minutes": "",
    }
    data.update(changes)
    return data


def error_texts(response) -> list[str]:
    form = response.context["form"]
    return [error for errors in form.errors.values() for error in errors]


# --- Planning a meeting ----------------------------------------------------------------------


def test_consultant_plans_a_meeting_for_an_activity_of_the_phase(carla: Client) -> None:
    activity = Activity.objects.get(phase__number=1, position=0)

    response = carla.post(
        f"/phases/1/meetings/new/?activity={activity.pk}",
        meeting_data(activity=activity.pk, organiser=persona("carla").pk),
        follow=True,
    )

    meeting = Meeting.objects.get()
    assert response.redirect_chain == [(f"/meetings/{meeting.pk}/", 302)]
    assert (meeting.phase.number, meeting.activity, meeting.title) == (
        1,
        activity,
        "Vorgespräch mit der Verwaltungsspitze",
    )
    assert meeting.starts_at == local(3, 10)
    assert meeting.organiser == persona("carla")


def test_new_meeting_form_starts_from_the_activity_it_is_planned_for(carla: Client) -> None:
    activity = Activity.objects.get(phase__number=1, position=2)

    response = carla.get(f"/phases/1/meetings/new/?activity={activity.pk}&kind=introductory")

    form = response.context["form"]
    assert (form["activity"].value(), form["title"].value(), form["kind"].value()) == (
        activity.pk,
        activity.title,
        "introductory",
    )
    assert form["organiser"].value() == persona("carla").pk


def test_activity_of_another_phase_cannot_be_linked(carla: Client) -> None:
    other = Activity.objects.filter(phase__number=2).first()

    response = carla.post("/phases/1/meetings/new/", meeting_data(activity=other.pk))

    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert "activity" in response.context["form"].errors


def test_meeting_that_ends_before_it_starts_is_refused_and_the_input_kept(carla: Client) -> None:
    data = meeting_data(ends_at=local(3, 9).strftime(LOCAL), agenda="Nichts davon geht verloren")

    response = carla.post("/phases/1/meetings/new/", data)

    assert Meeting.objects.count() == 0
    assert error_texts(response) == ["The meeting must end after it starts."]
    assert "Nichts davon geht verloren" in response.content.decode()
    assert response.context["form"]["ends_at"].value() == data["ends_at"]


def test_meeting_that_ends_when_it_starts_is_refused(carla: Client) -> None:
    response = carla.post(
        "/phases/1/meetings/new/", meeting_data(ends_at=meeting_data()["starts_at"])
    )

    assert error_texts(response) == ["The meeting must end after it starts."]


@pytest.mark.parametrize(
    "link",
    ["ftp://files.example.org/agenda", "javascript:alert(1)", "https://", "https://meet example"],
)
def test_online_link_must_be_a_web_address(carla: Client, link: str) -> None:
    response = carla.post("/phases/1/meetings/new/", meeting_data(online_url=link))

    assert Meeting.objects.count() == 0
    assert list(response.context["form"].errors) == ["online_url"]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("https://meet.example.org/ww", "https://meet.example.org/ww"),
        ("http://meet.example.org/ww", "http://meet.example.org/ww"),
        ("meet.example.org/ww", "https://meet.example.org/ww"),
    ],
)
def test_online_link_is_kept_as_a_web_address(carla: Client, typed: str, kept: str) -> None:
    carla.post("/phases/1/meetings/new/", meeting_data(online_url=typed))

    assert Meeting.objects.get().online_url == kept


def test_required_fields_are_named_when_missing(carla: Client) -> None:
    response = carla.post("/phases/1/meetings/new/", {"place": "Rathaus"})

    assert set(response.context["form"].errors) == {"kind", "title", "starts_at", "ends_at"}
    assert response.context["form"]["place"].value() == "Rathaus"


def test_service_refuses_an_end_before_the_start_without_the_form(in_alpha) -> None:
    meeting = Meeting(
        phase=Phase.objects.get(number=1),
        kind=Meeting.Kind.OTHER,
        title="Falsch herum",
        starts_at=local(1, 12),
        ends_at=local(1, 11),
    )

    with pytest.raises(ValidationError, match="must end after it starts"):
        services.meeting_save(meeting=meeting, actor=persona("carla"))
    assert Meeting.objects.count() == 0


# --- Who may change meetings -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["leo", "mia"])
def test_municipal_people_read_a_meeting_but_do_not_get_the_editing_forms(
    in_alpha, meeting: Meeting, name: str
) -> None:
    response = browser_of(name, in_alpha).get(f"/meetings/{meeting.pk}/")

    assert response.status_code == 200
    assert "Petra Amt" in response.content.decode()
    assert "participant_form" not in response.context
    assert f"/meetings/{meeting.pk}/edit/" not in response.content.decode()


@pytest.mark.parametrize("name", ["leo", "mia"])
def test_services_refuse_municipal_people(meeting: Meeting, name: str) -> None:
    user = persona(name)
    meeting.title = "Umbenannt"
    with pytest.raises(PermissionDenied):
        services.meeting_save(meeting=meeting, actor=user)
    with pytest.raises(PermissionDenied):
        services.meeting_delete(meeting=meeting, actor=user)
    with pytest.raises(PermissionDenied):
        services.follow_up_create(meeting=meeting, task=Activity(title="Heimlich"), actor=user)
    assert Meeting.objects.get().title == "Auftaktveranstaltung"
    assert not Activity.objects.filter(title="Heimlich").exists()


def test_consultant_of_another_municipality_cannot_change_altstadts_meeting(
    meeting: Meeting,
) -> None:
    with pytest.raises(PermissionDenied):
        services.meeting_save(meeting=meeting, actor=persona("bert"))


def test_removing_a_meeting_keeps_its_follow_up_tasks_and_is_audited(
    carla: Client, meeting: Meeting
) -> None:
    task = services.follow_up_create(
        meeting=meeting, task=Activity(title="Organigramm nachreichen"), actor=persona("carla")
    )

    response = carla.post(f"/meetings/{meeting.pk}/delete/")

    assert response["Location"] == "/phases/1/"
    assert not Meeting.objects.exists()
    assert not Participant.objects.exists()
    task.refresh_from_db()
    assert task.from_meeting is None
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.DELETED).latest("pk")
    assert entry.details["kind"] == "meeting"


def test_editing_the_time_raises_the_calendar_sequence_and_minutes_do_not(
    meeting: Meeting,
) -> None:
    carla = persona("carla")
    meeting.minutes = "Protokoll"
    services.meeting_save(meeting=meeting, actor=carla)
    assert meeting.sequence == 0

    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    services.meeting_save(meeting=meeting, actor=carla)

    assert Meeting.objects.get().sequence == 1


# --- Participants ----------------------------------------------------------------------------


def test_consultant_adds_a_participant_with_role_and_department(
    carla: Client, meeting: Meeting
) -> None:
    response = carla.post(
        f"/meetings/{meeting.pk}/participants/",
        {
            "participant-name": "Jan Kämmerer",
            "participant-role": "Kämmerer",
            "participant-department": "Finanzen",
            "participant-email": "jan@musterstadt.example",
            "participant-attended": "on",
        },
    )

    assert response["Location"] == f"/meetings/{meeting.pk}/#participants"
    person = meeting.participants.get(name="Jan Kämmerer")
    assert (person.role, person.department, person.email, person.attended) == (
        "Kämmerer",
        "Finanzen",
        "jan@musterstadt.example",
        True,
    )


def test_participant_with_a_bad_email_is_refused_and_the_input_kept(
    carla: Client, meeting: Meeting
) -> None:
    response = carla.post(
        f"/meetings/{meeting.pk}/participants/",
        {"participant-name": "Jan Kämmerer", "participant-email": "jan@"},
    )

    assert response.status_code == 200
    form = response.context["participant_form"]
    assert list(form.errors) == ["email"]
    assert form["name"].value() == "Jan Kämmerer"
    assert 'value="Jan Kämmerer"' in response.content.decode()
    assert meeting.participants.count() == 1


def test_participant_needs_a_name_or_an_account(carla: Client, meeting: Meeting) -> None:
    response = carla.post(f"/meetings/{meeting.pk}/participants/", {"participant-role": "Gast"})

    assert response.context["participant_form"].errors == {
        "name": ["Enter the person's name or choose their account."]
    }


def test_participant_linked_to_an_account_takes_its_name_and_email(
    carla: Client, meeting: Meeting
) -> None:
    leo = persona("leo")

    carla.post(f"/meetings/{meeting.pk}/participants/", {"participant-user": leo.pk})

    person = meeting.participants.get(user_id=leo.pk)
    assert (person.name, person.email) == (leo.full_name, leo.email)


def test_account_of_another_municipality_cannot_be_linked(carla: Client, meeting: Meeting) -> None:
    response = carla.post(
        f"/meetings/{meeting.pk}/participants/",
        {"participant-name": "Berta", "participant-user": persona("berta").pk},
    )

    assert list(response.context["participant_form"].errors) == ["user"]


def test_consultant_marks_attendance(carla: Client, meeting: Meeting) -> None:
    person = meeting.participants.get()

    carla.post(
        f"/participants/{person.pk}/",
        {"participant-name": person.name, "participant-attended": "on"},
    )

    person.refresh_from_db()
    assert person.attended


# --- Decisions and follow-up tasks -----------------------------------------------------------


def test_decisions_are_kept_in_the_order_they_were_recorded(
    carla: Client, meeting: Meeting
) -> None:
    carla.post(f"/meetings/{meeting.pk}/decisions/", {"decision-text": "Zweiter Beschluss"})
    carla.post(f"/meetings/{meeting.pk}/decisions/", {"decision-text": "Dritter Beschluss"})

    assert list(meeting.decisions.values_list("text", flat=True)) == [
        "Die Umfrage startet im Mai.",
        "Zweiter Beschluss",
        "Dritter Beschluss",
    ]


def test_empty_decision_is_refused(carla: Client, meeting: Meeting) -> None:
    response = carla.post(f"/meetings/{meeting.pk}/decisions/", {"decision-text": "  "})

    assert list(response.context["decision_form"].errors) == ["text"]
    assert Decision.objects.count() == 1


def test_follow_up_task_becomes_an_activity_of_the_meetings_phase(
    carla: Client, meeting: Meeting
) -> None:
    leo = persona("leo")

    response = carla.post(
        f"/meetings/{meeting.pk}/tasks/",
        {
            "task-title": "Organigramm nachreichen",
            "task-owner": leo.pk,
            "task-due_date": "2031-05-02",
        },
        follow=True,
    )

    task = Activity.objects.get(title="Organigramm nachreichen")
    assert (task.phase.number, task.from_meeting, task.owner, str(task.due_date)) == (
        1,
        meeting,
        leo,
        "2031-05-02",
    )
    # A task from a meeting is extra work: it does not hold the gate up.
    assert not task.required_for_gate
    assert task.position == Activity.objects.filter(phase__number=1).count() - 1
    assert "Organigramm nachreichen" in response.content.decode()
    phase_page = carla.get("/phases/1/").content.decode()
    assert "Organigramm nachreichen" in phase_page


def test_follow_up_task_is_refused_while_the_phase_is_in_review(
    carla: Client, meeting: Meeting
) -> None:
    Phase.objects.filter(number=1).update(state=Phase.State.IN_REVIEW)

    response = carla.post(
        f"/meetings/{meeting.pk}/tasks/", {"task-title": "Organigramm nachreichen"}
    )

    assert not Activity.objects.filter(title="Organigramm nachreichen").exists()
    errors = response.context["task_form"].non_field_errors()
    assert "its activities can change again once it is sent back or reopened" in errors[0]
    assert response.context["task_form"]["title"].value() == "Organigramm nachreichen"


def test_follow_up_task_without_a_title_is_refused(carla: Client, meeting: Meeting) -> None:
    response = carla.post(f"/meetings/{meeting.pk}/tasks/", {"task-due_date": "2031-05-02"})

    assert list(response.context["task_form"].errors) == ["title"]
    assert response.context["task_form"]["due_date"].value() == "2031-05-02"


# --- Pages and selectors ---------------------------------------------------------------------


def test_phase_page_lists_its_meetings_with_the_activity_they_fulfil(
    carla: Client, meeting: Meeting
) -> None:
    activity = Activity.objects.get(phase__number=1, position=2)
    Meeting.objects.filter(pk=meeting.pk).update(activity=activity)

    page = carla.get("/phases/1/").content.decode()

    assert f'href="/meetings/{meeting.pk}/"' in page
    assert f"Fulfils: {activity.title}" in page


def test_agenda_separates_upcoming_from_past_meetings(carla: Client, meeting: Meeting) -> None:
    past = meeting_with_record("Vorgespräch")
    Meeting.objects.filter(pk=past.pk).update(starts_at=local(-10, 10), ends_at=local(-10, 12))

    response = carla.get("/meetings/")

    assert list(response.context["upcoming"]) == [meeting]
    assert list(response.context["past"]) == [past]


def test_agenda_filters_by_phase(carla: Client, meeting: Meeting) -> None:
    response = carla.get("/meetings/?phase=2")

    assert list(response.context["upcoming"]) == []
    assert response.context["phase"].number == 2


def test_next_meeting_is_the_soonest_that_has_not_started(meeting: Meeting) -> None:
    later = meeting_with_record("Ergebnispräsentation")
    Meeting.objects.filter(pk=later.pk).update(
        starts_at=meeting.starts_at + timedelta(days=30),
        ends_at=meeting.ends_at + timedelta(days=30),
    )
    running = meeting_with_record("Läuft gerade")
    Meeting.objects.filter(pk=running.pk).update(
        starts_at=timezone.now() - timedelta(minutes=30),
        ends_at=timezone.now() + timedelta(hours=1),
    )

    assert selectors.next_meeting() == meeting
    Meeting.objects.filter(pk=meeting.pk).delete()
    assert selectors.next_meeting() == later


def test_next_meeting_is_none_without_planned_meetings(in_alpha) -> None:
    assert selectors.next_meeting() is None


def test_meeting_page_costs_the_same_queries_however_long_its_record(
    carla: Client, meeting: Meeting
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert carla.get(f"/meetings/{meeting.pk}/").status_code == 200
        return len(captured)

    before = queries()
    for number in range(5):
        Participant.objects.create(meeting=meeting, name=f"Person {number}", user=persona("leo"))
        Decision.objects.create(meeting=meeting, text=f"Beschluss {number}", position=number + 1)
        services.follow_up_create(
            meeting=meeting, task=Activity(title=f"Aufgabe {number}"), actor=persona("carla")
        )

    assert queries() == before


def test_overview_shows_the_next_meeting(carla: Client, meeting: Meeting) -> None:
    response = carla.get("/")

    assert response.context["next_meeting"] == meeting
    assert f'href="/meetings/{meeting.pk}/"' in response.content.decode()


def test_activity_shows_the_meetings_that_fulfil_it(carla: Client, meeting: Meeting) -> None:
    activity = Activity.objects.get(phase__number=1, position=2)
    Meeting.objects.filter(pk=meeting.pk).update(activity=activity)

    edit_page = carla.get(f"/activities/{activity.pk}/").content.decode()
    phase_page = carla.get("/phases/1/").content.decode()

    assert f'href="/meetings/{meeting.pk}/"' in edit_page
    assert f"/phases/1/meetings/new/?activity={activity.pk}" in edit_page
    assert f'id="activity-{activity.pk}"' in phase_page
    row = phase_page.split(f'id="activity-{activity.pk}"')[1].split("</li>")[0]
    assert f'<a href="/meetings/{meeting.pk}/">Auftaktveranstaltung</a>' in row
