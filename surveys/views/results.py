"""Results of a survey: the figures, the free texts with a search, and the exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action, can, require

from ..exports import ExportRefused, as_csv, as_xlsx, responses_export
from ..forms.analysis import TextCodeForm
from ..models import Answer, Question, Survey, TargetGroup, TextCode
from ..results import distinct_texts, scope_filter, survey_results
from ..selectors import texts_with_codes, topics_for_coding
from ..services import coding, lifecycle
from ..timeline import response_timeline
from .builder import _flash
from .paper import paper_window

TEXTS_PER_PAGE = 50
EXPORT_FORMATS = {"csv": as_csv, "xlsx": as_xlsx}


def _survey(pk: int) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("instrument", "results_published_by"),
        pk=pk,
        is_template=False,
    )


def _id(value: str) -> int | None:
    """The id in a query parameter, or None when it is not one.

    ASCII digits only: str.isdigit() also accepts "²", which int() refuses, and int() accepts
    "١" or " 7 ", which none of our links hold.
    """
    return int(value) if value.isascii() and value.isdigit() else None


def _filters(request: HttpRequest) -> dict:
    """The group and department asked for; unknown values are ignored, not guessed at."""
    group_id = _id(request.GET.get("group", ""))
    group = TargetGroup.objects.filter(pk=group_id).first() if group_id is not None else None
    return {"group": group, "department": request.GET.get("department", "").strip() or None}


def _query(**parameters) -> str:
    given = {name: value for name, value in parameters.items() if value}
    return f"?{urlencode(given)}" if given else ""


@require(Action.VIEW_SURVEY_RESULTS)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    filters = _filters(request)
    compare = _id(request.GET.get("compare", ""))
    earlier = None
    if compare is not None:
        earlier = Survey.objects.filter(
            pk=compare, instrument_id=survey.instrument_id, wave__lt=survey.wave
        ).first()
    search = request.GET.get("q", "").strip()[:200]
    outcome = survey_results(survey, compare_with=earlier, text_search=search, **filters)
    group = filters["group"]
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": outcome,
            "may_edit": can(request.user, Action.EDIT_SURVEYS, request.tenant),
            "may_publish": can(request.user, Action.PUBLISH_SURVEY_RESULTS, request.tenant),
            # Paper questionnaires still to come change the figures; publishing ends that.
            "paper_late": _paper_late(survey),
            "selected_group": group,
            "selected_department": filters["department"] or "",
            # Of all groups: shown with the results of all responses only.
            "timeline": None if group or filters["department"] else response_timeline(survey),
            "search": search,
            "filter_query": _query(
                group=group.pk if group else "", department=filters["department"]
            ),
        },
    )


def _paper_late(survey: Survey):
    """Until when late paper questionnaires may still come in for a closed survey, or None."""
    if survey.state != Survey.State.CLOSED:
        return None
    window = paper_window(survey)
    return window["paper_until"] if window["paper_open"] else None


@require(Action.PUBLISH_SURVEY_RESULTS)
@require_POST
def results_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the results for everyone, or take them down ("unpublish")."""
    survey = _survey(pk)
    if request.POST.get("action") == "unpublish":
        lifecycle.results_unpublish(survey=survey, actor=request.user)
        messages.success(request, _("The results are no longer public."))
    else:
        try:
            lifecycle.results_publish(survey=survey, actor=request.user)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _("The results are public now: share their address."))
    return redirect("surveys:results", pk=survey.pk)


@require(Action.VIEW_SURVEY_RESULTS)
def results_texts(request: HttpRequest, pk: int) -> HttpResponse:
    """Every free text of one question, searchable, a page at a time."""
    survey = _survey(pk)
    filters = _filters(request)
    group = filters["group"]
    filter_query = _query(group=group.pk if group else "", department=filters["department"])
    question_id = _id(request.GET.get("question", ""))
    if question_id is None:
        # Without a question: the free texts of every question, on the results page.
        return redirect(reverse("surveys:results", args=[survey.pk]) + filter_query + "#texts")
    question = get_object_or_404(Question.objects.filter(survey=survey), pk=question_id)
    if question.kind != Question.Kind.TEXT and not question.allow_other:
        raise Http404
    outcome = survey_results(survey, text_sample=0, **filters)
    texts = next((t for t in outcome.texts if t.question.pk == question.pk), None)
    search = request.GET.get("q", "").strip()[:200]
    page = total = None
    if not outcome.refused and texts and texts.figure.shown:
        answers = Answer.objects.filter(scope_filter(outcome.scope), question=question).exclude(
            text=""
        )
        if search:
            answers = answers.filter(text__icontains=search)
        total = answers.count()
        page = Paginator(distinct_texts(answers), TEXTS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = texts_with_codes(question, list(page.object_list))
    may_code = (
        can(request.user, Action.EDIT_SURVEYS, request.tenant)
        and question.kind == Question.Kind.TEXT
    )
    return render(
        request,
        "surveys/results_texts.html",
        {
            "survey": survey,
            "results": outcome,
            "may_edit": can(request.user, Action.EDIT_SURVEYS, request.tenant),
            "question": question,
            "texts": texts,
            "page": page,
            "total": total,
            "search": search,
            "may_code": may_code,
            "topics": topics_for_coding() if may_code else [],
            "filter_query": filter_query,
            "page_query": _query(
                question=question.pk,
                q=search,
                group=group.pk if group else "",
                department=filters["department"],
            ),
        },
    )


# What the free-texts page showed, to go back to after coding a text there.
TEXTS_PAGE_PARAMETERS = ("page", "q", "group", "department")


def _back_to_texts(request: HttpRequest, question: Question) -> HttpResponse:
    shown = {name: request.POST.get(name, "")[:200] for name in TEXTS_PAGE_PARAMETERS}
    url = reverse("surveys:results_texts", args=[question.survey_id])
    return redirect(url + _query(question=question.pk, **shown) + "#texts-list")


@require(Action.EDIT_SURVEYS)
@require_POST
def text_code_add(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    form = TextCodeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back_to_texts(request, question)
    try:
        coding.text_code_add(
            question=question,
            digest=form.cleaned_data["digest"],
            topic=form.cleaned_data["topic"],
        )
    except ValidationError as error:
        _flash(request, error)
    return _back_to_texts(request, question)


@require(Action.EDIT_SURVEYS)
@require_POST
def text_code_remove(request: HttpRequest, pk: int) -> HttpResponse:
    code = get_object_or_404(TextCode.objects.select_related("question"), pk=pk)
    coding.text_code_remove(code=code)
    return _back_to_texts(request, code.question)


@require(Action.VIEW_SURVEY_RESULTS)
def results_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    if file_format not in EXPORT_FORMATS:
        raise Http404
    survey = _survey(pk)
    filters = _filters(request)
    try:
        export = responses_export(survey, **filters)
    except ExportRefused as refusal:
        messages.error(request, str(refusal))
        group = filters["group"]
        return redirect(
            reverse("surveys:results", args=[survey.pk])
            + _query(group=group.pk if group else "", department=filters["department"])
        )
    return EXPORT_FORMATS[file_format](export)
