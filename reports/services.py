"""Writes of the reports app: asking for a document, building it, recording the gate review."""

import logging
from datetime import datetime

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User
from accounts.permissions import Action, can
from accounts.services import audit_record
from config.celery_app import enqueue_after_commit
from phases.models import GateEvent, Phase

from .models import PHASE_OF_KIND, GateReview, Kind, ReportVersion
from .rendering import render_document

logger = logging.getLogger(__name__)
State = ReportVersion.State


# The Phase 2 presentation carries survey results, which a municipal member may not see on the
# results page either; every other document is for everyone on the engagement.
READ_ACTION = {Kind.PHASE2_RESULTS: Action.VIEW_SURVEY_RESULTS}


def readable_kinds(user: User, municipality) -> set[str]:
    """The documents `user` may read in `municipality`."""
    return {
        kind
        for kind in PHASE_OF_KIND
        if can(user, READ_ACTION.get(kind, Action.VIEW_ENGAGEMENT), municipality)
    }


def _require(actor: User, action: Action) -> None:
    if not can(actor, action, connection.tenant):
        raise PermissionDenied(_("Your role does not allow this."))


def _queue(version: ReportVersion) -> None:
    from .tasks import build_report

    enqueue_after_commit(build_report, version.pk)


@transaction.atomic
def report_request(*, kind: str, actor: User, language: str | None = None) -> ReportVersion:
    """Ask for a new version of a document; a worker builds it once this commits."""
    _require(actor, Action.REQUEST_REPORT)
    if kind not in Kind.values:
        raise ValidationError(_("There is no such document."))
    # The phase row serialises two requests for the same document, so numbers never collide.
    Phase.objects.select_for_update().filter(number=PHASE_OF_KIND[kind]).first()
    version = ReportVersion(
        kind=kind,
        number=_next_number(kind),
        language=language or connection.tenant.language,
        requested_by=actor,
        requested_by_name=str(actor),
    )
    version.full_clean()
    version.save()
    audit_record(
        action=AuditEntry.Action.EXPORTED,
        actor=actor,
        municipality=connection.tenant,
        target=str(version),
        details={"kind": kind, "language": version.language},
    )
    _queue(version)
    return version


def _next_number(kind: str) -> int:
    last = ReportVersion.objects.filter(kind=kind).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


@transaction.atomic
def report_retry(*, version: ReportVersion, actor: User) -> ReportVersion:
    """Queue a failed version again; it keeps its number, who asked for it and when."""
    _require(actor, Action.REQUEST_REPORT)
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != State.FAILED:
        raise ValidationError(_("Only a failed version can be built again."))
    version.state = State.QUEUED
    version.error = ""
    version.save(update_fields=["state", "error"])
    _queue(version)
    return version


def _set_state(version: ReportVersion, state: str, **fields: object) -> None:
    """Committed at once, so the page that polls sees the state change while the build runs."""
    for name, value in fields.items():
        setattr(version, name, value)
    version.state = state
    with transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).update(state=state, **fields)


def _failure_message(error: BaseException) -> str:
    if isinstance(error, SoftTimeLimitExceeded):
        return _("Building the document took too long and was stopped.")
    return _("The document could not be built: %(error)s") % {
        "error": f"{type(error).__name__}: {error}"[:500]
    }


def report_build(*, version_id: int) -> ReportVersion:
    """Render the version's document to PDF and keep the file. Never raises for a bad build:
    the failure is recorded on the version, with its message, for the page to show.

    Idempotent: a version that is already ready is left alone (a redelivered task).
    """
    version = ReportVersion.objects.get(pk=version_id)
    if version.state == State.READY:
        return version
    _set_state(version, State.BUILDING, started_at=timezone.now(), error="")
    try:
        rendered = render_document(version)
    except (Exception, SoftTimeLimitExceeded) as error:
        logger.exception("Building %s failed", version)
        _set_state(version, State.FAILED, error=_failure_message(error), finished_at=timezone.now())
        return version
    with transaction.atomic():
        version.file.save(version.download_name, ContentFile(rendered.pdf), save=False)
        version.page_count = rendered.page_count
        version.roadmap_version_id = rendered.roadmap_version
        version.content_hash = rendered.content_hash
        version.section_hashes = rendered.section_hashes
        version.finished_at = timezone.now()
        version.state = State.READY
        version.save(
            update_fields=[
                "file",
                "page_count",
                "roadmap_version",
                "content_hash",
                "section_hashes",
                "finished_at",
                "state",
            ]
        )
    return version


def report_build_now(
    *, kind: str, actor: User | None, language: str, requested_at: datetime | None = None
) -> ReportVersion:
    """Request and build in this process, without the queue (the demo data uses this, with
    the `requested_at` its story has: the document's date)."""
    version = ReportVersion.objects.create(
        kind=kind,
        number=_next_number(kind),
        language=language,
        requested_by=actor,
        requested_by_name=str(actor) if actor else "",
        requested_at=requested_at or timezone.now(),
    )
    return report_build(version_id=version.pk)


def gate_review_record(*, event: GateEvent, report_version_id: int | None) -> None:
    """Remember which version of the phase's document the lead reviewed at the sign-off.

    Called by phases.services.phase_approve inside its transaction: a version that does not
    fit refuses the whole sign-off, with a message, rather than recording something wrong.
    """
    if report_version_id is None:
        return
    version = ReportVersion.objects.filter(pk=report_version_id, state=State.READY).first()
    if version is None or version.phase_number != event.phase.number:
        raise ValidationError(
            {"report_version": _("Choose a finished version of this phase's document.")}
        )
    GateReview.objects.create(gate_event=event, report_version=version)
