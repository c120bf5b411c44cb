"""A meeting as an iCalendar file (RFC 5545) for the participants' calendars.

The `icalendar` library does the escaping, line folding and CRLF line ends. Times go out in
UTC so that no calendar has to know our time-zone database; the UID stays the meeting's own
across edits and SEQUENCE rises with each change, so a second download updates the event in
the calendar instead of adding a copy.
"""

from datetime import UTC

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Meeting

PRODUCT_ID = "-//Wegweiser//Meetings//DE"


def meeting_ics(*, meeting: Meeting, page_url: str, domain: str) -> bytes:
    """The meeting as a calendar with one event; `page_url` links back to the meeting's page."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    event = Event()
    event.add("uid", f"{meeting.uid}@{domain}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.title)
    event.add("categories", [meeting.get_kind_display()])
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    event.add("description", _description(meeting, page_url))
    event.add("url", page_url)
    if meeting.organiser_id and meeting.organiser.email:
        organiser = vCalAddress(f"mailto:{meeting.organiser.email}")
        organiser.params["cn"] = vText(str(meeting.organiser))
        event.add("organizer", organiser)
    calendar.add_component(event)
    return calendar.to_ical()


def _description(meeting: Meeting, page_url: str) -> str:
    parts = []
    if meeting.online_url:
        parts.append(_("Online: %(url)s") % {"url": meeting.online_url})
    if meeting.agenda.strip():
        parts.append(_("Agenda:") + "\n" + meeting.agenda.strip())
    parts.append(_("Details in Wegweiser: %(url)s") % {"url": page_url})
    return "\n\n".join(parts)


def ics_filename(meeting: Meeting) -> str:
    """A file name that any system accepts: the date and the meeting's id."""
    starts = timezone.localtime(meeting.starts_at)
    return f"meeting-{starts:%Y-%m-%d}-{meeting.pk}.ics"
