"""Who may do what, in one place. Views ask here; nothing else decides access.

The rules are a table of actions against roles (ROLE_ACTIONS). Firm administrators may do
everything a consultant may, on every municipality, but never sign a gate: that is the
municipality's own decision.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .models import Membership, Role, User
from .selectors import public_site_url


class Action(StrEnum):
    VIEW_ENGAGEMENT = "view_engagement"
    EDIT_ACTIVITIES = "edit_activities"
    SUBMIT_PHASE = "submit_phase"
    DECIDE_GATE = "decide_gate"
    REOPEN_PHASE = "reopen_phase"
    EDIT_TAXONOMY = "edit_taxonomy"
    EDIT_MUNICIPALITY = "edit_municipality"
    MANAGE_MEMBERS = "manage_members"


_CONSULTANT_ACTIONS = frozenset(
    {
        Action.VIEW_ENGAGEMENT,
        Action.EDIT_ACTIVITIES,
        Action.SUBMIT_PHASE,
        Action.REOPEN_PHASE,
        Action.EDIT_TAXONOMY,
        Action.EDIT_MUNICIPALITY,
        Action.MANAGE_MEMBERS,
    }
)
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.CONSULTANT: _CONSULTANT_ACTIONS,
    Role.LEAD: frozenset({Action.VIEW_ENGAGEMENT, Action.DECIDE_GATE, Action.REOPEN_PHASE}),
    Role.MEMBER: frozenset({Action.VIEW_ENGAGEMENT}),
}
FIRM_ADMIN_ACTIONS = _CONSULTANT_ACTIONS


def role_in(user: User, municipality_id: int) -> str | None:
    if not user.is_authenticated:
        return None
    # Remembered on the user object: one page asks several questions about the same role.
    roles = user.__dict__.setdefault("_roles", {})
    if municipality_id not in roles:
        roles[municipality_id] = (
            Membership.objects.filter(user=user, municipality_id=municipality_id)
            .values_list("role", flat=True)
            .first()
        )
    return roles[municipality_id]


def can(user: User, action: Action, municipality) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_firm_admin and action in FIRM_ADMIN_ACTIONS:
        return True
    role = role_in(user, municipality.pk)
    return role is not None and action in ROLE_ACTIONS[role]


def can_reach(user: User, municipality) -> bool:
    return can(user, Action.VIEW_ENGAGEMENT, municipality)


def can_create_municipality(user: User) -> bool:
    return user.is_authenticated and user.is_active and (user.is_firm_staff or user.is_firm_admin)


def can_read_audit_log(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_firm_admin


def can_manage_staff(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_firm_admin


def require(action: Action) -> Callable:
    """Decorate a municipality-site view: anonymous users go to login, others need `action`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.build_absolute_uri(), public_login_url(request))
            if not can(request.user, action, request.tenant):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_user(check: Callable[[User], bool]) -> Callable:
    """Decorate a consultancy-site view with a check on the account itself."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def public_login_url(request: HttpRequest) -> str:
    return public_site_url(
        request, reverse("accounts:login", urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    )
