"""Writes for accounts: sign-ins, hand-offs between hosts, memberships, the audit log."""

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from config.celery_app import enqueue_after_commit

from .models import AuditEntry, HandoffToken, Membership, SignIn, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The address a request comes from: for the audit log, lockouts and rate limits.

    Behind TRUSTED_PROXY_COUNT reverse proxies, REMOTE_ADDR is the innermost proxy's, the same
    for every visitor; the client's is the entry the outermost proxy added to X-Forwarded-For,
    counted from the right. Entries left of it came from the client and may be made up.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def audit_record(
    *,
    action: str,
    actor: User | None,
    municipality=None,
    target: str = "",
    details: dict | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    actor = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_email=actor.email if actor else "",
        municipality=municipality,
        municipality_name=municipality.name if municipality else "",
        target=target[:300],
        details=details or {},
        ip_address=client_ip(request),
    )


# --- Sign-ins ------------------------------------------------------------------------------


def sign_in_start(*, user: User, request: HttpRequest) -> SignIn:
    """Record a password login; the session and every hand-off from it carry its id."""
    sign_in = SignIn.objects.create(user=user)
    audit_record(action=AuditEntry.Action.LOGIN, actor=user, request=request)
    return sign_in


def sign_in_end(*, sign_in_id: str | None, user: User, request: HttpRequest) -> None:
    """Log out everywhere this login reached: the sessions check their sign-in on each request."""
    if sign_in_id:
        SignIn.objects.filter(pk=sign_in_id, ended_at__isnull=True).update(ended_at=timezone.now())
    audit_record(action=AuditEntry.Action.LOGOUT, actor=user, request=request)


def sign_in_is_live(sign_in_id: str | None, user_id: int) -> bool:
    if not sign_in_id:
        return False
    return SignIn.objects.filter(pk=sign_in_id, user_id=user_id, ended_at__isnull=True).exists()


# --- Hand-off to a municipality's host ----------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def handoff_issue(*, sign_in_id: str, municipality, next_path: str) -> str:
    """Return a single-use token valid for a minute; only its hash is stored."""
    if not next_path.startswith("/") or next_path.startswith("//"):
        next_path = "/"
    token = secrets.token_urlsafe(32)
    HandoffToken.objects.create(
        token_hash=_token_hash(token),
        sign_in_id=sign_in_id,
        municipality=municipality,
        next_path=next_path[:500],
        expires_at=timezone.now() + settings.HANDOFF_TOKEN_TTL,
    )
    return token


@transaction.atomic
def handoff_redeem(*, token: str, municipality, now: datetime | None = None) -> HandoffToken:
    """Spend a hand-off token on the host it was issued for; raise ValidationError otherwise."""
    now = now or timezone.now()
    handoff = (
        HandoffToken.objects.select_for_update()
        .select_related("sign_in__user")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    invalid = ValidationError(_("This sign-in link is no longer valid. Please sign in again."))
    if handoff is None or handoff.used_at or handoff.expires_at < now:
        raise invalid
    if handoff.municipality_id != municipality.pk or handoff.sign_in.ended_at:
        raise invalid
    if not handoff.sign_in.user.is_active:
        raise invalid
    handoff.used_at = now
    handoff.save(update_fields=["used_at"])
    return handoff


# --- Memberships ---------------------------------------------------------------------------


@transaction.atomic
def membership_grant(
    *,
    municipality,
    email: str,
    full_name: str,
    role: str,
    granted_by: User,
    request: HttpRequest | None = None,
) -> Membership:
    """Give a person a role in a municipality, creating their account (and invite) if new."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    is_new_account = user is None
    if is_new_account:
        user = User(email=email, full_name=full_name.strip() or email)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    if Membership.objects.filter(user=user, municipality=municipality).exists():
        raise ValidationError(
            _("%(email)s already has a role in %(municipality)s.")
            % {"email": email, "municipality": municipality.name}
        )
    membership = Membership(user=user, municipality=municipality, role=role)
    membership.full_clean()
    membership.save()
    audit_record(
        action=AuditEntry.Action.MEMBERSHIP_GRANTED,
        actor=granted_by,
        municipality=municipality,
        target=user.email,
        details={"role": role},
        request=request,
    )
    if is_new_account and request is not None:
        from .tasks import send_account_invitation

        enqueue_after_commit(send_account_invitation, user.pk, _site_url(request))
    return membership


def _site_url(request: HttpRequest) -> str:
    """The consultancy's site as this request reached it; invitation links lead there."""
    return f"{request.scheme}://{request.get_host()}"


def account_invitation_send(*, user: User, site_url: str) -> None:
    """Mail a new account its link to choose a password (Django's reset token, one use)."""
    if user.has_usable_password():
        return
    context = {
        "user": user,
        "link": site_url
        + reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
            urlconf=settings.PUBLIC_SCHEMA_URLCONF,
        ),
    }
    with translation.override(user.language):
        subject = render_to_string("emails/account_invitation_subject.txt", context).strip()
        body = render_to_string("emails/account_invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: str, changed_by: User, request: HttpRequest | None = None
) -> Membership:
    previous = membership.role
    if previous == role:
        return membership
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    audit_record(
        action=AuditEntry.Action.ROLE_CHANGED,
        actor=changed_by,
        municipality=membership.municipality,
        target=membership.user.email,
        details={"from": previous, "to": role},
        request=request,
    )
    return membership


@transaction.atomic
def membership_revoke(
    *, membership: Membership, revoked_by: User, request: HttpRequest | None = None
) -> None:
    audit_record(
        action=AuditEntry.Action.MEMBERSHIP_REVOKED,
        actor=revoked_by,
        municipality=membership.municipality,
        target=membership.user.email,
        details={"role": membership.role},
        request=request,
    )
    membership.delete()


# --- The consultancy's own staff ------------------------------------------------------------


@transaction.atomic
def staff_invite(
    *, email: str, full_name: str, is_firm_admin: bool, invited_by: User, request: HttpRequest
) -> User:
    """Create a consultant's account; they choose their password from the invitation mail."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address exists.")})
    user = User(email=email, full_name=full_name.strip(), is_firm_staff=True)
    user.is_firm_admin = is_firm_admin
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        action=AuditEntry.Action.ACCOUNT_CREATED,
        actor=invited_by,
        target=email,
        details={"firm_admin": is_firm_admin},
        request=request,
    )
    from .tasks import send_account_invitation

    enqueue_after_commit(send_account_invitation, user.pk, _site_url(request))
    return user


@transaction.atomic
def staff_update(
    *, user: User, is_active: bool, is_firm_admin: bool, changed_by: User, request: HttpRequest
) -> User:
    """Change a staff account. Deactivating it ends every session it has anywhere."""
    if user.pk == changed_by.pk and (not is_active or not is_firm_admin):
        raise ValidationError(_("You cannot remove your own administrator rights or access."))
    changes = {}
    if user.is_active != is_active:
        changes["active"] = is_active
    if user.is_firm_admin != is_firm_admin:
        changes["firm_admin"] = is_firm_admin
    if not changes:
        return user
    user.is_active, user.is_firm_admin = is_active, is_firm_admin
    user.save(update_fields=["is_active", "is_firm_admin"])
    if not is_active:
        SignIn.objects.filter(user=user, ended_at__isnull=True).update(ended_at=timezone.now())
    audit_record(
        action=AuditEntry.Action.ACCOUNT_CHANGED,
        actor=changed_by,
        target=user.email,
        details=changes,
        request=request,
    )
    return user


@transaction.atomic
def password_change(*, form: PasswordChangeForm, request: HttpRequest) -> User:
    """Set the new password; this session stays, every other session of the account ends."""
    user = form.save()
    update_session_auth_hash(request, user)
    audit_record(action=AuditEntry.Action.PASSWORD_CHANGED, actor=user, request=request)
    return user
