"""Analysis data for the tests, made in the schema that is active when they are called."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from interviews import services
from interviews.models import Document, Finding, Interview, InterviewGuide, ResultTopic
from interviews.sample_files import pdf_bytes
from phases.models import Phase
from taxonomy.method import TAXONOMY
from taxonomy.models import Topic


def upload(content: bytes, name: str = "strategie.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def document(title: str = "Digitalstrategie 2030", actor=None) -> Document:
    return services.document_upload(
        upload=upload(pdf_bytes(title, ["Seite 1"]), f"{title}.pdf"),
        title=title,
        kind=Document.Kind.STRATEGY,
        actor=actor,
    )


def interview(name: str = "Petra Amt", *, consent: bool = True, **fields) -> Interview:
    guide = InterviewGuide.objects.filter(language="en").first()
    return services.interview_save(
        interview=Interview(
            interviewee_name=name,
            interviewee_role=fields.pop("role", "Head of department"),
            department=fields.pop("department", "Citizens' office"),
            guide=guide,
            consent_given=consent,
            **fields,
        ),
        actor=None,
    )


def topic(name: str) -> Topic:
    """A seeded topic by its English name, whatever language the municipality was seeded in."""
    with translation.override("en"):
        for key, _dimension, names in TAXONOMY:
            positions = [str(topic) for topic in names]
            if name in positions:
                return Topic.objects.get(dimension__key=key, position=positions.index(name))
    raise LookupError(name)


def finding(
    statement: str = "Applications arrive on paper",
    *,
    result_topic: str = ResultTopic.STATUS_QUO,
    topic_name: str | None = "Electronic filing",
    kind: str = Finding.Kind.WEAKNESS,
    source: str = Finding.Source.OTHER,
    **fields,
) -> Finding:
    return services.finding_save(
        finding=Finding(
            statement=statement,
            result_topic=result_topic,
            topic=topic(topic_name) if topic_name else None,
            kind=kind,
            source=source,
            **fields,
        ),
        actor=None,
    )


# --- Phase 1 under review: its results are frozen ----------------------------------------------


def phase_one_in(state: str) -> None:
    Phase.objects.filter(number=1).update(state=state)


def the_freeze() -> str:
    phase = Phase.objects.get(number=1)
    return (
        f"“{phase.title}” has the state “{phase.get_state_display()}”; its findings and ratings "
        "can change again once it is sent back or reopened."
    )
