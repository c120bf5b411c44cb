"""Global accounts (public schema): users, their roles per municipality, sign-ins, the audit log."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_superuser=True, is_firm_admin=True, is_firm_staff=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    # Staff of the consultancy may be consultants on engagements and create municipalities.
    is_firm_staff = models.BooleanField(_("consultancy staff"), default=False)
    # Firm administrators see and manage every municipality and read the audit log.
    is_firm_admin = models.BooleanField(_("firm administrator"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff(self) -> bool:
        # Only superusers reach Django's admin; the firm works in Wegweiser's own screens.
        return self.is_superuser

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    CONSULTANT = "consultant", _("Consultant")
    LEAD = "lead", _("Municipal lead")
    MEMBER = "member", _("Municipal member")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(
        "engagements.Municipality", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="one_membership_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.role == Role.CONSULTANT and not self.user.is_firm_staff:
            raise ValidationError(
                {"role": _("Only staff of the consultancy can be consultants on an engagement.")}
            )


class SignIn(models.Model):
    """One password login and every session handed off from it; logging out ends them all."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_ins")
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"


class HandoffToken(models.Model):
    """A single-use, short-lived ticket that carries a sign-in to a municipality's own host."""

    token_hash = models.CharField(max_length=64, unique=True)
    sign_in = models.ForeignKey(SignIn, on_delete=models.CASCADE, related_name="handoffs")
    municipality = models.ForeignKey("engagements.Municipality", on_delete=models.CASCADE)
    next_path = models.CharField(max_length=500, default="/")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.sign_in.user} → {self.municipality}"


class AuditEntry(models.Model):
    """Append-only: a database trigger refuses UPDATE and DELETE on this table."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        MUNICIPALITY_CREATED = "municipality_created", _("Municipality created")
        MUNICIPALITY_UPDATED = "municipality_updated", _("Municipality updated")
        MEMBERSHIP_GRANTED = "membership_granted", _("Membership granted")
        ROLE_CHANGED = "role_changed", _("Role changed")
        MEMBERSHIP_REVOKED = "membership_revoked", _("Membership revoked")
        PHASE_SUBMITTED = "phase_submitted", _("Phase submitted for review")
        GATE_APPROVED = "gate_approved", _("Gate approved")
        GATE_RETURNED = "gate_returned", _("Phase sent back")
        PHASE_REOPENED = "phase_reopened", _("Phase reopened")
        ACCOUNT_CREATED = "account_created", _("Staff account created")
        ACCOUNT_CHANGED = "account_changed", _("Staff account changed")
        EXPORTED = "exported", _("Export")
        RESULTS_PUBLISHED = "results_published", _("Survey results published")
        RESULTS_UNPUBLISHED = "results_unpublished", _("Survey results taken down")
        DELETED = "deleted", _("Deletion")

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT: an account with a history is deactivated, never deleted.
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept as text too, so the entry still says who it was after an account is gone.
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices, db_index=True)
    # No constraint: the log outlives a deleted municipality, whose name stays below.
    municipality = models.ForeignKey(
        "engagements.Municipality",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    municipality_name = models.CharField(max_length=200, blank=True)
    target = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email} {self.action}"

    def detail_items(self) -> list[tuple[str, object]]:
        """The details with readable labels, for the audit log page."""
        return [(DETAIL_LABELS.get(key, key), value) for key, value in self.details.items()]


DETAIL_LABELS = {
    "comment": _("Comment"),
    "slug": _("Web address"),
    "role": _("Role"),
    "from": _("From"),
    "to": _("To"),
    "fields": _("Fields"),
    "kind": _("Kind"),
    "active": _("Active"),
    "firm_admin": _("Firm administrator"),
}
