"""Phase 1 analysis of one municipality (tenant schema): documents, interviews, findings, maturity.

Everything the consultants learn is coded as a Finding (statement, result topic, taxonomy
topic, kind), whether it comes from a reviewed document or an interview. The synthesis and the
Phase 1 results presentation are built from findings and maturity ratings only.
"""

import uuid
from pathlib import PurePath

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phases.models import user_reference


class ResultTopic(models.TextChoices):
    """The five topics of the Phase 1 results presentation (the method's own list)."""

    STATUS_QUO = "status_quo", _("Status quo of digitization")
    NEEDS = "needs", _("Needs")
    COMPETENCES = "competences", _("Competences")
    PROCESSES = "processes", _("Processes")
    CHALLENGES = "challenges", _("Challenges")


def document_path(document: "Document", filename: str) -> str:
    # A random name: the stored path never reveals the original name and cannot be guessed.
    # The default storage puts it under MEDIA_ROOT/<schema>/, which no URL serves.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"documents/{uuid.uuid4().hex}{suffix}"


class Document(models.Model):
    """A document of the municipality, uploaded for the desktop analysis, and its review."""

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Strategy or concept")
        IT_PLAN = "it_plan", _("IT plan")
        ORG_CHART = "org_chart", _("Organisation chart")
        COUNCIL_DECISION = "council_decision", _("Council decision")
        REPORT = "report", _("Report or statistics")
        OTHER = "other", _("Other")

    class Relevance(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    # The type found in the content at upload, never the browser's claim.
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = user_reference(_("uploaded by"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # The review.
    summary = models.TextField(_("summary"), blank=True)
    relevance = models.PositiveSmallIntegerField(
        _("relevance"), choices=Relevance.choices, null=True, blank=True
    )
    topics = models.ManyToManyField(
        "taxonomy.Topic", verbose_name=_("topics"), related_name="documents", blank=True
    )
    reviewed_by = user_reference(_("reviewed by"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interviews:document_detail", args=[self.pk])

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class InterviewGuide(models.Model):
    """A guide for the qualitative interviews: questions grouped by the five result topics."""

    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, choices=[("de", _("German")), ("en", _("English"))]
    )
    description = models.TextField(_("description"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("interview guide")
        verbose_name_plural = _("interview guides")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interviews:guide_detail", args=[self.pk])


class GuideQuestion(models.Model):
    guide = models.ForeignKey(InterviewGuide, on_delete=models.CASCADE, related_name="questions")
    result_topic = models.CharField(_("result topic"), max_length=20, choices=ResultTopic.choices)
    text = models.TextField(_("question"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Interview(models.Model):
    """An interview with a responsible person of the municipality."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")

    interviewee_name = models.CharField(_("interviewee"), max_length=150)
    interviewee_role = models.CharField(_("role"), max_length=150, blank=True)
    department = models.CharField(_("department"), max_length=150, blank=True)
    held_on = models.DateField(_("date"), null=True, blank=True)
    interviewer = user_reference(_("interviewer"), null=True, blank=True)
    guide = models.ForeignKey(
        InterviewGuide,
        verbose_name=_("guide"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interviews",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_note = models.CharField(_("how consent was given"), max_length=300, blank=True)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state", "held_on", "id"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        return self.interviewee_name

    def get_absolute_url(self) -> str:
        return reverse("interviews:interview_detail", args=[self.pk])

    @property
    def attribution(self) -> str:
        return ", ".join(
            part for part in (self.interviewee_name, self.interviewee_role, self.department) if part
        )


class InterviewNote(models.Model):
    """The notes to one question of an interview.

    The question is copied from the guide when the interview is created, so later edits of the
    guide never change what an interview was asked.
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="notes")
    result_topic = models.CharField(_("result topic"), max_length=20, choices=ResultTopic.choices)
    question = models.TextField(_("question"))
    text = models.TextField(_("notes"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("interview note")

    def __str__(self) -> str:
        return self.question


class Finding(models.Model):
    """One coded finding of the analysis, from an interview, a document or elsewhere."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        WEAKNESS = "weakness", _("Weakness")
        NEED = "need", _("Need")
        IDEA = "idea", _("Idea")
        RISK = "risk", _("Risk")

    class Source(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        DOCUMENT = "document", _("Document")
        OTHER = "other", _("Other")

    statement = models.CharField(_("statement"), max_length=500)
    result_topic = models.CharField(_("result topic"), max_length=20, choices=ResultTopic.choices)
    topic = models.ForeignKey(
        "taxonomy.Topic",
        verbose_name=_("taxonomy topic"),
        null=True,
        blank=True,
        # A removed taxonomy topic leaves its findings uncoded rather than deleting them.
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    quote = models.TextField(_("verbatim quote"), blank=True)
    quote_attributed = models.BooleanField(
        _("attribute the quote to the interviewee"),
        default=False,
        help_text=_("Only with the interviewee's consent. Without it the quote stays anonymous."),
    )
    is_key = models.BooleanField(_("key finding for the results presentation"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    interview = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    note = models.ForeignKey(
        InterviewNote, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    source_detail = models.CharField(_("where from"), max_length=200, blank=True)
    created_by = user_reference(_("coded by"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["result_topic", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(
                name="finding_source_matches_origin",
                condition=(
                    models.Q(source="interview", interview__isnull=False, document__isnull=True)
                    | models.Q(source="document", document__isnull=False, interview__isnull=True)
                    | models.Q(source="other", document__isnull=True, interview__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.statement


class MaturityRating(models.Model):
    """The consultants' rating of a taxonomy topic: the status quo later phases compare against."""

    topic = models.OneToOneField(
        "taxonomy.Topic",
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="maturity",
    )
    level = models.PositiveSmallIntegerField(
        _("maturity (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rationale = models.TextField(_("rationale"))
    findings = models.ManyToManyField(
        Finding, verbose_name=_("findings it rests on"), related_name="ratings", blank=True
    )
    rated_by = user_reference(_("rated by"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["topic__dimension__position", "topic__position", "topic_id"]
        verbose_name = _("maturity rating")
        verbose_name_plural = _("maturity ratings")
        constraints = [
            models.CheckConstraint(
                name="maturity_level_1_to_5", condition=models.Q(level__gte=1, level__lte=5)
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic}: {self.level}"
