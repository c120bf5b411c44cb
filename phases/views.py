from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import Action, can, require

from . import selectors, services
from .forms import ActivityForm, GateCommentForm
from .models import Activity, Phase


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require(Action.VIEW_ENGAGEMENT)
def overview(request: HttpRequest) -> HttpResponse:
    phases = list(selectors.phases_with_progress())
    current = selectors.current_phase(phases)
    submission = selectors.pending_submission(current)
    return render(
        request,
        "phases/overview.html",
        {
            "engagement": selectors.engagement_get(),
            "phases": phases,
            "current": current,
            "submission": submission,
            "reminded_at": selectors.review_reminded_at(current, submission),
            "activities": selectors.activities_of(current),
            "overdue": selectors.overdue_activities(),
            "next_meeting": selectors.next_meeting(),
            "history": selectors.gate_history()[:10],
            **_abilities(request),
        },
    )


def _abilities(request: HttpRequest) -> dict[str, bool]:
    user, municipality = request.user, request.tenant
    return {
        "may_edit": can(user, Action.EDIT_ACTIVITIES, municipality),
        "may_submit": can(user, Action.SUBMIT_PHASE, municipality),
        "may_decide": can(user, Action.DECIDE_GATE, municipality),
        "may_reopen": can(user, Action.REOPEN_PHASE, municipality),
        "may_edit_meetings": can(user, Action.EDIT_MEETINGS, municipality),
    }


@require(Action.VIEW_ENGAGEMENT)
def phase_detail(request: HttpRequest, number: int) -> HttpResponse:
    phase = get_object_or_404(Phase, number=number)
    return render(
        request,
        "phases/phase_detail.html",
        {
            "phase": phase,
            "activities": selectors.activities_of(phase),
            "open_required": services.open_required_activities(phase),
            "history": selectors.gate_history(phase),
            "reminded_at": selectors.review_reminded_at(phase, selectors.pending_submission(phase)),
            "meetings": selectors.meetings_of(phase),
            "council_sessions": selectors.council_sessions().filter(phase=phase),
            **_abilities(request),
        },
    )


def _activity_form(request: HttpRequest, activity: Activity) -> HttpResponse:
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        owners=selectors.possible_owners(request.tenant),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_save(activity=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("phases:detail", number=activity.phase.number)
    return render(
        request,
        "phases/activity_form.html",
        {"form": form, "phase": activity.phase, "activity": activity},
    )


@require(Action.EDIT_ACTIVITIES)
def activity_create(request: HttpRequest, number: int) -> HttpResponse:
    return _activity_form(request, Activity(phase=get_object_or_404(Phase, number=number)))


@require(Action.EDIT_ACTIVITIES)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_form(
        request, get_object_or_404(Activity.objects.select_related("phase"), pk=pk)
    )


@require_POST
@require(Action.EDIT_ACTIVITIES)
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("phase"), pk=pk)
    try:
        services.activity_delete(activity=activity, actor=request.user)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("“%(title)s” was removed.") % {"title": activity.title})
    return redirect("phases:detail", number=activity.phase.number)


@require_POST
@require(Action.EDIT_ACTIVITIES)
def activity_move(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("phase"), pk=pk)
    direction = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.activity_move(activity=activity, direction=direction, actor=request.user)
    except ValidationError as error:
        _flash_errors(request, error)
    return redirect(f"{activity.phase.get_absolute_url()}#activity-{activity.pk}")


GATE_TRANSITIONS = {
    "submit": (services.phase_submit_for_review, "comment", gettext_lazy("Submitted for review.")),
    "approve": (
        services.phase_approve,
        "comment",
        gettext_lazy("Phase approved. The next phase is open."),
    ),
    "return": (services.phase_return, "comment", gettext_lazy("Sent back to the consultants.")),
    "reopen": (services.phase_reopen, "reason", gettext_lazy("Phase reopened.")),
}


@require_POST
@require(Action.VIEW_ENGAGEMENT)
def phase_transition(request: HttpRequest, number: int, transition: str) -> HttpResponse:
    """One endpoint for the gate; the service decides whether this user may make the move."""
    if transition not in GATE_TRANSITIONS:
        raise Http404
    phase = get_object_or_404(Phase, number=number)
    service, comment_argument, done = GATE_TRANSITIONS[transition]
    form = GateCommentForm(request.POST)
    form.is_valid()
    extra = {"reviewed_report": form.cleaned_data.get("report_version")}
    try:
        service(
            phase=phase,
            actor=request.user,
            **{comment_argument: form.cleaned_data.get("comment", "")},
            **(extra if transition == "approve" else {}),
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        last = not Phase.objects.filter(number__gt=phase.number).exists()
        if transition == "approve" and last:
            done = gettext_lazy("Phase approved. All four phases are complete.")
        messages.success(request, str(done))
    return redirect("phases:detail", number=number)
