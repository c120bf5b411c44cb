"""The consultant's builder: surveys, sections, questions, lifecycle, preview, settings."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.form_pages import refusal_shown
from accounts.permissions import Action, can, require

from .. import selectors
from ..forms.builder import (
    QuestionForm,
    SectionForm,
    SurveyForm,
    SurveySettingsForm,
    TargetGroupForm,
)
from ..forms.respond import QuestionnairePage
from ..models import Question, Section, Survey, TargetGroup
from ..services import building, library, lifecycle
from .respond import _render_page


def _flash(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _survey(pk: int) -> Survey:
    return get_object_or_404(Survey.objects.select_related("instrument", "activity"), pk=pk)


@require(Action.VIEW_ENGAGEMENT)
def survey_list(request: HttpRequest) -> HttpResponse:
    lifecycle.surveys_close_due()
    surveys = list(selectors.surveys_list())
    late_days = selectors.survey_settings_get().paper_late_days
    for survey in surveys:
        survey.paper_open = lifecycle.paper_entry_open(survey, late_days=late_days)
    return render(
        request,
        "surveys/survey_list.html",
        {
            "surveys": surveys,
            "templates": selectors.templates_list(),
            "may_edit": can(request.user, Action.EDIT_SURVEYS, request.tenant),
            "may_see_results": can(request.user, Action.VIEW_SURVEY_RESULTS, request.tenant),
            "may_enter_paper": can(request.user, Action.ENTER_PAPER_RESPONSES, request.tenant),
        },
    )


@require(Action.EDIT_SURVEYS)
def survey_create(request: HttpRequest) -> HttpResponse:
    survey = Survey(primary_language=request.tenant.language)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            survey = building.survey_create(survey=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Survey created. Add sections and questions."))
            return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": None})


@require(Action.EDIT_SURVEYS)
@require_POST
def survey_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = _survey(pk)
    try:
        copy = library.survey_copy(survey=source)
    except ValidationError as error:
        _flash(request, error)
        return redirect(source)
    messages.success(request, _("Copied. This survey is yours to adapt."))
    return redirect(copy)


@require(Action.EDIT_SURVEYS)
@require_POST
def survey_new_wave(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        wave = library.survey_copy_as_wave(survey=_survey(pk))
    except ValidationError as error:
        _flash(request, error)
        return redirect("surveys:detail", pk=pk)
    messages.success(request, _("Wave %(n)s created with the same questions.") % {"n": wave.wave})
    return redirect(wave)


@require(Action.EDIT_SURVEYS)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    lifecycle.surveys_close_due()
    survey.refresh_from_db()
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "sections": selectors.sections_with_questions(survey),
            "has_responses": selectors.survey_has_responses(survey),
            "rates": selectors.response_rates(survey),
            "overall": selectors.overall_rate(survey),
            "counts": selectors.mail_counts(survey),
            "groups": TargetGroup.objects.all(),
            "other_waves": selectors.other_waves(survey),
        },
    )


@require(Action.EDIT_SURVEYS)
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            building.survey_save(survey=form.save(commit=False))
        except ValidationError as error:
            refusal_shown(form, error)
        else:
            messages.success(request, _("Survey saved."))
            return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@require(Action.EDIT_SURVEYS)
@require_POST
def survey_transition(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    survey = _survey(pk)
    services = {
        "open": (lifecycle.survey_open, _("The survey is open.")),
        "close": (lifecycle.survey_close, _("The survey is closed; its links no longer work.")),
    }
    if transition not in services:
        raise Http404
    service, done = services[transition]
    try:
        service(survey=survey)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, done)
    return redirect(survey)


@require(Action.EDIT_SURVEYS)
@require_POST
def survey_delete(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    try:
        lifecycle.survey_delete(survey=survey)
    except ValidationError as error:
        _flash(request, error)
        return redirect(survey)
    messages.success(request, _("Survey deleted."))
    return redirect("surveys:list")


@require(Action.EDIT_SURVEYS)
def survey_structure(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey as a template file (JSON), e.g. for the firm's template library."""
    survey = _survey(pk)
    response = HttpResponse(
        json.dumps(library.survey_template_structure(survey), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    name = slugify(survey.title) or "survey"
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@require(Action.EDIT_SURVEYS)
def survey_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire exactly as a group's respondents see it; nothing can be submitted."""
    survey = _survey(pk)
    groups = list(TargetGroup.objects.all())
    group = next((g for g in groups if g.key == request.GET.get("group")), None)
    language = request.GET.get("lang")
    if language not in survey.languages:
        language = survey.primary_language
    sections = selectors.sections_with_questions(survey, group) if group else []
    notice = ""
    if not sections:
        if group is not None:
            notice = _(
                "The group “%(group)s” sees no questions yet; here is a group that does."
            ) % {"group": group.name}
        group, sections = next(
            ((g, found) for g in groups if (found := selectors.sections_with_questions(survey, g))),
            (None, []),
        )
    if not sections:
        messages.info(request, _("No group sees any questions yet."))
        return redirect(survey)
    try:
        page = min(max(int(request.GET.get("page", 0)), 0), len(sections) - 1)
    except ValueError:
        page = 0
    with translation.override(language):
        form = QuestionnairePage(questions=sections[page].shown)
        return _render_page(
            request,
            survey,
            sections,
            page,
            form,
            language,
            preview={"groups": groups, "group": group, "notice": notice},
        )


# --- Sections and questions ---------------------------------------------------------------


def _section_form(request: HttpRequest, section: Section) -> HttpResponse:
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            building.section_save(section=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Section saved."))
            return redirect(section.survey)
    return render(
        request,
        "surveys/section_form.html",
        {"form": form, "section": section, "survey": section.survey},
    )


@require(Action.EDIT_SURVEYS)
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _section_form(request, Section(survey=_survey(pk)))


@require(Action.EDIT_SURVEYS)
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _section_form(
        request, get_object_or_404(Section.objects.select_related("survey"), pk=pk)
    )


@require(Action.EDIT_SURVEYS)
@require_POST
def section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section.objects.select_related("survey"), pk=pk)
    try:
        building.section_delete(section=section)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Section removed."))
    return redirect(section.survey)


@require(Action.EDIT_SURVEYS)
@require_POST
def section_move(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section.objects.select_related("survey"), pk=pk)
    try:
        building.section_move(section=section, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        _flash(request, error)
    return redirect(section.survey)


def _question_form(request: HttpRequest, question: Question) -> HttpResponse:
    form = QuestionForm(request.POST or None, instance=question)
    survey = question.section.survey
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            building.question_save(
                question=form.save(commit=False),
                groups=list(data["groups"]),
                options_de=data["options_de"],
                options_en=data["options_en"],
                rows_de=data["rows_de"],
                rows_en=data["rows_en"],
                follows=form.followed_answers(),
            )
        except ValidationError as error:
            refusal_shown(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect(f"{survey.get_absolute_url()}#question-{question.pk}")
    return render(
        request,
        "surveys/question_form.html",
        {
            "form": form,
            "question": question,
            "survey": survey,
            "has_responses": selectors.survey_has_responses(survey),
        },
    )


@require(Action.EDIT_SURVEYS)
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section.objects.select_related("survey"), pk=pk)
    return _question_form(request, Question(section=section, survey=section.survey))


@require(Action.EDIT_SURVEYS)
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("section__survey"), pk=pk)
    return _question_form(request, question)


@require(Action.EDIT_SURVEYS)
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    try:
        building.question_delete(question=question)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Question removed."))
    return redirect(question.survey)


@require(Action.EDIT_SURVEYS)
@require_POST
def question_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    try:
        copy = building.question_duplicate(question=question)
    except ValidationError as error:
        _flash(request, error)
        return redirect(question.survey)
    messages.success(request, _("Question copied to the end of its section: adapt the copy."))
    return redirect("surveys:question_edit", pk=copy.pk)


@require(Action.EDIT_SURVEYS)
@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("survey"), pk=pk)
    try:
        building.question_move(question=question, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        _flash(request, error)
    return redirect(f"{question.survey.get_absolute_url()}#question-{question.pk}")


# --- Settings and groups ------------------------------------------------------------------


@require(Action.EDIT_SURVEYS)
def survey_settings(request: HttpRequest) -> HttpResponse:
    settings = selectors.survey_settings_get()
    form = SurveySettingsForm(request.POST if "save" in request.POST else None, instance=settings)
    group_form = TargetGroupForm(request.POST if "add_group" in request.POST else None)
    if request.method == "POST" and "save" in request.POST and form.is_valid():
        building.survey_settings_save(settings=form.save(commit=False))
        messages.success(request, _("Settings saved."))
        return redirect("surveys:settings")
    if request.method == "POST" and "add_group" in request.POST and group_form.is_valid():
        try:
            building.target_group_create(group=group_form.save(commit=False))
        except ValidationError as error:
            group_form.add_error(None, error)
        else:
            messages.success(request, _("Group added."))
            return redirect("surveys:settings")
    return render(
        request,
        "surveys/settings.html",
        {"form": form, "group_form": group_form, "groups": TargetGroup.objects.all()},
    )
