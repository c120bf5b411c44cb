"""The firm's template library (public schema): versioned JSON documents curated by firm admins.

A new municipality gets a copy of each template's current version in its own schema (see
library.services.templates_seed); the library never points into a municipality's schema, so
later versions change nothing in a running engagement.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SURVEY = "survey", _("Survey template")
    INTERVIEW_GUIDE = "interview_guide", _("Interview guide")
    ACTIVITY_CHECKLIST = "activity_checklist", _("Phase activity checklist")


class LibraryTemplate(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "language", "title"]
        verbose_name = _("library template")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="one_library_template_per_key")
        ]

    def __str__(self) -> str:
        return self.title


class TemplateVersion(models.Model):
    template = models.ForeignKey(LibraryTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    structure = models.JSONField(_("content"))
    note = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="one_template_version_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class TemplateProposal(models.Model):
    """A template improved in one engagement, offered back to the library by a consultant."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    # The library template it improves; empty for a template the library does not have yet.
    template = models.ForeignKey(
        LibraryTemplate,
        verbose_name=_("improves"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    structure = models.JSONField(_("content"))
    note = models.TextField(_("what is better about it"))
    municipality = models.ForeignKey(
        "engagements.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        related_name="template_proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)
    version = models.ForeignKey(
        TemplateVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("template proposal")

    def __str__(self) -> str:
        return self.title
