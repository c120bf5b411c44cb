"""Roadmap data for tests, made directly in the current schema (no permission checks)."""

from datetime import date

from django.utils import timezone

from phases.models import Meeting, Phase
from roadmap.models import (
    CommunicationItem,
    Debriefing,
    Idea,
    Instrument,
    ITPartner,
    Measure,
    ProgressUpdate,
    RoadmapVersion,
    Workshop,
)
from roadmap.services import token_hash
from roadmap.versions import current_snapshot
from taxonomy.models import Topic

VOTING_TOKEN = "a-voting-token-for-tests"


def workshop(title: str = "Workshop mit Verantwortlichen", dots: int = 3) -> Workshop:
    found = Workshop.objects.filter(title=title).first()
    if found:
        return found
    return Workshop.objects.create(title=title, dots_per_participant=dots)


def open_workshop(title: str = "Offener Workshop", dots: int = 3) -> Workshop:
    """A workshop whose voting link (VOTING_TOKEN) is live."""
    found = workshop(title, dots)
    Workshop.objects.filter(token_hash=token_hash(VOTING_TOKEN)).exclude(pk=found.pk).update(
        token_hash=None
    )
    found.token_hash = token_hash(VOTING_TOKEN)
    found.voting_open = True
    found.save()
    return found


def idea(title: str = "E-Akte im Bauamt", held_in: Workshop | None = None, **fields) -> Idea:
    found = Idea.objects.filter(title=title).first()
    if found:
        return found
    return Idea.objects.create(title=title, workshop=held_in or workshop(), **fields)


def measure(title: str = "E-Akte einführen", **fields) -> Measure:
    found = Measure.objects.filter(title=title).first()
    if found:
        return found
    fields.setdefault("starts_on", date(2027, 1, 1))
    fields.setdefault("ends_on", date(2027, 6, 30))
    made = Measure.objects.create(title=title, **fields)
    topic = Topic.objects.order_by("pk").first()
    if topic:
        made.topics.add(topic)
    return made


def progress(note: str = "Pilot läuft.", percent: int = 40) -> ProgressUpdate:
    found = ProgressUpdate.objects.filter(note=note).first()
    if found:
        return found
    return ProgressUpdate.objects.create(measure=measure(), percent_done=percent, note=note)


def partner(name: str = "Kommunales Rechenzentrum") -> ITPartner:
    return ITPartner.objects.get_or_create(name=name)[0]


def version(name: str = "Erste Fassung") -> RoadmapVersion:
    found = RoadmapVersion.objects.filter(name=name).first()
    if found:
        return found
    return RoadmapVersion.objects.create(name=name, snapshot=current_snapshot())


def communication(message: str = "Die Roadmap ist beschlossen.") -> CommunicationItem:
    found = CommunicationItem.objects.filter(key_message=message).first()
    if found:
        return found
    return CommunicationItem.objects.create(
        audience=CommunicationItem.Audience.CITIZENS,
        key_message=message,
        channel="Amtsblatt",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 2, 1),
        responsible="Pressestelle",
    )


def instrument(title: str = "Digitallotsen") -> Instrument:
    return Instrument.objects.get_or_create(title=title)[0]


def meeting(kind: str, title: str) -> Meeting:
    found = Meeting.objects.filter(title=title).first()
    if found:
        return found
    start = timezone.now()
    return Meeting.objects.create(
        phase=Phase.objects.get(number=4),
        kind=kind,
        title=title,
        starts_at=start,
        ends_at=start + timezone.timedelta(hours=2),
    )


def debriefing(title: str = "Abschlusspräsentation") -> Debriefing:
    found = Debriefing.objects.filter(meeting__title=title).first()
    if found:
        return found
    return Debriefing.objects.create(
        meeting=meeting(Meeting.Kind.DEBRIEFING, title), version=version()
    )
