"""The consultancy's engagements: one municipality (a PostgreSQL schema) per engagement."""

import re

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
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
