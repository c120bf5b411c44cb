"""The consultancy's engagements: one municipality (a PostgreSQL schema) per engagement."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

# A slug becomes both a host name label and (with - as _) a PostgreSQL schema name.
SLUG_PATTERN = r"^[a-z][a-z0-9-]{1,40}[a-z0-9]$"
RESERVED_SLUGS = frozenset(
    {"public", "www", "admin", "api", "static", "media", "mail", "smtp", "app", "tenant-template"}
)


def logo_path(municipality: "Municipality", filename: str) -> str:
    # Under the municipality's own media folder, whichever site the upload came from.
    return f"{municipality.schema_name}/branding/{filename}"


def max_logo_size(file) -> None:
    if file.size > 2 * 1024 * 1024:
        raise ValidationError(_("The logo may be at most 2 MB."))


branding_storage = FileSystemStorage()

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour such as #1f5f8b."))


def _luminance(colour: str) -> float:
    """Relative luminance as WCAG 2.1 defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def readable_under_white_text(colour: str) -> None:
    # The header, buttons and report covers set white text on the brand colour.
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        return
    contrast = 1.05 / (_luminance(colour) + 0.05)
    if contrast < 4.5:
        raise ValidationError(
            _(
                "White text on this colour is hard to read (contrast %(contrast).1f:1, at least "
                "4.5:1 is needed). Choose a darker shade."
            )
            % {"contrast": contrast}
        )


class Municipality(TenantMixin):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("web address"), max_length=42, unique=True)
    region = models.CharField(_("state / region"), max_length=100, blank=True)
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    logo = models.ImageField(
        _("logo"),
        upload_to=logo_path,
        storage=branding_storage,
        blank=True,
        validators=[max_logo_size],
        help_text=_("A PNG or JPEG image of at most 2 MB, used in reports."),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#1f5f8b",
        validators=[hex_colour, readable_under_white_text],
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    language = models.CharField(
        _("language of the engagement"),
        max_length=8,
        choices=[("de", _("German")), ("en", _("English"))],
        default="de",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A summary of the engagement kept in the public schema, so lists of municipalities
    # never have to open every municipality's schema. Written by phases.services only.
    current_phase = models.PositiveSmallIntegerField(default=1)
    current_phase_state = models.CharField(max_length=16, default="active")
    benchmarking_opt_in = models.BooleanField(
        _("take part in benchmarking"),
        default=False,
        help_text=_(
            "The municipality's maturity ratings and change-readiness indices are counted, "
            "without its name, in the medians that municipalities of the same size see. Only "
            "a municipality that takes part sees the comparison (its lead, on the Benchmark "
            "page), and only once at least five of its size take part."
        ),
    )

    # Provisioning runs in one transaction; a failure rolls the schema back with the row.
    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.schema_name == "public"


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")


class MunicipalitySummary(models.Model):
    """What the portfolio shows of one engagement, copied out of the municipality's schema.

    Refreshed after every change to the data it summarises (engagements.summary), so the
    portfolio never opens a municipality's schema. Anything that depends on today's date
    (days in the phase, overdue activities, the next meeting) is derived when the page is
    read, from dates kept here and in DueItem, so the summary cannot go stale overnight.
    """

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    # The current phase's number and gate state live on Municipality (phases.services keeps
    # them in step within the gate's own transaction); its title and start are kept here.
    phase_title = models.CharField(max_length=200, blank=True)
    phase_entered_at = models.DateTimeField(null=True, blank=True)
    # When the current phase went to its lead for sign-off; None unless it waits for one.
    review_submitted_at = models.DateTimeField(null=True, blank=True)
    activity_count = models.PositiveIntegerField(default=0)
    finished_activity_count = models.PositiveIntegerField(default=0)
    # Shares from 0 to 1; None while the municipality has no survey or roadmap yet.
    survey_response_rate = models.FloatField(null=True, blank=True)
    roadmap_progress = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("municipality summary")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.phase_title}"


class DueItem(models.Model):
    """An open, dated activity or an upcoming meeting of one municipality, for the due lists."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Activity")
        MEETING = "meeting", _("Meeting")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="due_items"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=300)
    context = models.CharField(max_length=200, blank=True)
    due_on = models.DateField()
    starts_at = models.DateTimeField(null=True, blank=True)
    # An account id from the municipality's schema; accounts are deactivated, never deleted.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    path = models.CharField(max_length=200)

    class Meta:
        ordering = ["due_on", "starts_at", "id"]
        indexes = [models.Index(fields=["municipality", "kind", "due_on"])]

    def __str__(self) -> str:
        return self.title


class BenchmarkFigure(models.Model):
    """One comparable figure of one municipality: a topic's maturity or a readiness index.

    `key` is the same for every municipality (a method topic, an index), never a name a
    municipality typed, so figures of different municipalities can be compared.
    """

    class Kind(models.TextChoices):
        MATURITY = "maturity", _("Maturity per topic")
        READINESS = "readiness", _("Change readiness")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="benchmark_figures"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    key = models.CharField(max_length=120)
    value = models.FloatField()

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "key"], name="one_benchmark_figure_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}: {self.value}"
