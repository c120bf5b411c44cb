"""Every write to the roadmap: workshops and their voting, ideas, measures, versions, Phase 4.

Each service checks the actor's right to act (accounts.permissions), validates, and writes in
one transaction. Participants who vote have no account: their services take a Voter, which only
the workshop's voting link can produce.
"""

import hashlib
import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User
from accounts.permissions import Action, can
from accounts.services import audit_record

from .graph import cycle_through
from .models import (
    CommunicationItem,
    Debriefing,
    Idea,
    Instrument,
    ITPartner,
    Measure,
    PartnerComment,
    ProgressUpdate,
    RoadmapVersion,
    Vote,
    Voter,
    Workshop,
)
from .versions import current_snapshot


def _require(actor: User, action: Action) -> None:
    if not can(actor, action, connection.tenant):
        raise PermissionDenied(_("Your role does not allow this."))


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


# --- Workshops and their voting link ---------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def workshop_save(*, workshop: Workshop, actor: User) -> Workshop:
    _require(actor, Action.EDIT_ROADMAP)
    if not workshop._state.adding:
        spent = Vote.objects.filter(voter__workshop=workshop).aggregate(most=Max("dot"))["most"]
        if spent and workshop.dots_per_participant < spent:
            raise ValidationError(
                {
                    "dots_per_participant": _(
                        "A participant has already placed %(count)d dots; the budget cannot "
                        "go below that."
                    )
                    % {"count": spent}
                }
            )
    return _save(workshop)


@transaction.atomic
def workshop_link_issue(*, workshop: Workshop, actor: User) -> str:
    """A new voting link for the workshop (the old one stops working); voting opens.

    Returns the token, which is shown once and never stored: only its hash is kept.
    """
    _require(actor, Action.EDIT_ROADMAP)
    token = secrets.token_urlsafe(24)
    workshop.token_hash = token_hash(token)
    workshop.voting_open = True
    workshop.save(update_fields=["token_hash", "voting_open"])
    return token


@transaction.atomic
def workshop_voting_set(*, workshop: Workshop, is_open: bool, actor: User) -> Workshop:
    _require(actor, Action.EDIT_ROADMAP)
    if is_open and not workshop.token_hash:
        raise ValidationError(_("Create a voting link first."))
    workshop.voting_open = is_open
    workshop.save(update_fields=["voting_open"])
    return workshop


def workshop_for_token(token: str) -> Workshop | None:
    """The workshop a voting link belongs to, if its voting is open."""
    return Workshop.objects.filter(token_hash=token_hash(token), voting_open=True).first()


@transaction.atomic
def voter_join(*, workshop: Workshop, key: str, name: str = "") -> Voter:
    """The participant behind a device: found by the key in its cookie, or newly made."""
    voter, _created = Voter.objects.get_or_create(workshop=workshop, key=key)
    name = name.strip()[:100]
    if name and voter.name != name:
        voter.name = name
        voter.save(update_fields=["name"])
    return voter


def _votable(voter: Voter, idea: Idea) -> None:
    if not voter.workshop.voting_open:
        raise ValidationError(_("Voting for this workshop is closed."))
    if idea.workshop_id != voter.workshop_id or idea.merged_into_id is not None:
        raise ValidationError(_("This idea is not up for voting in this workshop."))


@transaction.atomic
def vote_cast(*, voter: Voter, idea: Idea) -> Vote:
    """Spend the voter's next free dot on the idea (several dots may go to one idea)."""
    # The row lock serialises one device's concurrent clicks; the unique (voter, dot)
    # constraint and the budget trigger hold the limit even if something bypasses it.
    voter = Voter.objects.select_for_update().select_related("workshop").get(pk=voter.pk)
    _votable(voter, idea)
    budget = voter.workshop.dots_per_participant
    spent = set(voter.votes.values_list("dot", flat=True))
    free = [dot for dot in range(1, budget + 1) if dot not in spent]
    if not free:
        raise ValidationError(
            _("You have placed all your %(count)d dots. Take one back to move it.")
            % {"count": budget}
        )
    try:
        with transaction.atomic():
            return Vote.objects.create(voter=voter, idea=idea, dot=free[0])
    except IntegrityError as error:
        raise ValidationError(_("That dot was just placed; please try again.")) from error


@transaction.atomic
def vote_withdraw(*, voter: Voter, idea: Idea) -> None:
    """Take back one of the voter's dots from the idea (the most recently placed)."""
    voter = Voter.objects.select_for_update().select_related("workshop").get(pk=voter.pk)
    _votable(voter, idea)
    vote = voter.votes.filter(idea=idea).order_by("-dot").first()
    if vote is None:
        raise ValidationError(_("You have no dot on this idea."))
    vote.delete()


# --- Ideas -----------------------------------------------------------------------------------


@transaction.atomic
def idea_save(*, idea: Idea, actor: User) -> Idea:
    _require(actor, Action.EDIT_ROADMAP)
    if idea._state.adding and idea.created_by_id is None:
        idea.created_by = actor
    return _save(idea)


@transaction.atomic
def idea_merge(*, duplicate: Idea, into: Idea, actor: User) -> Idea:
    """Fold a duplicate into another idea: its dots move over, both sources stay on record."""
    _require(actor, Action.EDIT_ROADMAP)
    duplicate, into = (
        Idea.objects.select_for_update().get(pk=duplicate.pk),
        Idea.objects.select_for_update().get(pk=into.pk),
    )
    if duplicate.pk == into.pk:
        raise ValidationError(_("An idea cannot be merged into itself."))
    if into.merged_into_id is not None:
        raise ValidationError(
            _("“%(title)s” was itself merged into another idea; merge into that one.")
            % {"title": into.title}
        )
    if duplicate.measure_id is not None:
        raise ValidationError(_("This idea has already become a measure."))
    Vote.objects.filter(idea=duplicate).update(idea=into)
    # Ideas merged into the duplicate earlier follow it.
    Idea.objects.filter(merged_into=duplicate).update(merged_into=into)
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into"])
    if into.topic_id is None and duplicate.topic_id is not None:
        into.topic_id = duplicate.topic_id
        into.save(update_fields=["topic"])
    return into


@transaction.atomic
def idea_place(*, idea: Idea, impact: int | None, effort: int | None, actor: User) -> Idea:
    """Place an idea in the impact × effort matrix (1 to 5 each)."""
    _require(actor, Action.EDIT_ROADMAP)
    idea.impact, idea.effort = impact, effort
    return _save(idea)


@transaction.atomic
def ideas_to_measures(*, ideas: Iterable[Idea], actor: User) -> list[Measure]:
    """Turn each chosen idea into a measure of the roadmap, keeping the link back."""
    _require(actor, Action.EDIT_ROADMAP)
    measures = []
    for idea in Idea.objects.select_for_update().filter(pk__in=[idea.pk for idea in ideas]):
        if idea.measure_id is not None or idea.merged_into_id is not None:
            continue
        measure = _save(
            Measure(
                title=idea.title[:200],
                description=idea.description,
                priority=Measure.Priority.HIGH
                if (idea.impact or 0) >= 4
                else Measure.Priority.MEDIUM,
            )
        )
        if idea.topic_id:
            measure.topics.add(idea.topic_id)
        idea.measure = measure
        idea.save(update_fields=["measure"])
        measures.append(measure)
    if not measures:
        raise ValidationError(_("Choose at least one idea that is not a measure yet."))
    return measures


@transaction.atomic
def idea_delete(*, idea: Idea, actor: User) -> None:
    _require(actor, Action.EDIT_ROADMAP)
    idea.delete()


# --- Measures and partners -------------------------------------------------------------------


def dependency_cycle(measure: Measure, depends_on: Iterable[Measure]) -> list[str] | None:
    """The titles along the cycle the new dependencies would close, or None."""
    edges: dict[int, set[int]] = {}
    through = Measure.depends_on.through.objects.values_list("from_measure_id", "to_measure_id")
    for source, target in through:
        edges.setdefault(source, set()).add(target)
    node = measure.pk if measure.pk else 0
    cycle = cycle_through(edges, node, [other.pk for other in depends_on])
    if cycle is None:
        return None
    titles = dict(Measure.objects.filter(pk__in=cycle).values_list("pk", "title"))
    titles.setdefault(node, measure.title)
    return [titles[key] for key in cycle]


@transaction.atomic
def measure_save(
    *,
    measure: Measure,
    actor: User,
    topics: Iterable | None = None,
    partners: Iterable[ITPartner] | None = None,
    depends_on: Iterable[Measure] | None = None,
    council_sessions: Iterable | None = None,
) -> Measure:
    """Create or update a measure; a dependency that would close a cycle is refused."""
    _require(actor, Action.EDIT_ROADMAP)
    if depends_on is not None:
        depends_on = list(depends_on)
        # Lock the graph: two edits that each look fine could together close a cycle.
        list(Measure.objects.select_for_update().values_list("pk", flat=True))
        cycle = dependency_cycle(measure, depends_on)
        if cycle:
            raise ValidationError(
                {
                    "depends_on": _(
                        "These dependencies would make a cycle: %(cycle)s. A measure cannot "
                        "wait, directly or indirectly, for itself."
                    )
                    % {"cycle": " → ".join(cycle)}
                }
            )
    _save(measure)
    if topics is not None:
        measure.topics.set(topics)
    if partners is not None:
        measure.partners.set(partners)
    if depends_on is not None:
        measure.depends_on.set(depends_on)
    if council_sessions is not None:
        measure.council_sessions.set(council_sessions)
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, actor: User) -> None:
    _require(actor, Action.EDIT_ROADMAP)
    audit_record(
        action=AuditEntry.Action.DELETED,
        actor=actor,
        municipality=connection.tenant,
        target=measure.title,
        details={"kind": "measure"},
    )
    measure.delete()


@transaction.atomic
def partner_save(*, partner: ITPartner, actor: User) -> ITPartner:
    """Create or rename an IT partner; a name that differs from another only in case is
    refused, as it names the same partner and would split its measures and comments."""
    _require(actor, Action.EDIT_ROADMAP)
    partner.name = partner.name.strip()
    same = ITPartner.objects.filter(name__iexact=partner.name).exclude(pk=partner.pk).first()
    if same is not None:
        raise ValidationError(
            {"name": _("The IT partner “%(name)s” already exists.") % {"name": same.name}}
        )
    return _save(partner)


@transaction.atomic
def partner_comment_add(*, comment: PartnerComment, actor: User) -> PartnerComment:
    _require(actor, Action.EDIT_ROADMAP)
    comment.recorded_by = actor
    return _save(comment)


# --- Versions --------------------------------------------------------------------------------


@transaction.atomic
def version_freeze(*, name: str, note: str = "", actor: User) -> RoadmapVersion:
    """Freeze the roadmap as it is now into a named version that never changes."""
    _require(actor, Action.EDIT_ROADMAP)
    if not name.strip():
        raise ValidationError({"name": _("Give the version a name.")})
    # Read the roadmap under lock so no edit slips in between reading and freezing; the same
    # lock keeps two freezes under one name from passing the check below together.
    list(Measure.objects.select_for_update().values_list("pk", flat=True))
    # Versions are told apart by name when they are compared or presented at a debriefing.
    if RoadmapVersion.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError(
            {
                "name": _(
                    "A version named “%(name)s” has already been frozen; give this one "
                    "another name."
                )
                % {"name": name.strip()}
            }
        )
    version = RoadmapVersion(
        name=name.strip(),
        note=note,
        snapshot=current_snapshot(),
        frozen_by=actor,
        frozen_by_name=str(actor),
    )
    return _save(version)


# --- Phase 4 ---------------------------------------------------------------------------------


@transaction.atomic
def debriefing_save(*, debriefing: Debriefing, actor: User) -> Debriefing:
    _require(actor, Action.EDIT_ROADMAP)
    return _save(debriefing)


def _status_follow(measure: Measure, newest: ProgressUpdate | None) -> None:
    """The measure's status after its newest report changed: done at 100 %, in progress
    below that; with no report left, a measure in progress or done is planned again."""
    if newest is None:
        if measure.status in (Measure.Status.IN_PROGRESS, Measure.Status.DONE):
            measure.status = Measure.Status.PLANNED
    elif newest.percent_done == 100:
        measure.status = Measure.Status.DONE
    elif measure.status in (Measure.Status.PLANNED, Measure.Status.DONE):
        measure.status = Measure.Status.IN_PROGRESS
    measure.save(update_fields=["status", "updated_at"])


@transaction.atomic
def progress_report(*, update: ProgressUpdate, actor: User) -> ProgressUpdate:
    """Record a progress update; the measure's status follows it (done at 100 %).

    A report dated in the future is refused: the newest report is the measure's state, so a
    mistyped year would otherwise outrank every later report."""
    _require(actor, Action.REPORT_PROGRESS)
    if update.reported_on and update.reported_on > timezone.localdate():
        raise ValidationError(
            {"reported_on": _("A progress report cannot be dated in the future.")}
        )
    update.reported_by = actor
    update.reported_by_name = str(actor)
    _save(update)
    measure = Measure.objects.select_for_update().get(pk=update.measure_id)
    latest = measure.updates.first()
    if latest is not None and latest.pk == update.pk:
        _status_follow(measure, latest)
    return update


@transaction.atomic
def progress_delete(*, update: ProgressUpdate, actor: User) -> None:
    """Remove a wrong progress report; if it was the newest, the status follows the one
    that is newest now."""
    _require(actor, Action.REPORT_PROGRESS)
    measure = Measure.objects.select_for_update().get(pk=update.measure_id)
    was_newest = measure.updates.first() == update
    audit_record(
        action=AuditEntry.Action.DELETED,
        actor=actor,
        municipality=connection.tenant,
        target=f"{measure.title}: {update.percent_done} %",
        details={"kind": "progress update", "reported_on": update.reported_on.isoformat()},
    )
    update.delete()
    if was_newest:
        _status_follow(measure, measure.updates.first())


@transaction.atomic
def communication_save(*, item: CommunicationItem, actor: User) -> CommunicationItem:
    _require(actor, Action.EDIT_ROADMAP)
    return _save(item)


@transaction.atomic
def communication_delete(*, item: CommunicationItem, actor: User) -> None:
    _require(actor, Action.EDIT_ROADMAP)
    item.delete()


@transaction.atomic
def instrument_save(*, instrument: Instrument, actor: User) -> Instrument:
    _require(actor, Action.EDIT_ROADMAP)
    if instrument._state.adding:
        last = Instrument.objects.aggregate(m=Max("position"))["m"]
        instrument.position = 0 if last is None else last + 1
    return _save(instrument)
