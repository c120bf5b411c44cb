"""The engagement of one municipality (tenant schema): four gated phases and their activities."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
