"""Permission-matrix rows and URL parameters for the Phase 1 analysis views.

Everyone of the municipality reads the conclusions (VIEW_ANALYSIS); consultants and leads also
read the sources, interview notes and files (VIEW_ANALYSIS_SOURCES); consultants and firm
administrators write (EDIT_ANALYSIS).
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from accounts.permissions import Action
from engagements.models import Municipality
from interviews import services
from interviews.demo import before_the_sign_off
from interviews.models import (
    Document,
    Finding,
    Interview,
    InterviewGuide,
    InterviewNote,
    MaturityRating,
)
from interviews.sample_files import pdf_bytes
from taxonomy.models import Topic
from tests.urlwalk import InMunicipality
from tests.view_matrix import EDITORS, EDITORS_POST, VIEWERS, ViewCase, expect, static

# fmt: off
CAN = {
    "actions": [Action.VIEW_ANALYSIS, Action.VIEW_ANALYSIS_SOURCES, Action.EDIT_ANALYSIS],
    "alpha": {
        #             analysis sources edit
        "anonymous": ".        .       .",
        "otto":      ".        .       .",
        "mia":       "Y        .       .",
        "leo":       "Y        Y       .",
        "carla":     "Y        Y       Y",
        "fiona":     "Y        Y       Y",
        "bert":      ".        .       .",
        "berta":     ".        .       .",
    },
    "beta": {
        "anonymous": ".        .       .",
        "otto":      ".        .       .",
        "mia":       ".        .       .",
        "leo":       ".        .       .",
        "carla":     ".        .       .",
        "fiona":     "Y        Y       Y",
        "bert":      "Y        Y       Y",
        "berta":     "Y        Y       .",
    },
}
#                                anon  otto mia  leo  carla fiona bert
SOURCE_READERS = expect(        "login 403  403  200  200   200   403")
# fmt: on


def analysis_in_place(title: str = "Digitalstrategie") -> None:
    """A document, an interview with consent and a coded finding (run in the schema)."""
    if Document.objects.filter(title=title).exists():
        return
    # Other cases may have signed Phase 1 off already.
    with before_the_sign_off():
        _analysis(title)


def _analysis(title: str) -> None:
    document = services.document_upload(
        upload=SimpleUploadedFile("strategie.pdf", pdf_bytes(title, ["Inhalt"])),
        title=title,
        kind=Document.Kind.STRATEGY,
        actor=None,
    )
    interview = services.interview_save(
        interview=Interview(
            interviewee_name="Petra Amt",
            department="Bürgeramt",
            guide=InterviewGuide.objects.order_by("pk").first(),
            consent_given=True,
        ),
        actor=None,
    )
    services.finding_save(
        finding=Finding(
            statement="Anträge kommen auf Papier",
            result_topic="status_quo",
            kind="weakness",
            source="document",
            document=document,
            topic=Topic.objects.order_by("pk").first(),
        ),
        actor=None,
    )
    services.finding_save(
        finding=Finding(
            statement="Wunsch nach Online-Terminen",
            result_topic="needs",
            kind="need",
            source="interview",
            interview=interview,
            note=interview.notes.first(),
        ),
        actor=None,
    )


def _document() -> Document:
    return Document.objects.order_by("-pk").first()


def _interview() -> Interview:
    return Interview.objects.order_by("-pk").first()


def _finding() -> Finding:
    return Finding.objects.order_by("-pk").first()


def _guide() -> InterviewGuide:
    return InterviewGuide.objects.order_by("pk").first()


def _topic() -> Topic:
    return Topic.objects.order_by("pk").first()


def analysis_state() -> tuple:
    return (
        list(Document.objects.order_by("pk").values_list("pk", "title", "summary", "relevance")),
        list(InterviewGuide.objects.order_by("pk").values_list("pk", "title")),
        list(Interview.objects.order_by("pk").values_list("pk", "interviewee_name", "state")),
        list(InterviewNote.objects.order_by("pk").values_list("pk", "text")),
        list(Finding.objects.order_by("pk").values_list("pk", "statement", "kind")),
        list(MaturityRating.objects.order_by("pk").values_list("pk", "level", "rationale")),
    )


def _upload() -> dict:
    return {
        "file": SimpleUploadedFile("plan.pdf", pdf_bytes("IT-Plan", ["Inhalt"])),
        "title": "IT-Plan",
        "kind": "it_plan",
    }


def _finding_data() -> dict:
    return {
        "statement": "Kein Dokumentenmanagement",
        "result_topic": "status_quo",
        "kind": "weakness",
        "source": "other",
        "source_detail": "Begehung",
    }


def _note_data() -> dict:
    note = _interview().notes.first()
    return {f"note-{note.pk}": "Alles auf Papier."}


def _code_data() -> dict:
    note = _interview().notes.first()
    return {
        f"code-{note.pk}-statement": "Papierakten",
        f"code-{note.pk}-result_topic": "status_quo",
        f"code-{note.pk}-kind": "weakness",
    }


_IDS = {
    "document": lambda: _document().pk,
    "interview": lambda: _interview().pk,
    "finding": lambda: _finding().pk,
    "guide": lambda: _guide().pk,
    "topic": lambda: _topic().pk,
    "note": lambda: _interview().notes.first().pk,
}


class _Lazy(dict):
    def __missing__(self, key: str) -> int:
        return _IDS[key]()


def _a(path: str):
    """A path naming the newest objects, looked up when the case runs."""
    return lambda: path.format_map(_Lazy())


_ARRANGE = {"arrange": analysis_in_place}
_CHANGE = {"arrange": analysis_in_place, "state": analysis_state}

CASES = [
    ViewCase("analysis_synthesis", "tenant", "get", static("/analysis/"), VIEWERS, **_ARRANGE),
    ViewCase("analysis_findings", "tenant", "get", static("/analysis/findings/"), VIEWERS),
    ViewCase(
        "analysis_finding_create", "tenant", "get", static("/analysis/findings/new/"), EDITORS
    ),
    ViewCase(
        "analysis_finding_create",
        "tenant",
        "post",
        static("/analysis/findings/new/"),
        EDITORS_POST,
        data=_finding_data,
        **_CHANGE,
    ),
    ViewCase(
        "analysis_finding_edit",
        "tenant",
        "get",
        _a("/analysis/findings/{finding}/"),
        EDITORS,
        **_ARRANGE,
    ),
    ViewCase(
        "analysis_finding_edit",
        "tenant",
        "post",
        _a("/analysis/findings/{finding}/"),
        EDITORS_POST,
        data=_finding_data,
        **_CHANGE,
    ),
    ViewCase(
        "analysis_finding_delete",
        "tenant",
        "post",
        _a("/analysis/findings/{finding}/delete/"),
        EDITORS_POST,
        **_CHANGE,
    ),
    ViewCase("analysis_documents", "tenant", "get", static("/analysis/documents/"), VIEWERS),
    ViewCase(
        "analysis_document_upload",
        "tenant",
        "get",
        static("/analysis/documents/upload/"),
        EDITORS,
    ),
    ViewCase(
        "analysis_document_upload",
        "tenant",
        "post",
        static("/analysis/documents/upload/"),
        EDITORS_POST,
        data=_upload,
        **_CHANGE,
    ),
    ViewCase(
        "analysis_document_detail",
        "tenant",
        "get",
        _a("/analysis/documents/{document}/"),
        VIEWERS,
        **_ARRANGE,
    ),
    ViewCase(
        "analysis_document_review",
        "tenant",
        "get",
        _a("/analysis/documents/{document}/review/"),
        EDITORS,
        **_ARRANGE,
    ),
    ViewCase(
        "analysis_document_review",
        "tenant",
        "post",
        _a("/analysis/documents/{document}/review/"),
        EDITORS_POST,
        data=lambda: {
            "title": "Digitalstrategie",
            "kind": "strategy",
            "summary": "Ziele bis 2030",
            "relevance": "3",
        },
        **_CHANGE,
    ),
    ViewCase(
        "analysis_document_download",
        "tenant",
        "get",
        _a("/analysis/documents/{document}/file/"),
        SOURCE_READERS,
        **_ARRANGE,
    ),
    ViewCase(
        "analysis_document_delete",
        "tenant",
        "post",
        _a("/analysis/documents/{document}/delete/"),
        EDITORS_POST,
        **_CHANGE,
    ),
    ViewCase("analysis_guides", "tenant", "get", static("/analysis/guides/"), VIEWERS),
    ViewCase("analysis_guide_detail", "tenant", "get", _a("/analysis/guides/{guide}/"), VIEWERS),
    ViewCase("analysis_guide_edit", "tenant", "get", _a("/analysis/guides/{guide}/edit/"), EDITORS),
    ViewCase(
        "analysis_guide_edit",
        "tenant",
        "post",
        _a("/analysis/guides/{guide}/edit/"),
        EDITORS_POST,
        data=lambda: {
            "title": "Leitfaden angepasst",
            "language": "de",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
        **_CHANGE,
    ),
    ViewCase(
        "analysis_guide_copy",
        "tenant",
        "post",
        _a("/analysis/guides/{guide}/copy/"),
        EDITORS_POST,
        **_CHANGE,
    ),
    ViewCase(
        "analysis_interviews",
        "tenant",
        "get",
        static("/analysis/interviews/"),
        SOURCE_READERS,
        **_ARRANGE,
    ),
    ViewCase(
        "analysis_interview_create",
        "tenant",
        "get",
        static("/analysis/interviews/new/"),
        EDITORS,
    ),
    ViewCase(
        "analysis_interview_create",
        "tenant",
        "post",
        static("/analysis/interviews/new/"),
        EDITORS_POST,
        data=lambda: {"interviewee_name": "Hans Kämmerer", "state": "planned"},
        **_CHANGE,
    ),
    ViewCase(
        "analysis_interview_detail",
        "tenant",
        "get",
        _a("/analysis/interviews/{interview}/"),
        SOURCE_READERS,
        **_ARRANGE,
    ),
    ViewCase(
        "analysis_interview_edit",
        "tenant",
        "get",
        _a("/analysis/interviews/{interview}/edit/"),
        EDITORS,
        **_ARRANGE,
    ),
    ViewCase(
        "analysis_interview_edit",
        "tenant",
        "post",
        _a("/analysis/interviews/{interview}/edit/"),
        EDITORS_POST,
        data=lambda: {"interviewee_name": "Petra Amt-Neu", "state": "planned"},
        **_CHANGE,
    ),
    ViewCase(
        "analysis_interview_notes",
        "tenant",
        "post",
        _a("/analysis/interviews/{interview}/notes/"),
        EDITORS_POST,
        data=_note_data,
        **_CHANGE,
    ),
    ViewCase(
        "analysis_note_code",
        "tenant",
        "post",
        _a("/analysis/interviews/{interview}/notes/{note}/code/"),
        EDITORS_POST,
        data=_code_data,
        **_CHANGE,
    ),
    ViewCase(
        "analysis_interview_delete",
        "tenant",
        "post",
        _a("/analysis/interviews/{interview}/delete/"),
        EDITORS_POST,
        **_CHANGE,
    ),
    ViewCase("analysis_maturity", "tenant", "get", static("/analysis/maturity/"), VIEWERS),
    ViewCase("analysis_maturity_rate", "tenant", "get", _a("/analysis/maturity/{topic}/"), EDITORS),
    ViewCase(
        "analysis_maturity_rate",
        "tenant",
        "post",
        _a("/analysis/maturity/{topic}/"),
        EDITORS_POST,
        data=lambda: {"level": "2", "rationale": "Erste Ansätze, kein Konzept."},
        **_CHANGE,
    ),
    ViewCase(
        "analysis_results", "tenant", "get", static("/analysis/results/"), VIEWERS, **_ARRANGE
    ),
]

_DOCUMENT = InMunicipality(Document)
_INTERVIEW = InMunicipality(Interview)
_FINDING = InMunicipality(Finding)
_GUIDE = InMunicipality(InterviewGuide)
URL_PARAMETERS = {
    "interviews:finding_edit:pk": _FINDING,
    "interviews:finding_delete:pk": _FINDING,
    "interviews:document_detail:pk": _DOCUMENT,
    "interviews:document_review:pk": _DOCUMENT,
    "interviews:document_download:pk": _DOCUMENT,
    "interviews:document_delete:pk": _DOCUMENT,
    "interviews:guide_detail:pk": _GUIDE,
    "interviews:guide_edit:pk": _GUIDE,
    "interviews:guide_copy:pk": _GUIDE,
    "interviews:interview_detail:pk": _INTERVIEW,
    "interviews:interview_edit:pk": _INTERVIEW,
    "interviews:interview_notes:pk": _INTERVIEW,
    "interviews:interview_delete:pk": _INTERVIEW,
    "interviews:note_code:pk": _INTERVIEW,
    "interviews:note_code:note": InMunicipality(InterviewNote),
    "interviews:maturity_rate:topic": InMunicipality(Topic),
}


def isolation_objects(alpha: Municipality, beta: Municipality, marker: str) -> None:
    """Analysis data for the URL-isolation walk: Altstadt's, and Bergdorf's, marked, with ids
    that Altstadt does not use (so an id of Bergdorf's asked on Altstadt's site must be 404)."""
    with schema_context(alpha.schema_name):
        analysis_in_place("Altstadt-Strategie")
        models = (Document, Interview, InterviewNote, Finding, InterviewGuide)
        taken = {model: set(model.objects.values_list("pk", flat=True)) for model in models}
    with schema_context(beta.schema_name):
        for attempt in range(500):
            analysis_in_place(f"{marker} {attempt}")
            services.guide_install({"title": marker, "language": "en", "questions": []})
            newest = {model: model.objects.order_by("-pk").first().pk for model in models}
            if all(newest[model] not in taken[model] for model in models):
                Interview.objects.filter(pk=newest[Interview]).update(interviewee_name=marker)
                InterviewNote.objects.filter(pk=newest[InterviewNote]).update(text=marker)
                Finding.objects.filter(pk=newest[Finding]).update(statement=marker)
                return
        raise AssertionError("Bergdorf's analysis ids never left Altstadt's range")
