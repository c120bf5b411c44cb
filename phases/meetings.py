"""Writes for meetings and events of the phases, and for the council sessions.

Consultants record meetings (EDIT_MEETINGS); each write checks the role itself, so a view that
forgot its decorator still changes nothing. Follow-up tasks become activities of the meeting's
phase through `activity_save`, so the activity rules (a phase under review keeps its activities)
hold for them too.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User
from accounts.permissions import Action
from accounts.services import audit_record

from .models import Activity, CouncilSession, Decision, Meeting, Participant
from .services import _municipality, _require, activity_save

# A change to any of these makes calendars that imported the event replace their copy.
_CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url", "agenda")


def _validate_activity(meeting: Meeting) -> None:
    if meeting.activity_id and meeting.activity.phase_id != meeting.phase_id:
        raise ValidationError(
            {"activity": _("Choose an activity of “%(phase)s”.") % {"phase": meeting.phase.title}}
        )


@transaction.atomic
def meeting_save(*, meeting: Meeting, actor: User) -> Meeting:
    """Create or update a meeting; a changed time, place or agenda raises its calendar sequence."""
    _require(actor, Action.EDIT_MEETINGS)
    _validate_activity(meeting)
    meeting.full_clean()
    if not meeting._state.adding:
        before = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if any(getattr(before, name) != getattr(meeting, name) for name in _CALENDAR_FIELDS):
            meeting.sequence = before.sequence + 1
    meeting.save()
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, actor: User) -> None:
    """Remove a meeting with its participants and decisions; its follow-up tasks stay."""
    _require(actor, Action.EDIT_MEETINGS)
    audit_record(
        action=AuditEntry.Action.DELETED,
        actor=actor,
        municipality=_municipality(),
        target=f"{meeting.phase}: {meeting.title}",
        details={"kind": "meeting", "starts_at": meeting.starts_at.isoformat()},
    )
    meeting.delete()


@transaction.atomic
def participant_save(*, participant: Participant, actor: User) -> Participant:
    _require(actor, Action.EDIT_MEETINGS)
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def participant_delete(*, participant: Participant, actor: User) -> None:
    _require(actor, Action.EDIT_MEETINGS)
    participant.delete()


@transaction.atomic
def decision_save(*, decision: Decision, actor: User) -> Decision:
    _require(actor, Action.EDIT_MEETINGS)
    if decision._state.adding:
        last = decision.meeting.decisions.aggregate(m=Max("position"))["m"]
        decision.position = 0 if last is None else last + 1
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision, actor: User) -> None:
    _require(actor, Action.EDIT_MEETINGS)
    decision.delete()


@transaction.atomic
def follow_up_create(*, meeting: Meeting, task: Activity, actor: User) -> Activity:
    """Add a follow-up task agreed in the meeting as an optional activity of its phase."""
    _require(actor, Action.EDIT_MEETINGS)
    task.phase = meeting.phase
    task.from_meeting = meeting
    # The gate asks for the method's activities; a task from a meeting should not block it.
    task.required_for_gate = False
    return activity_save(activity=task, actor=actor)


@transaction.atomic
def council_session_save(*, session: CouncilSession, actor: User) -> CouncilSession:
    _require(actor, Action.EDIT_MEETINGS)
    if session.meeting_id and session.phase_id and session.meeting.phase_id != session.phase_id:
        raise ValidationError(
            {"meeting": _("The meeting belongs to another phase than the one chosen.")}
        )
    if session.meeting_id and not session.phase_id:
        session.phase = session.meeting.phase
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def council_session_delete(*, session: CouncilSession, actor: User) -> None:
    _require(actor, Action.EDIT_MEETINGS)
    audit_record(
        action=AuditEntry.Action.DELETED,
        actor=actor,
        municipality=_municipality(),
        target=str(session),
        details={"kind": "council session"},
    )
    session.delete()
