"""Every write to the Phase 1 analysis: documents, guides, interviews, findings, ratings."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import AuditEntry, User
from accounts.services import audit_record
from phases.models import Phase
from taxonomy.models import Topic

from .method import DEFAULT_GUIDES
from .models import (
    Document,
    Finding,
    GuideQuestion,
    Interview,
    InterviewGuide,
    InterviewNote,
    MaturityRating,
    ResultTopic,
)
from .uploads import document_check


def _audit_deletion(actor: User, kind: str, name: str) -> None:
    audit_record(
        action=AuditEntry.Action.DELETED,
        actor=actor,
        municipality=connection.tenant,
        target=name,
        details={"kind": kind},
    )


# --- The freeze while the lead reviews Phase 1 ---------------------------------------------


def results_are_editable() -> bool:
    """Whether the findings and ratings may change: not while the lead reviews Phase 1, nor
    after signing it off, so that the lead signs what the consultants showed."""
    phase = Phase.objects.filter(number=1).first()
    return phase is None or phase.activities_are_editable


def results_require_editable(*, refused: str = "", field: str | None = None) -> None:
    """Refuse a write that would change the frozen findings or ratings.

    Every such write in any app asks here, so "frozen" is decided by results_are_editable
    alone. `refused` names what was refused, in front of the reason; `field` puts the
    refusal at that form field.
    """
    if results_are_editable():
        return
    phase = Phase.objects.get(number=1)
    reason = _(
        "“%(phase)s” has the state “%(state)s”; its findings and ratings can change "
        "again once it is sent back or reopened."
    ) % {"phase": phase.title, "state": phase.get_state_display()}
    message = f"{refused} {reason}" if refused else reason
    raise ValidationError({field: message} if field else message)


# --- Documents -----------------------------------------------------------------------------


@transaction.atomic
def document_upload(*, upload, title: str, kind: str, actor: User | None) -> Document:
    """Store an uploaded document after checking what its content is.

    The stored name is random (see models.document_path); the original name is kept for the
    download, with the extension of the type actually found.
    """
    found = document_check(upload)
    original = PurePath(upload.name).name
    original = f"{PurePath(original).stem[:200] or 'document'}{found.extension}"
    document = Document(
        title=title.strip() or PurePath(original).stem,
        kind=kind,
        original_name=original,
        content_type=found.content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(original, upload, save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def document_review(
    *,
    document: Document,
    summary: str,
    relevance: int | None,
    topics: list[Topic],
    actor: User,
) -> Document:
    document.summary = summary
    document.relevance = relevance
    document.reviewed_by = actor
    document.reviewed_at = timezone.now()
    document.full_clean()
    document.save()
    document.topics.set(topics)
    return document


@transaction.atomic
def document_delete(*, document: Document, actor: User) -> None:
    """Remove a document with the findings coded from it; not while those are frozen."""
    coded = document.findings.count()
    if coded:
        results_require_editable(
            refused=ngettext(
                "“%(title)s” cannot be removed now: its coded finding is part of the Phase 1 "
                "results.",
                "“%(title)s” cannot be removed now: its %(count)d coded findings are part of "
                "the Phase 1 results.",
                coded,
            )
            % {"title": document.title, "count": coded}
        )
    _audit_deletion(actor, "document", document.title)
    stored = document.file.name
    storage = document.file.storage
    document.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(stored))


# --- Interview guides ----------------------------------------------------------------------


def _topic_value(value: str) -> str:
    if value not in ResultTopic.values:
        raise ValidationError(
            _("“%(value)s” is not one of the five result topics.") % {"value": value}
        )
    return value


@transaction.atomic
def guide_install(structure: dict, *, copied_from: InterviewGuide | None = None) -> InterviewGuide:
    """Create a guide from its JSON-able structure (see method.DEFAULT_GUIDES)."""
    guide = InterviewGuide(
        title=str(structure["title"])[:200],
        language=structure.get("language", "de"),
        description=structure.get("description", ""),
        copied_from=copied_from,
    )
    guide.full_clean()
    guide.save()
    GuideQuestion.objects.bulk_create(
        GuideQuestion(
            guide=guide,
            result_topic=_topic_value(question["result_topic"]),
            text=question["text"],
            position=position,
        )
        for position, question in enumerate(structure.get("questions", []))
    )
    return guide


def guide_structure(guide: InterviewGuide) -> dict:
    """The guide as plain data that guide_install can read back."""
    return {
        "title": guide.title,
        "language": guide.language,
        "description": guide.description,
        "questions": [
            {"result_topic": question.result_topic, "text": question.text}
            for question in guide.questions.order_by("position", "id")
        ],
    }


def guides_seed() -> None:
    """Seed the method's default guides (German and English) into a new municipality."""
    for structure in DEFAULT_GUIDES:
        guide_install(structure)


def guide_copy(*, guide: InterviewGuide, actor: User) -> InterviewGuide:
    structure = guide_structure(guide)
    structure["title"] = _("Copy of %(title)s") % {"title": guide.title}
    return guide_install(structure, copied_from=guide)


@transaction.atomic
def guide_save(*, guide: InterviewGuide, questions: list[GuideQuestion], removed: list) -> None:
    """Save a guide with its edited questions; the order is the order given."""
    guide.full_clean()
    guide.save()
    GuideQuestion.objects.filter(guide=guide, pk__in=[q.pk for q in removed if q.pk]).delete()
    for position, question in enumerate(questions):
        question.guide = guide
        question.position = position
        question.full_clean()
        question.save()


# --- Interviews ----------------------------------------------------------------------------


@transaction.atomic
def interview_save(*, interview: Interview, actor: User) -> Interview:
    """Create or update an interview; a new one gets the questions of its guide to take notes on."""
    creating = interview._state.adding
    if interview.state == Interview.State.DONE and not interview.held_on:
        raise ValidationError({"held_on": _("Enter the date the interview was held.")})
    if interview.consent_given and interview.consent_recorded_at is None:
        interview.consent_recorded_at = timezone.now()
    if not interview.consent_given:
        interview.consent_recorded_at = None
    interview.full_clean()
    interview.save()
    if creating and interview.guide_id:
        InterviewNote.objects.bulk_create(
            InterviewNote(
                interview=interview,
                result_topic=question.result_topic,
                question=question.text,
                position=position,
            )
            for position, question in enumerate(interview.guide.questions.all())
        )
    return interview


@transaction.atomic
def interview_notes_save(
    *, interview: Interview, texts: dict[int, str], mark_done: bool, actor: User
) -> Interview:
    """Save the notes of an interview. Without recorded consent nothing is written down."""
    if not interview.consent_given and any(text.strip() for text in texts.values()):
        raise ValidationError(
            _(
                "Record the interviewee's consent before saving notes. Your text is still in "
                "the form below."
            )
        )
    notes = {note.pk: note for note in interview.notes.all()}
    changed = []
    for pk, text in texts.items():
        note = notes.get(pk)
        if note is not None and note.text != text:
            note.text = text
            changed.append(note)
    InterviewNote.objects.bulk_update(changed, ["text"])
    if mark_done and interview.state != Interview.State.DONE:
        interview.state = Interview.State.DONE
        interview.held_on = interview.held_on or timezone.localdate()
        interview.save(update_fields=["state", "held_on"])
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview, actor: User) -> None:
    """Remove an interview with its notes and findings; not while those findings are frozen."""
    coded = interview.findings.count()
    if coded:
        results_require_editable(
            refused=ngettext(
                "The interview with %(name)s cannot be removed now: its coded finding is part "
                "of the Phase 1 results.",
                "The interview with %(name)s cannot be removed now: its %(count)d coded "
                "findings are part of the Phase 1 results.",
                coded,
            )
            % {"name": interview.interviewee_name, "count": coded}
        )
    _audit_deletion(actor, "interview", interview.interviewee_name)
    interview.delete()


# --- Findings ------------------------------------------------------------------------------


@transaction.atomic
def finding_save(*, finding: Finding, actor: User) -> Finding:
    """Save a coded finding; its source must name the interview or document it comes from."""
    results_require_editable()
    if finding.source == Finding.Source.INTERVIEW and finding.interview_id is None:
        raise ValidationError({"interview": _("Choose the interview this finding comes from.")})
    if finding.source == Finding.Source.DOCUMENT and finding.document_id is None:
        raise ValidationError({"document": _("Choose the document this finding comes from.")})
    if finding.source != Finding.Source.INTERVIEW:
        finding.interview = None
        finding.note = None
    if finding.source != Finding.Source.DOCUMENT:
        finding.document = None
    if finding.note_id and finding.note.interview_id != finding.interview_id:
        finding.note = None
    if not finding.quote.strip():
        finding.quote = ""
        finding.quote_attributed = False
    if finding._state.adding:
        finding.created_by = actor
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def finding_delete(*, finding: Finding, actor: User) -> None:
    results_require_editable()
    _audit_deletion(actor, "finding", finding.statement)
    finding.delete()


# --- Maturity ------------------------------------------------------------------------------


@transaction.atomic
def maturity_rate(
    *, topic: Topic, level: int, rationale: str, findings: list[Finding], actor: User
) -> MaturityRating:
    results_require_editable()
    rating = MaturityRating.objects.filter(topic=topic).first() or MaturityRating(topic=topic)
    rating.level = level
    rating.rationale = rationale
    rating.rated_by = actor
    rating.full_clean()
    rating.save()
    rating.findings.set(findings)
    return rating
