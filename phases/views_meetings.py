"""Meetings and events of the phases, and the council sessions: everyone of the municipality
reads, consultants write (EDIT_MEETINGS)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.form_pages import form_page
from accounts.permissions import Action, can, require

from . import meetings as services
from . import selectors
from .calendar import ics_filename, meeting_ics
from .meeting_forms import (
    CouncilSessionForm,
    DecisionForm,
    FollowUpForm,
    MeetingForm,
    ParticipantForm,
)
from .models import Activity, CouncilSession, Decision, Meeting, Participant, Phase


def _may_edit(request: HttpRequest) -> bool:
    return can(request.user, Action.EDIT_MEETINGS, request.tenant)


def _meeting_or_404(pk: int) -> Meeting:
    try:
        return selectors.meeting_get(pk)
    except Meeting.DoesNotExist as missing:
        raise Http404 from missing


# --- The agenda and a meeting's page ---------------------------------------------------------


@require(Action.VIEW_ENGAGEMENT)
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The engagement-wide agenda: upcoming meetings first, then past ones; by phase on request."""
    phases = list(Phase.objects.order_by("number"))
    phase = next((p for p in phases if str(p.number) == request.GET.get("phase")), None)
    upcoming, past = selectors.meetings_upcoming(), selectors.meetings_past()
    if phase is not None:
        upcoming, past = upcoming.filter(phase=phase), past.filter(phase=phase)
    return render(
        request,
        "phases/meeting_list.html",
        {
            "phases": phases,
            "phase": phase,
            "upcoming": upcoming,
            "past": past,
            "may_edit_meetings": _may_edit(request),
        },
    )


def _detail(request: HttpRequest, meeting: Meeting, **forms) -> HttpResponse:
    """The meeting's page; `forms` carries a bound form back with its errors and input."""
    context = {"meeting": meeting, "phase": meeting.phase, "may_edit_meetings": _may_edit(request)}
    if context["may_edit_meetings"]:
        accounts = selectors.possible_owners(request.tenant)
        context |= {
            "participant_form": ParticipantForm(accounts=accounts),
            "decision_form": DecisionForm(),
            "task_form": FollowUpForm(owners=accounts),
            **forms,
        }
    return render(request, "phases/meeting_detail.html", context)


@require(Action.VIEW_ENGAGEMENT)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _meeting_or_404(pk))


@require(Action.VIEW_ENGAGEMENT)
def meeting_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("organiser"), pk=pk)
    content = meeting_ics(
        meeting=meeting,
        page_url=request.build_absolute_uri(meeting.get_absolute_url()),
        domain=request.get_host().split(":")[0],
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(meeting)}"'
    return response


# --- Creating, editing and removing meetings --------------------------------------------------


def _meeting_form(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        phase=meeting.phase,
        organisers=selectors.possible_owners(request.tenant),
    )
    return form_page(
        request,
        form,
        lambda: services.meeting_save(meeting=form.save(commit=False), actor=request.user),
        done=lambda saved: meeting,
        template="phases/meeting_form.html",
        context={"meeting": meeting, "phase": meeting.phase},
        saved=_("Meeting saved."),
    )


@require(Action.EDIT_MEETINGS)
def meeting_create(request: HttpRequest, number: int) -> HttpResponse:
    phase = get_object_or_404(Phase, number=number)
    meeting = Meeting(phase=phase, organiser=request.user)
    # "Plan a meeting for this activity" links here with the activity and a fitting kind.
    activity = phase.activities.filter(pk=request.GET.get("activity") or None).first()
    if activity is not None:
        meeting.activity, meeting.title = activity, activity.title
    if request.GET.get("kind") in Meeting.Kind.values:
        meeting.kind = request.GET["kind"]
    return _meeting_form(request, meeting)


@require(Action.EDIT_MEETINGS)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, get_object_or_404(Meeting.objects.select_related("phase"), pk=pk))


@require_POST
@require(Action.EDIT_MEETINGS)
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("phase"), pk=pk)
    services.meeting_delete(meeting=meeting, actor=request.user)
    messages.success(request, _("“%(title)s” was removed.") % {"title": meeting.title})
    return redirect(meeting.phase)


# --- Participants, decisions and follow-up tasks -----------------------------------------------


@require_POST
@require(Action.EDIT_MEETINGS)
def participant_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    form = ParticipantForm(
        request.POST,
        instance=Participant(meeting=meeting),
        accounts=selectors.possible_owners(request.tenant),
    )
    if form.is_valid():
        try:
            services.participant_save(participant=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Participant added."))
            return redirect(f"{meeting.get_absolute_url()}#participants")
    return _detail(request, meeting, participant_form=form)


@require(Action.EDIT_MEETINGS)
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects.select_related("meeting__phase"), pk=pk)
    form = ParticipantForm(
        request.POST or None,
        instance=participant,
        accounts=selectors.possible_owners(request.tenant),
    )
    return form_page(
        request,
        form,
        lambda: services.participant_save(participant=form.save(commit=False), actor=request.user),
        done=lambda saved: f"{participant.meeting.get_absolute_url()}#participants",
        template="phases/meeting_participant_form.html",
        context={"participant": participant, "meeting": participant.meeting},
        saved=_("Participant saved."),
    )


@require_POST
@require(Action.EDIT_MEETINGS)
def participant_delete(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects.select_related("meeting"), pk=pk)
    services.participant_delete(participant=participant, actor=request.user)
    messages.success(request, _("“%(name)s” was removed.") % {"name": participant.name})
    return redirect(f"{participant.meeting.get_absolute_url()}#participants")


@require_POST
@require(Action.EDIT_MEETINGS)
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    form = DecisionForm(request.POST, instance=Decision(meeting=meeting))
    if form.is_valid():
        services.decision_save(decision=form.save(commit=False), actor=request.user)
        messages.success(request, _("Decision recorded."))
        return redirect(f"{meeting.get_absolute_url()}#decisions")
    return _detail(request, meeting, decision_form=form)


@require(Action.EDIT_MEETINGS)
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting__phase"), pk=pk)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        services.decision_save(decision=form.save(commit=False), actor=request.user)
        messages.success(request, _("Decision saved."))
        return redirect(f"{decision.meeting.get_absolute_url()}#decisions")
    return render(
        request,
        "phases/meeting_decision_form.html",
        {"form": form, "decision": decision, "meeting": decision.meeting},
    )


@require_POST
@require(Action.EDIT_MEETINGS)
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    services.decision_delete(decision=decision, actor=request.user)
    messages.success(request, _("Decision removed."))
    return redirect(f"{decision.meeting.get_absolute_url()}#decisions")


@require_POST
@require(Action.EDIT_MEETINGS)
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    form = FollowUpForm(
        request.POST,
        instance=Activity(phase=meeting.phase),
        owners=selectors.possible_owners(request.tenant),
    )
    if form.is_valid():
        try:
            services.follow_up_create(
                meeting=meeting, task=form.save(commit=False), actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Follow-up task added to the activities of “%(phase)s”.")
                % {"phase": meeting.phase.title},
            )
            return redirect(f"{meeting.get_absolute_url()}#tasks")
    return _detail(request, meeting, task_form=form)


# --- Council sessions ------------------------------------------------------------------------


@require(Action.VIEW_ENGAGEMENT)
def council_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "phases/council_list.html",
        {"sessions": selectors.council_sessions(), "may_edit_meetings": _may_edit(request)},
    )


def _council_form(request: HttpRequest, session: CouncilSession) -> HttpResponse:
    form = CouncilSessionForm(request.POST or None, instance=session)
    return form_page(
        request,
        form,
        lambda: services.council_session_save(session=form.save(commit=False), actor=request.user),
        done=lambda saved: reverse("phases:council_list"),
        template="phases/council_form.html",
        context={"session": session},
        saved=_("Council session saved."),
    )


@require(Action.EDIT_MEETINGS)
def council_create(request: HttpRequest) -> HttpResponse:
    return _council_form(request, CouncilSession())


@require(Action.EDIT_MEETINGS)
def council_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _council_form(request, get_object_or_404(CouncilSession, pk=pk))


@require_POST
@require(Action.EDIT_MEETINGS)
def council_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CouncilSession, pk=pk)
    services.council_session_delete(session=session, actor=request.user)
    messages.success(request, _("Council session removed."))
    return redirect("phases:council_list")
