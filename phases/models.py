"""The engagement of one municipality (tenant schema): four gated phases, their activities,
the meetings that carry them out, and the council sessions that decided on them."""

import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def user_reference(verbose_name: str, **options) -> models.ForeignKey:
    """A reference from a municipality's schema to a global account in the public schema.

    No database constraint and DO_NOTHING: a constraint across schemas would not survive
    cloning, and Django's deletion collector cannot look into every municipality's schema.
    Accounts are deactivated, not deleted.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        **options,
    )


class Engagement(models.Model):
    """The single engagement of this municipality."""

    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("started on"), default=timezone.localdate)

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    class State(models.TextChoices):
        LOCKED = "locked", _("Locked")
        ACTIVE = "active", _("Active")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    activated_at = models.DateTimeField(null=True, blank=True)
    # When the leads were last reminded of the sign-off this phase awaits (notifications).
    review_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "number"], name="one_phase_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("phases:detail", args=[self.number])

    @property
    def activities_are_editable(self) -> bool:
        # A phase under review or signed off keeps the activities the lead saw.
        return self.state in (self.State.LOCKED, self.State.ACTIVE)


class Activity(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = user_reference(_("owner"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    skip_reason = models.TextField(_("reason for skipping"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    required_for_gate = models.BooleanField(_("required for the gate"), default=True)
    position = models.PositiveIntegerField(default=0)
    # Set when the activity is a follow-up task agreed in a meeting.
    from_meeting = models.ForeignKey(
        "Meeting",
        verbose_name=_("from meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_tasks",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["phase__number", "position", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.SKIPPED)

    def is_overdue(self, today=None) -> bool:
        # What a signed-off phase left open (optional work) is nobody's to-do any more.
        if self.is_finished or not self.due_date or self.phase.state == Phase.State.APPROVED:
            return False
        return self.due_date < (today or timezone.localdate())


class GateEvent(models.Model):
    """The gate's history: every submission, sign-off, send-back and reopening of a phase."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Sent back")
        REOPENED = "reopened", _("Reopened")

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="gate_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = user_reference(_("by"))
    # The name as it was, so the sign-off record stays readable whatever happens to the account.
    actor_name = models.CharField(max_length=150)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set once the notification mail went out, so a redelivered task sends nothing twice.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.phase}: {self.get_kind_display()}"


class Meeting(models.Model):
    """A meeting or event of a phase: a preliminary discussion, a workshop, a presentation."""

    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary discussion")
        INTRODUCTORY = "introductory", _("Introductory event")
        RESULTS = "results", _("Results presentation")
        WORKSHOP = "workshop", _("Workshop")
        DEBRIEFING = "debriefing", _("Debriefing")
        STEERING = "steering", _("Steering group")
        OTHER = "other", _("Other")

    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="meetings"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("fulfils activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        # Only links a browser opens: no ftp:// or other schemes in an invitation.
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message=_("Enter a web address starting with https:// or http://."),
            )
        ],
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    organiser = user_reference(_("organiser"), null=True, blank=True)
    # The calendar identity of the event: stable across edits so calendars update, not duplicate.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    # Raised whenever the event's time or place changes (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("phases:meeting_detail", args=[self.pk])

    def is_past(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def agenda_items(self) -> list[str]:
        """The agenda as the consultant typed it, one item per line."""
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Participant(models.Model):
    """A person at a meeting, optionally linked to an account."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    department = models.CharField(_("department"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = user_reference(_("account"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """A decision taken in a meeting, in the order it was recorded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class CouncilSession(models.Model):
    """A session of the city council or one of its committees that dealt with the engagement."""

    class Outcome(models.TextChoices):
        # A council resolves; the words differ from a phase's sign-off in German.
        APPROVED = "approved", pgettext_lazy("council outcome", "Approved")
        REJECTED = "rejected", pgettext_lazy("council outcome", "Rejected")
        DEFERRED = "deferred", pgettext_lazy("council outcome", "Deferred")
        NOTED = "noted", pgettext_lazy("council outcome", "Noted")

    body = models.CharField(
        _("body"), max_length=200, help_text=_("The city council or the committee.")
    )
    held_on = models.DateField(_("date"))
    agenda_item = models.CharField(_("agenda item"), max_length=300)
    resolution = models.TextField(_("resolution"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_sessions",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_sessions",
    )
    document_reference = models.CharField(
        _("document reference"),
        max_length=200,
        blank=True,
        help_text=_("For example the number of the council paper or of the minutes."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")

    def __str__(self) -> str:
        return f"{self.body}, {self.held_on:%d.%m.%Y}: {self.agenda_item}"
