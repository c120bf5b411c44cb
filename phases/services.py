"""Every write to the engagement goes through here: seeding, activities, and the phase gates.

Gate transitions (locked → active → in review → approved, back again by send-back or reopening)
are only ever made by the phase_* functions below; each checks role and state and changes
nothing when it refuses.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User
from accounts.permissions import Action, can
from accounts.services import audit_record
from config.celery_app import enqueue_after_commit

from .method import PHASES
from .models import Activity, Engagement, GateEvent, Phase

State = Phase.State


def engagement_seed(*, title: str) -> Engagement:
    """Create the engagement with the method's four phases and their activities."""
    engagement = Engagement.objects.create(title=title)
    for number, spec in enumerate(PHASES, start=1):
        phase = Phase.objects.create(
            engagement=engagement,
            number=number,
            title=str(spec["title"]),
            description=str(spec["description"]),
            state=State.ACTIVE if number == 1 else State.LOCKED,
            activated_at=timezone.now() if number == 1 else None,
        )
        Activity.objects.bulk_create(
            Activity(
                phase=phase,
                title=str(title),
                description=str(description),
                required_for_gate=required,
                position=position,
            )
            for position, (title, description, required) in enumerate(spec["activities"])
        )
    return engagement


def _municipality():
    return connection.tenant


def _require(actor: User, action: Action) -> None:
    if not can(actor, action, _municipality()):
        raise PermissionDenied(_("Your role does not allow this."))


def _lock(phase: Phase) -> Phase:
    """Re-read the phase under a row lock so two concurrent decisions cannot both pass."""
    return Phase.objects.select_for_update().get(pk=phase.pk)


def _record(phase: Phase, kind: str, actor: User, comment: str, audit_action: str) -> GateEvent:
    event = GateEvent.objects.create(
        phase=phase, kind=kind, actor=actor, actor_name=str(actor), comment=comment
    )
    audit_record(
        action=audit_action,
        actor=actor,
        municipality=_municipality(),
        target=str(phase),
        details={"comment": comment} if comment else {},
    )
    from .tasks import notify_gate_event

    enqueue_after_commit(notify_gate_event, event.pk)
    _summary_update()
    return event


def _summary_update() -> None:
    """Copy the current phase to the public schema's municipality row for the portfolio."""
    from engagements.models import Municipality

    phases = list(Phase.objects.order_by("number").values_list("number", "state"))
    current = next(((n, s) for n, s in phases if s != State.APPROVED), phases[-1])
    Municipality.objects.filter(pk=_municipality().pk).update(
        current_phase=current[0], current_phase_state=current[1]
    )


# --- Activities ----------------------------------------------------------------------------


def _require_editable(phase: Phase) -> None:
    if not phase.activities_are_editable:
        raise ValidationError(
            _(
                "“%(phase)s” has the state “%(state)s”; its activities can change again once "
                "it is sent back or reopened."
            )
            % {"phase": phase.title, "state": phase.get_state_display()}
        )


def _validate_skip(activity: Activity) -> None:
    if (
        activity.status == Activity.Status.SKIPPED
        and activity.required_for_gate
        and not activity.skip_reason.strip()
    ):
        raise ValidationError(
            {"skip_reason": _("This activity is required for the gate: say why it is skipped.")}
        )


@transaction.atomic
def activity_save(*, activity: Activity, actor: User) -> Activity:
    """Create or update an activity of a phase that is still being worked on."""
    _require(actor, Action.EDIT_ACTIVITIES)
    _require_editable(_lock(activity.phase))
    if activity.status != Activity.Status.SKIPPED:
        activity.skip_reason = ""
    _validate_skip(activity)
    if activity._state.adding:
        last = activity.phase.activities.aggregate(m=Max("position"))["m"]
        activity.position = 0 if last is None else last + 1
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor: User) -> None:
    _require(actor, Action.EDIT_ACTIVITIES)
    _require_editable(_lock(activity.phase))
    audit_record(
        action=AuditEntry.Action.DELETED,
        actor=actor,
        municipality=_municipality(),
        target=f"{activity.phase}: {activity.title}",
        details={"kind": "activity"},
    )
    activity.delete()


@transaction.atomic
def activity_move(*, activity: Activity, direction: int, actor: User) -> None:
    """Swap an activity with its neighbour above (-1) or below (+1)."""
    _require(actor, Action.EDIT_ACTIVITIES)
    _require_editable(_lock(activity.phase))
    siblings = list(activity.phase.activities.order_by("position", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == activity.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    Activity.objects.bulk_update(siblings, ["position"])


# --- The gate ------------------------------------------------------------------------------


def open_required_activities(phase: Phase):
    return phase.activities.filter(required_for_gate=True).exclude(
        status__in=[Activity.Status.DONE, Activity.Status.SKIPPED]
    )


def _require_state(phase: Phase, *allowed: str) -> None:
    if phase.state not in allowed:
        raise ValidationError(
            _("This is not possible while “%(phase)s” has the state “%(state)s”.")
            % {"phase": phase.title, "state": phase.get_state_display()}
        )


@transaction.atomic
def phase_submit_for_review(*, phase: Phase, actor: User, comment: str = "") -> GateEvent:
    _require(actor, Action.SUBMIT_PHASE)
    phase = _lock(phase)
    _require_state(phase, State.ACTIVE)
    missing = list(open_required_activities(phase).values_list("title", flat=True))
    if missing:
        raise ValidationError(
            _("These required activities are not done yet: %(titles)s.")
            % {"titles": ", ".join(missing)}
        )
    phase.state = State.IN_REVIEW
    phase.save(update_fields=["state"])
    return _record(
        phase, GateEvent.Kind.SUBMITTED, actor, comment, AuditEntry.Action.PHASE_SUBMITTED
    )


@transaction.atomic
def phase_approve(
    *, phase: Phase, actor: User, comment: str = "", reviewed_report: int | None = None
) -> GateEvent:
    """The municipal lead signs the gate off; the next phase opens. `reviewed_report`: the
    id of the version of the phase's document the lead reviewed (kept by the reports app)."""
    _require(actor, Action.DECIDE_GATE)
    phase = _lock(phase)
    _require_state(phase, State.IN_REVIEW)
    phase.state = State.APPROVED
    phase.save(update_fields=["state"])
    following = Phase.objects.select_for_update().filter(
        engagement=phase.engagement, number=phase.number + 1, state=State.LOCKED
    )
    following.update(state=State.ACTIVE, activated_at=timezone.now())
    event = _record(phase, GateEvent.Kind.APPROVED, actor, comment, AuditEntry.Action.GATE_APPROVED)
    from reports.services import gate_review_record

    gate_review_record(event=event, report_version_id=reviewed_report)
    return event


@transaction.atomic
def phase_return(*, phase: Phase, actor: User, comment: str) -> GateEvent:
    """The municipal lead sends a phase back to the consultants, saying what is missing."""
    _require(actor, Action.DECIDE_GATE)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change before the sign-off.")})
    phase = _lock(phase)
    _require_state(phase, State.IN_REVIEW)
    phase.state = State.ACTIVE
    phase.save(update_fields=["state"])
    return _record(phase, GateEvent.Kind.RETURNED, actor, comment, AuditEntry.Action.GATE_RETURNED)


@transaction.atomic
def phase_reopen(*, phase: Phase, actor: User, reason: str) -> GateEvent:
    """Reopen an approved phase. The next phase goes back to locked, keeping its work."""
    _require(actor, Action.REOPEN_PHASE)
    if not reason.strip():
        raise ValidationError({"comment": _("Give a reason for reopening this phase.")})
    phase = _lock(phase)
    _require_state(phase, State.APPROVED)
    following = (
        Phase.objects.select_for_update()
        .filter(engagement=phase.engagement, number=phase.number + 1)
        .first()
    )
    if following and following.state in (State.IN_REVIEW, State.APPROVED):
        raise ValidationError(
            _("“%(next)s” already has the state “%(state)s”; reopen or send back that phase first.")
            % {"next": following.title, "state": following.get_state_display()}
        )
    if following:
        following.state = State.LOCKED
        following.save(update_fields=["state"])
    phase.state = State.ACTIVE
    phase.save(update_fields=["state"])
    return _record(phase, GateEvent.Kind.REOPENED, actor, reason, AuditEntry.Action.PHASE_REOPENED)
