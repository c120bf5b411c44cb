"""The digital roadmap of one municipality (tenant schema): Phase 3 and Phase 4.

Workshops collect ideas; participants put dots on them from their phones; chosen ideas become
measures; the roadmap of measures is frozen into immutable versions; Phase 4 tracks progress,
the communication strategy and further instruments.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phases.models import user_reference

from .schedule import quarter_label

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class ITPartner(models.Model):
    """An IT service provider of this municipality (data centre, vendor, county IT)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=200, blank=True, help_text=_("For example municipal data centre.")
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("IT partner")
        verbose_name_plural = _("IT partners")

    def __str__(self) -> str:
        return self.name


class Workshop(models.Model):
    """The voting side of a workshop: its dot budget and the link participants vote through."""

    # The meeting this workshop is, with its date, place, agenda and participants.
    meeting = models.OneToOneField(
        "phases.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop",
        limit_choices_to={"kind": "workshop"},
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"), default=timezone.localdate)
    dots_per_participant = models.PositiveSmallIntegerField(
        _("dots per participant"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    # Only the hash of the voting link's token is kept, like every other token.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    voting_open = models.BooleanField(_("voting open"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.CheckConstraint(
                condition=Q(dots_per_participant__gte=1, dots_per_participant__lte=20),
                name="workshop_dot_budget_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Idea(models.Model):
    class Source(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        FINDING = "finding", _("Interview finding")
        SURVEY = "survey", _("Survey answer")
        OTHER = "other", _("Other")

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    title = models.CharField(_("idea"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    topic = models.ForeignKey(
        "taxonomy.Topic",
        verbose_name=_("topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.WORKSHOP
    )
    finding = models.ForeignKey(
        "interviews.Finding",
        verbose_name=_("from finding"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    # A survey's free-text answer: the idea copies its text and links the answer, nothing about
    # who gave it (responses carry no respondent).
    answer = models.ForeignKey(
        "surveys.Answer",
        verbose_name=_("from survey answer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    impact = models.PositiveSmallIntegerField(_("impact"), null=True, blank=True, validators=SCORE)
    effort = models.PositiveSmallIntegerField(_("effort"), null=True, blank=True, validators=SCORE)
    # A duplicate points at the idea it was merged into; it keeps its own source for the record.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    measure = models.ForeignKey(
        "Measure",
        verbose_name=_("became measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    created_by = user_reference(_("entered by"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            models.CheckConstraint(
                condition=Q(impact__isnull=True) | Q(impact__gte=1, impact__lte=5),
                name="idea_impact_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(effort__isnull=True) | Q(effort__gte=1, effort__lte=5),
                name="idea_effort_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="idea_not_merged_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def quadrant(self) -> str | None:
        """Where the idea sits in the impact × effort matrix (3 and more is high)."""
        if self.impact is None or self.effort is None:
            return None
        high_impact, high_effort = self.impact >= 3, self.effort >= 3
        if high_impact:
            return "major_project" if high_effort else "quick_win"
        return "thankless" if high_effort else "fill_in"


class Voter(models.Model):
    """One participant's device in one workshop, known by a key kept in a signed cookie."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="voters")
    key = models.CharField(max_length=64)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "key"], name="one_voter_per_device")
        ]

    def __str__(self) -> str:
        return self.name or str(_("Anonymous"))


class Vote(models.Model):
    """One dot. A voter's dots are numbered 1..budget and each number can be spent once:
    the unique constraint and a trigger (migration 0002) hold the limit under concurrency."""

    voter = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="votes")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    dot = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voter", "dot"], name="one_vote_per_dot"),
            models.CheckConstraint(condition=Q(dot__gte=1), name="vote_dot_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.voter}: {self.idea} ({self.dot})"


class Measure(models.Model):
    class Priority(models.IntegerChoices):
        HIGH = 1, _("High")
        MEDIUM = 2, _("Medium")
        LOW = 3, _("Low")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ON_HOLD = "on_hold", _("On hold")
        CANCELLED = "cancelled", _("Cancelled")

    class Precision(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        DATE = "date", _("Date")

    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(
        "taxonomy.Topic", verbose_name=_("topics"), blank=True, related_name="measures"
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    owner_department = models.CharField(_("owner (department)"), max_length=200, blank=True)
    partners = models.ManyToManyField(
        ITPartner, verbose_name=_("IT partners"), blank=True, related_name="measures"
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    # Whether start and end were given as quarters (shown as "Q3 2027") or as exact dates.
    schedule_precision = models.CharField(
        max_length=8, choices=Precision.choices, default=Precision.QUARTER
    )
    depends_on = models.ManyToManyField(
        "self",
        verbose_name=_("depends on"),
        symmetrical=False,
        blank=True,
        related_name="dependents",
    )
    effort_estimate = models.CharField(
        _("effort estimate"), max_length=200, blank=True, help_text=_("For example 40 person-days.")
    )
    # A saving is not a cost: a negative figure would lower the roadmap's total unseen.
    cost_estimate = models.DecimalField(
        _("cost estimate (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("A cost estimate cannot be negative."))],
    )
    kpi = models.CharField(_("success indicator (KPI)"), max_length=300, blank=True)
    kpi_target = models.CharField(_("KPI target"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    council_sessions = models.ManyToManyField(
        "phases.CouncilSession",
        verbose_name=_("council sessions"),
        blank=True,
        related_name="measures",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["priority", "starts_on", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="measure_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def schedule_label(self) -> str:
        """ "Q1 2027 – Q3 2027" (or exact dates), as it was entered."""
        start, end = self.starts_on, self.ends_on
        if not start and not end:
            return ""
        if self.schedule_precision == self.Precision.QUARTER:
            parts = [quarter_label(day) if day else "?" for day in (start, end)]
        else:
            parts = [day.strftime("%d.%m.%Y") if day else "?" for day in (start, end)]
        return parts[0] if parts[0] == parts[1] else f"{parts[0]} – {parts[1]}"

    def is_overdue(self, today: date | None = None) -> bool:
        if self.status in (self.Status.DONE, self.Status.CANCELLED) or not self.ends_on:
            return False
        return self.ends_on < (today or timezone.localdate())


class PartnerComment(models.Model):
    """What an IT partner said about a measure while the integrated roadmap was developed."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="comments")
    partner = models.ForeignKey(
        ITPartner, verbose_name=_("IT partner"), on_delete=models.CASCADE, related_name="comments"
    )
    text = models.TextField(_("comment"))
    recorded_by = user_reference(_("recorded by"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("partner comment")

    def __str__(self) -> str:
        return f"{self.partner}: {self.text[:40]}"


class RoadmapVersion(models.Model):
    """A named, frozen copy of the whole roadmap; never changes once written (migration 0002)."""

    name = models.CharField(_("name"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    snapshot = models.JSONField(editable=False)
    frozen_by = user_reference(_("frozen by"), null=True, blank=True)
    frozen_by_name = models.CharField(max_length=150, blank=True)
    frozen_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-frozen_at", "-id"]
        verbose_name = _("roadmap version")
        verbose_name_plural = _("roadmap versions")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError(_("A frozen roadmap version cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A frozen roadmap version cannot be deleted."))


class Debriefing(models.Model):
    """The Phase 4 debriefing: a meeting of kind debriefing and the roadmap version it presented."""

    # Removing the meeting (cancelled, planned again) keeps the record of which version was
    # presented and what was noted; the debriefing can be linked to the new meeting.
    meeting = models.OneToOneField(
        "phases.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="debriefing",
        limit_choices_to={"kind": "debriefing"},
    )
    version = models.ForeignKey(
        RoadmapVersion,
        verbose_name=_("roadmap version presented"),
        on_delete=models.PROTECT,
        related_name="debriefings",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("debriefing")

    def __str__(self) -> str:
        return str(self.meeting) if self.meeting else str(self.version)


class ProgressUpdate(models.Model):
    """A status report on a measure during implementation; the newest one is its state."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(_("date"), default=timezone.localdate)
    percent_done = models.PositiveSmallIntegerField(
        _("% done"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    blocker = models.TextField(
        _("blocker"), blank=True, help_text=_("What stops the measure, if anything.")
    )
    reported_by = user_reference(_("reported by"), null=True, blank=True)
    reported_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-reported_on", "-created_at", "-id"]
        verbose_name = _("progress update")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_done__lte=100), name="progress_at_most_100_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.percent_done} %"


class CommunicationItem(models.Model):
    """One line of the communication strategy: who hears what, how, when, from whom."""

    class Audience(models.TextChoices):
        COUNCIL = "council", _("Council")
        EMPLOYEES = "employees", _("Employees")
        CITIZENS = "citizens", _("Citizens")
        BUSINESSES = "businesses", _("Businesses")
        PRESS = "press", _("Press")

    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    key_message = models.TextField(_("key message"))
    channel = models.CharField(_("channel"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    responsible = models.CharField(_("responsible person"), max_length=200)
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("about measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communication",
    )

    class Meta:
        ordering = ["starts_on", "audience", "id"]
        verbose_name = _("communication item")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="communication_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()}: {self.channel}"


class Instrument(models.Model):
    """An optional further instrument for mobilisation and transformation chosen for Phase 4."""

    title = models.CharField(_("instrument"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    chosen = models.BooleanField(_("chosen"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("further instrument")
        verbose_name_plural = _("further instruments")

    def __str__(self) -> str:
        return self.title
