import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.form_pages import form_page
from accounts.permissions import Action, can, require
from phases.selectors import possible_owners
from taxonomy.models import Topic

from . import selectors, services
from .forms import (
    DocumentReviewForm,
    DocumentUploadForm,
    FindingForm,
    GuideForm,
    InterviewForm,
    MaturityForm,
    NoteFindingForm,
    QuestionFormSet,
)
from .models import Document, Finding, GuideQuestion, Interview, InterviewGuide, ResultTopic


def _abilities(request: HttpRequest) -> dict[str, bool]:
    user, municipality = request.user, request.tenant
    may_edit = can(user, Action.EDIT_ANALYSIS, municipality)
    results_frozen = not services.results_are_editable()
    return {
        "may_edit": may_edit,
        # Findings and ratings: not while the lead reviews Phase 1 or after the sign-off.
        "may_code": may_edit and not results_frozen,
        "results_frozen": results_frozen,
        "may_see_sources": can(user, Action.VIEW_ANALYSIS_SOURCES, municipality),
    }


def _page(request: HttpRequest, template: str, tab: str, context: dict) -> HttpResponse:
    return render(request, template, _context(request, tab, context))


def _context(request: HttpRequest, tab: str, context: dict) -> dict:
    return {"tab": tab, **_abilities(request), **context}


# --- Synthesis and findings ----------------------------------------------------------------


@require(Action.VIEW_ANALYSIS)
def synthesis(request: HttpRequest) -> HttpResponse:
    source = request.GET.get("source", "")
    kind = request.GET.get("kind", "")
    counts = selectors.source_counts()
    return _page(
        request,
        "interviews/synthesis.html",
        "synthesis",
        {
            "matrix": selectors.synthesis_matrix(source=source, kind=kind),
            "source": source,
            "kind": kind,
            "sources": [
                (value, label, counts.get(value, 0)) for value, label in Finding.Source.choices
            ],
            "kinds": Finding.Kind.choices,
        },
    )


@require(Action.VIEW_ANALYSIS)
def finding_list(request: HttpRequest) -> HttpResponse:
    found, applied = selectors.findings_filtered(request.GET)
    return _page(
        request,
        "interviews/findings.html",
        "findings",
        {
            "findings": found,
            "filter_labels": selectors.filter_labels(applied),
            "filtered": bool(applied),
        },
    )


def _finding_form(request: HttpRequest, finding: Finding) -> HttpResponse:
    form = FindingForm(request.POST or None, instance=finding)
    return form_page(
        request,
        form,
        lambda: services.finding_save(finding=form.save(commit=False), actor=request.user),
        done=_back_to_source,
        template="interviews/finding_form.html",
        context=_context(request, "findings", {"finding": finding}),
        saved=_("Finding saved."),
    )


def _back_to_source(finding: Finding) -> str:
    if finding.document_id:
        return finding.document.get_absolute_url()
    if finding.interview_id:
        return f"{finding.interview.get_absolute_url()}#finding-{finding.pk}"
    return f"{reverse('interviews:findings')}#finding-{finding.pk}"


@require(Action.EDIT_ANALYSIS)
def finding_create(request: HttpRequest) -> HttpResponse:
    finding = Finding(source=Finding.Source.OTHER)
    document = request.GET.get("document", "")
    if document.isascii() and document.isdigit():
        finding.document = get_object_or_404(Document, pk=int(document))
        finding.source = Finding.Source.DOCUMENT
    return _finding_form(request, finding)


@require(Action.EDIT_ANALYSIS)
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _finding_form(
        request, get_object_or_404(Finding.objects.select_related("interview", "document"), pk=pk)
    )


@require_POST
@require(Action.EDIT_ANALYSIS)
def finding_delete(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(Finding.objects.select_related("interview", "document"), pk=pk)
    back = _back_to_source(finding).split("#")[0]
    try:
        services.finding_delete(finding=finding, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The finding was removed."))
    return redirect(back)


# --- Documents -----------------------------------------------------------------------------


@require(Action.VIEW_ANALYSIS)
def document_list(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "interviews/documents.html",
        "documents",
        {"documents": selectors.documents(), "form": DocumentUploadForm()},
    )


@require(Action.EDIT_ANALYSIS)
def document_upload(request: HttpRequest) -> HttpResponse:
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_upload(
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("“%(title)s” was uploaded.") % {"title": document.title})
            return redirect(document)
    return _page(request, "interviews/document_upload.html", "documents", {"form": form})


@require(Action.VIEW_ANALYSIS)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        document = selectors.document_with_review(pk)
    except Document.DoesNotExist:
        raise Http404 from None
    return _page(
        request,
        "interviews/document_detail.html",
        "documents",
        {
            "document": document,
            "topics": document.topics.select_related("dimension"),
            "findings": selectors.findings().filter(document=document),
        },
    )


@require(Action.EDIT_ANALYSIS)
def document_review(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    # The form edits a copy: until the save succeeds, the heading shows the saved title.
    form = DocumentReviewForm(request.POST or None, instance=copy.copy(document))
    return form_page(
        request,
        form,
        lambda: services.document_review(
            document=form.save(commit=False),
            summary=form.cleaned_data["summary"],
            relevance=form.cleaned_data["relevance"],
            topics=list(form.cleaned_data["topics"]),
            actor=request.user,
        ),
        done=lambda reviewed: reviewed,
        template="interviews/document_review.html",
        context=_context(request, "documents", {"document": document}),
        saved=_("Review saved."),
    )


@require(Action.VIEW_ANALYSIS_SOURCES)
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(Document, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@require(Action.EDIT_ANALYSIS)
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    try:
        services.document_delete(document=document, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(document)
    messages.success(request, _("“%(title)s” was removed.") % {"title": document.title})
    return redirect("interviews:documents")


# --- Guides --------------------------------------------------------------------------------


@require(Action.VIEW_ANALYSIS)
def guide_list(request: HttpRequest) -> HttpResponse:
    return _page(request, "interviews/guides.html", "guides", {"guides": selectors.guides()})


@require(Action.VIEW_ANALYSIS)
def guide_detail(request: HttpRequest, pk: int) -> HttpResponse:
    guide = get_object_or_404(InterviewGuide.objects.select_related("copied_from"), pk=pk)
    questions = list(guide.questions.all())
    groups = [
        (label, [q for q in questions if q.result_topic == value])
        for value, label in ResultTopic.choices
    ]
    return _page(
        request, "interviews/guide_detail.html", "guides", {"guide": guide, "groups": groups}
    )


@require(Action.EDIT_ANALYSIS)
def guide_edit(request: HttpRequest, pk: int) -> HttpResponse:
    guide = get_object_or_404(InterviewGuide, pk=pk)
    # The form edits a copy: until the save succeeds, the heading shows the saved title.
    form = GuideForm(request.POST or None, instance=copy.copy(guide))
    formset = QuestionFormSet(
        request.POST or None,
        queryset=GuideQuestion.objects.filter(guide=guide).order_by("position", "id"),
        prefix="questions",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kept = [f for f in formset.ordered_forms if f.has_changed() or f.instance.pk]
        questions = [f.save(commit=False) for f in kept]
        for question in questions:
            question.guide = guide
        try:
            services.guide_save(
                guide=form.save(commit=False),
                questions=questions,
                removed=[f.instance for f in formset.deleted_forms],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Guide saved."))
            return redirect(guide)
    return _page(
        request,
        "interviews/guide_form.html",
        "guides",
        {"form": form, "formset": formset, "guide": guide},
    )


@require_POST
@require(Action.EDIT_ANALYSIS)
def guide_copy(request: HttpRequest, pk: int) -> HttpResponse:
    guide = get_object_or_404(InterviewGuide, pk=pk)
    copy = services.guide_copy(guide=guide, actor=request.user)
    messages.success(request, _("A copy was made. Adapt it to this municipality."))
    return redirect("interviews:guide_edit", pk=copy.pk)


# --- Interviews ----------------------------------------------------------------------------


@require(Action.VIEW_ANALYSIS_SOURCES)
def interview_list(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "interviews/interviews.html",
        "interviews",
        {"interviews": selectors.interviews()},
    )


def _interview_form(request: HttpRequest, interview: Interview) -> HttpResponse:
    # The form edits a copy: until the save succeeds, the page names the interviewee as saved.
    form = InterviewForm(
        request.POST or None,
        instance=copy.copy(interview),
        interviewers=possible_owners(request.tenant),
    )
    return form_page(
        request,
        form,
        lambda: services.interview_save(interview=form.save(commit=False), actor=request.user),
        done=lambda saved: saved,
        template="interviews/interview_form.html",
        context=_context(request, "interviews", {"interview": interview}),
        saved=_("Interview saved."),
    )


@require(Action.EDIT_ANALYSIS)
def interview_create(request: HttpRequest) -> HttpResponse:
    interview = Interview(guide=selectors.guides().filter(language=request.tenant.language).first())
    return _interview_form(request, interview)


@require(Action.EDIT_ANALYSIS)
def interview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _interview_form(request, get_object_or_404(Interview, pk=pk))


def _interview_page(
    request: HttpRequest,
    interview: Interview,
    *,
    typed: dict[int, str] | None = None,
    coding: tuple[int, NoteFindingForm] | None = None,
) -> HttpResponse:
    notes = list(selectors.interview_notes(interview))
    for note in notes:
        if typed is not None and note.pk in typed:
            note.text = typed[note.pk]
        if coding is not None and coding[0] == note.pk:
            note.code_form = coding[1]
        else:
            note.code_form = NoteFindingForm(
                initial={"result_topic": note.result_topic}, prefix=f"code-{note.pk}"
            )
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "tab": "interviews",
            "interview": interview,
            "notes": notes,
            "loose_findings": interview.findings.filter(note__isnull=True).select_related("topic"),
            "finding_count": interview.findings.count(),
            **_abilities(request),
        },
    )


@require(Action.VIEW_ANALYSIS_SOURCES)
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(Interview.objects.select_related("interviewer", "guide"), pk=pk)
    return _interview_page(request, interview)


def _typed_notes(request: HttpRequest) -> dict[int, str]:
    return {
        int(name.removeprefix("note-")): value
        for name, value in request.POST.items()
        if name.startswith("note-")
        and name.removeprefix("note-").isascii()
        and name.removeprefix("note-").isdigit()
    }


@require_POST
@require(Action.EDIT_ANALYSIS)
def interview_notes(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(Interview.objects.select_related("interviewer"), pk=pk)
    typed = _typed_notes(request)
    try:
        services.interview_notes_save(
            interview=interview,
            texts=typed,
            mark_done="done" in request.POST,
            actor=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _interview_page(request, interview, typed=typed)
    messages.success(request, _("Notes saved."))
    return redirect(interview)


@require_POST
@require(Action.EDIT_ANALYSIS)
def note_code(request: HttpRequest, pk: int, note: int) -> HttpResponse:
    """Code a finding from one note of the interview, right next to it.

    The button sits in the notes form, so the notes typed so far are saved with the finding
    and nothing written is lost.
    """
    interview = get_object_or_404(Interview.objects.select_related("interviewer"), pk=pk)
    note_obj = get_object_or_404(interview.notes, pk=note)
    typed = _typed_notes(request)
    form = NoteFindingForm(request.POST, prefix=f"code-{note_obj.pk}")
    if form.is_valid():
        finding = form.save(commit=False)
        finding.source = Finding.Source.INTERVIEW
        finding.interview = interview
        finding.note = note_obj
        try:
            with transaction.atomic():
                services.interview_notes_save(
                    interview=interview, texts=typed, mark_done=False, actor=request.user
                )
                services.finding_save(finding=finding, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Finding coded."))
            return redirect(f"{interview.get_absolute_url()}#note-{note_obj.pk}")
    return _interview_page(request, interview, typed=typed, coding=(note_obj.pk, form))


@require_POST
@require(Action.EDIT_ANALYSIS)
def interview_delete(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(Interview, pk=pk)
    try:
        services.interview_delete(interview=interview, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(interview)
    messages.success(request, _("The interview with %(name)s was removed.") % {"name": interview})
    return redirect("interviews:interviews")


# --- Maturity and results ------------------------------------------------------------------


@require(Action.VIEW_ANALYSIS)
def maturity(request: HttpRequest) -> HttpResponse:
    topic_list = list(selectors.topics_with_maturity())
    return _page(
        request,
        "interviews/maturity.html",
        "maturity",
        {
            "entries": selectors.maturity_entries(topic_list),
            "chart": selectors.maturity_chart(topic_list),
        },
    )


@require(Action.EDIT_ANALYSIS)
def maturity_rate(request: HttpRequest, topic: int) -> HttpResponse:
    topic_obj = get_object_or_404(Topic.objects.select_related("dimension"), pk=topic)
    rating = topic_obj.maturity if hasattr(topic_obj, "maturity") else None
    form = MaturityForm(
        request.POST or None,
        instance=rating,
        findings=selectors.rating_findings(topic_obj),
    )
    return form_page(
        request,
        form,
        lambda: services.maturity_rate(
            topic=topic_obj,
            level=form.cleaned_data["level"],
            rationale=form.cleaned_data["rationale"],
            findings=list(form.cleaned_data["findings"]),
            actor=request.user,
        ),
        done=lambda rating: reverse("interviews:maturity"),
        template="interviews/maturity_form.html",
        context=_context(request, "maturity", {"topic": topic_obj}),
        saved=_("Rating saved."),
    )


@require(Action.VIEW_ANALYSIS)
def results(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "interviews/results.html",
        "results",
        {"results": selectors.phase_one_results()},
    )
