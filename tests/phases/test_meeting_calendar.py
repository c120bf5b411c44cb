"""The .ics download of a meeting: a valid RFC 5545 calendar that updates, not duplicates."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from phases import meetings as services
from phases.models import Meeting
from tests.conftest import browser_of, persona
from tests.phases.view_cases import meeting_with_record


@pytest.fixture
def meeting(in_alpha) -> Meeting:
    meeting = meeting_with_record("Auftakt; mit Komma, Semikolon und Umlauten: Größe")
    meeting.starts_at = timezone.make_aware(datetime(2031, 3, 4, 9, 30))  # Berlin, winter time
    meeting.ends_at = timezone.make_aware(datetime(2031, 3, 4, 12, 0))
    meeting.online_url = "https://meet.example.org/auftakt?raum=1&pin=42"
    meeting.agenda = "1. Begrüßung\n2. Vorstellung der Methode; Fragen\n" + "Lange Zeile " * 20
    meeting.organiser = persona("carla")
    meeting.save()
    return meeting


def download(client: Client, meeting: Meeting):
    response = client.get(f"/meetings/{meeting.pk}/calendar.ics")
    assert response.status_code == 200
    return response


def event_of(body: bytes):
    calendar = Calendar.from_ical(body)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


@pytest.mark.parametrize("name", ["mia", "leo", "carla"])
def test_everyone_of_the_municipality_downloads_the_meeting(
    in_alpha, meeting: Meeting, name: str
) -> None:
    response = download(browser_of(name, in_alpha), meeting)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="meeting-2031-03-04-{meeting.pk}.ics"'
    )


def test_calendar_parses_back_to_the_meeting_in_utc(in_alpha, meeting: Meeting) -> None:
    body = download(browser_of("mia", in_alpha), meeting).content

    calendar, event = event_of(body)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert event.decoded("DTSTART") == datetime(2031, 3, 4, 8, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2031, 3, 4, 11, 0, tzinfo=UTC)
    assert b"DTSTART:20310304T083000Z\r\n" in body
    assert str(event["SUMMARY"]) == meeting.title
    assert str(event["LOCATION"]) == "Rathaus, Sitzungssaal"
    assert str(event["UID"]) == f"{meeting.uid}@alpha.localhost"
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["URL"]) == f"http://alpha.localhost/meetings/{meeting.pk}/"
    description = str(event["DESCRIPTION"])
    assert "https://meet.example.org/auftakt?raum=1&pin=42" in description
    assert "2. Vorstellung der Methode; Fragen" in description
    assert str(event["ORGANIZER"]) == "mailto:carla@example.org"


def test_calendar_text_is_escaped_folded_and_ends_lines_with_crlf(
    in_alpha, meeting: Meeting
) -> None:
    body = download(browser_of("mia", in_alpha), meeting).content

    lines = body.split(b"\r\n")
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines), "the long agenda must be folded"
    unfolded = body.replace(b"\r\n ", b"")
    assert b"SUMMARY:Auftakt\\; mit Komma\\, Semikolon und Umlauten: Gr\xc3\xb6\xc3\x9fe" in (
        unfolded
    )
    assert b"1. Begr\xc3\xbc\xc3\x9fung\\n2. Vorstellung der Methode\\; Fragen" in unfolded


def test_online_meeting_without_a_place_names_its_link_as_location(
    in_alpha, meeting: Meeting
) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(place="")

    _, event = event_of(download(browser_of("mia", in_alpha), meeting).content)

    assert str(event["LOCATION"]) == "https://meet.example.org/auftakt?raum=1&pin=42"


def test_a_second_download_after_a_time_change_updates_the_same_event(
    in_alpha, meeting: Meeting
) -> None:
    client = browser_of("mia", in_alpha)
    _, first = event_of(download(client, meeting).content)
    meeting.starts_at += timedelta(days=1)
    meeting.ends_at += timedelta(days=1)
    services.meeting_save(meeting=meeting, actor=persona("carla"))

    _, second = event_of(download(client, meeting).content)

    assert str(second["UID"]) == str(first["UID"])
    assert (first.decoded("SEQUENCE"), second.decoded("SEQUENCE")) == (0, 1)


def test_someone_without_a_role_gets_no_calendar(in_alpha, meeting: Meeting) -> None:
    response = browser_of("otto", in_alpha).get(f"/meetings/{meeting.pk}/calendar.ics")

    assert response.status_code == 403
