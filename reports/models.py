"""Documents built from a municipality's engagement: every build is kept as a version."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phases.models import user_reference


class Kind(models.TextChoices):
    PHASE1_RESULTS = "phase1_results", _("Phase 1 results presentation")
    PHASE2_RESULTS = "phase2_results", _("Phase 2 results presentation")
    ROADMAP = "roadmap", _("Roadmap document")
    IMPLEMENTATION_BRIEF = "implementation_brief", _("Implementation brief")


# Each document is the deliverable of one phase of the method; the pages address it that way.
PHASE_OF_KIND: dict[str, int] = {
    Kind.PHASE1_RESULTS: 1,
    Kind.PHASE2_RESULTS: 2,
    Kind.ROADMAP: 3,
    Kind.IMPLEMENTATION_BRIEF: 4,
}
KIND_OF_PHASE: dict[int, str] = {number: kind for kind, number in PHASE_OF_KIND.items()}


def report_path(version: "ReportVersion", filename: str) -> str:
    # The default storage puts this under MEDIA_ROOT/<schema>/, the municipality's own folder.
    return f"reports/{version.kind}/{filename}"


class ReportVersion(models.Model):
    """One requested build of a document, from the request to the finished PDF."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("document"), max_length=32, choices=Kind.choices)
    # Counts per document: "version 3 of the roadmap document".
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(
        _("language"), max_length=8, choices=[("de", _("German")), ("en", _("English"))]
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    error = models.TextField(_("error"), blank=True)
    requested_by = user_reference(_("requested by"), null=True, blank=True)
    # The name as it was, so the version list stays readable whatever happens to the account.
    requested_by_name = models.CharField(max_length=150, blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # reports.rendering.content_hash of what the version says; empty for versions made before
    # it was kept. A version whose document would now read differently is out of date.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # reports.rendering.section_hashes: where an out-of-date version reads differently.
    section_hashes = models.JSONField(default=dict, blank=True, editable=False)
    # The frozen roadmap version the document shows (roadmap document, implementation brief).
    roadmap_version = models.ForeignKey(
        "roadmap.RoadmapVersion",
        verbose_name=_("roadmap version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["kind", "-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="one_report_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.number}"

    @property
    def phase_number(self) -> int:
        return PHASE_OF_KIND[self.kind]

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.BUILDING)

    @property
    def download_name(self) -> str:
        return f"{self.kind}-v{self.number}.pdf"


class GateReview(models.Model):
    """Which version of a phase's document the lead had in front of them at the sign-off."""

    gate_event = models.OneToOneField(
        "phases.GateEvent", on_delete=models.CASCADE, related_name="report_review"
    )
    # PROTECT: the document a lead signed off on stays available.
    report_version = models.ForeignKey(
        ReportVersion, on_delete=models.PROTECT, related_name="gate_reviews"
    )

    def __str__(self) -> str:
        return f"{self.gate_event}: {self.report_version}"
