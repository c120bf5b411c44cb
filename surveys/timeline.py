"""Responses over time: how many came in each day, and the days invitations and reminders
went out, so that a consultant sees what a reminder brought and when the next one is due.

Responses carry their day only (never a time of day), so a day is the finest step. Counted in
the database; a long survey is shown by the week.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import Recipient, Response, Survey

# Which bar of a step each channel's responses stack on.
CHANNEL_SERIES = {
    Response.Channel.PERSONAL: "personal",
    Response.Channel.OPEN: "open",
    Response.Channel.PAPER: "paper",
}
# Longer than this many days, a bar stands for a week (from Monday): bars stay readable.
DAILY_UP_TO = 70


@dataclass(frozen=True)
class Step:
    """One bar: a day, or the week starting on `start`."""

    start: date
    personal: int = 0
    open: int = 0
    paper: int = 0  # entered on this day, whenever it was filled in
    invited: int = 0
    reminded: int = 0

    @property
    def responses(self) -> int:
        return self.personal + self.open + self.paper


@dataclass(frozen=True)
class Timeline:
    steps: list[Step]
    weekly: bool

    # Read once per bar by the template: computed once.
    @cached_property
    def peak(self) -> int:
        return max(step.responses for step in self.steps)

    @cached_property
    def total(self) -> int:
        return sum(step.responses for step in self.steps)

    @cached_property
    def has_paper(self) -> bool:
        return any(step.paper for step in self.steps)

    @property
    def busiest(self) -> Step:
        return max(self.steps, key=lambda step: step.responses)

    @property
    def eventful(self) -> list[Step]:
        """The steps in which anything happened, for the table beside the chart."""
        return [step for step in self.steps if step.responses or step.invited or step.reminded]

    @property
    def first(self) -> date:
        return self.steps[0].start

    @property
    def last(self) -> date:
        return self.steps[-1].start


def response_timeline(survey: Survey) -> Timeline | None:
    """The survey's responses per day (or week) from its first to its last day, with the
    invitations and reminders sent; None before anything happened."""
    responses = (
        Response.objects.filter(survey=survey)
        .values("submitted_on", "channel")
        .annotate(n=Count("id"))
        .values_list("submitted_on", "channel", "n")
    )
    invited = _per_day(survey, "invited_at")
    reminded = _per_day(survey, "reminded_at")
    days = {day for day, _channel, _n in responses} | set(invited) | set(reminded)
    if not days:
        return None
    first = min(days | {timezone.localdate(survey.opened_at)} if survey.opened_at else days)
    last = max(days | {_last_day(survey)})
    weekly = (last - first).days >= DAILY_UP_TO
    start_of = _week_start if weekly else (lambda day: day)
    counts: dict[date, dict[str, int]] = {}

    def add(day: date, field: str, n: int) -> None:
        bucket = counts.setdefault(start_of(day), {})
        bucket[field] = bucket.get(field, 0) + n

    for day, channel, n in responses:
        add(day, CHANNEL_SERIES[channel], n)
    for day, n in invited.items():
        add(day, "invited", n)
    for day, n in reminded.items():
        add(day, "reminded", n)
    step = timedelta(days=7 if weekly else 1)
    starts, current = [], start_of(first)
    while current <= last:
        starts.append(current)
        current += step
    return Timeline([Step(start, **counts.get(start, {})) for start in starts], weekly)


def _per_day(survey: Survey, field: str) -> dict[date, int]:
    rows = (
        Recipient.objects.filter(survey=survey, **{f"{field}__isnull": False})
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(n=Count("id"))
    )
    return {row["day"]: row["n"] for row in rows}


def _last_day(survey: Survey) -> date:
    if survey.closed_at is not None:
        return timezone.localdate(survey.closed_at)
    return timezone.localdate()


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
