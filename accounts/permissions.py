"""Who may do what, in one place. Views ask here; nothing else decides access.

The rules are a table of actions against roles (ROLE_ACTIONS). Firm administrators may do
everything a consultant may, on every municipality, but never sign a gate: that is the
municipality's own decision.

Phase 1 analysis: consultants do it (EDIT_ANALYSIS). Everyone of the municipality reads its
conclusions (VIEW_ANALYSIS: findings, synthesis, maturity, results, the document list). The raw
sources (VIEW_ANALYSIS_SOURCES: interview notes and the uploaded files) are for consultants and
leads only: interviewees speak in confidence, and documents handed over may be internal drafts.
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
    REQUEST_REPORT = "request_report"
    VIEW_ANALYSIS = "view_analysis"
    VIEW_ANALYSIS_SOURCES = "view_analysis_sources"
    EDIT_ANALYSIS = "edit_analysis"
    # Meetings, their participants, minutes, decisions and follow-ups; council sessions.
    EDIT_MEETINGS = "edit_meetings"
    # Workshops, ideas, measures, roadmap versions, communication strategy (Phases 3 and 4).
    EDIT_ROADMAP = "edit_roadmap"
    # Progress updates on measures: the municipality reports on its own implementation too.
    REPORT_PROGRESS = "report_progress"
    # Surveys: building, recipients, invitations (consultants); results (consultants, leads).
    EDIT_SURVEYS = "edit_surveys"
    VIEW_SURVEY_RESULTS = "view_survey_results"
    # Putting a closed survey's results on the city's website, or taking them down: the
    # municipality's own decision as much as the consultant's (consultants, leads).
    PUBLISH_SURVEY_RESULTS = "publish_survey_results"
    # Printing a group's paper questionnaire and typing in the returned ones: done where they
    # come back, at the town hall, by any of the municipality's people as by the consultants.
    ENTER_PAPER_RESPONSES = "enter_paper_responses"
    # The municipality's figures against the medians of comparable ones (consultants, leads).
    VIEW_BENCHMARK = "view_benchmark"
    # Offer a template improved in this engagement back to the firm's library (consultants).
    OFFER_TEMPLATE = "offer_template"


_CONSULTANT_ACTIONS = frozenset(
    {
        Action.VIEW_ENGAGEMENT,
        Action.EDIT_ACTIVITIES,
        Action.SUBMIT_PHASE,
        Action.REOPEN_PHASE,
        Action.EDIT_TAXONOMY,
        Action.EDIT_MUNICIPALITY,
        Action.MANAGE_MEMBERS,
        Action.VIEW_ANALYSIS,
        Action.VIEW_ANALYSIS_SOURCES,
        Action.EDIT_ANALYSIS,
        Action.EDIT_MEETINGS,
        Action.REQUEST_REPORT,
        Action.EDIT_ROADMAP,
        Action.REPORT_PROGRESS,
        Action.EDIT_SURVEYS,
        Action.VIEW_SURVEY_RESULTS,
        Action.PUBLISH_SURVEY_RESULTS,
        Action.ENTER_PAPER_RESPONSES,
        Action.VIEW_BENCHMARK,
        Action.OFFER_TEMPLATE,
    }
)
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.CONSULTANT: _CONSULTANT_ACTIONS,
    Role.LEAD: frozenset(
        {
            Action.VIEW_ENGAGEMENT,
            Action.DECIDE_GATE,
            Action.REOPEN_PHASE,
            Action.VIEW_ANALYSIS,
            Action.VIEW_ANALYSIS_SOURCES,
            Action.REQUEST_REPORT,
            Action.REPORT_PROGRESS,
            Action.VIEW_SURVEY_RESULTS,
            Action.PUBLISH_SURVEY_RESULTS,
            Action.ENTER_PAPER_RESPONSES,
            Action.VIEW_BENCHMARK,
        }
    ),
    Role.MEMBER: frozenset(
        {Action.VIEW_ENGAGEMENT, Action.VIEW_ANALYSIS, Action.ENTER_PAPER_RESPONSES}
    ),
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


def can_use_library(user: User) -> bool:
    """The firm's template library and a consultant's own due list: consultancy staff."""
    return user.is_authenticated and user.is_active and (user.is_firm_staff or user.is_firm_admin)


def can_curate_library(user: User) -> bool:
    """New versions of library templates, and decisions on proposals: firm administrators."""
    return user.is_authenticated and user.is_active and user.is_firm_admin


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
