"""Paper questionnaires: printed for those who will not answer online, entered when returned.

All stakeholders take part, also those without a computer or a phone: a group's questionnaire
is printed (in either language of the survey) for the town hall's counter or the senior
citizens' club, and each returned one is entered as it was filled in, by the consultants or by
the municipality's own people where the questionnaires come back (ENTER_PAPER_RESPONSES). A
paper response is as anonymous as any other and counted apart from the invitations, like an
open link's.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.permissions import Action, can, require
from reports.rendering import pdf_of

from .. import selectors
from ..forms.respond import LIKERT_CHOICES, QuestionnairePage
from ..models import Response, Survey, TargetGroup
from ..services import lifecycle
from ..services.responding import AlreadySubmitted, paper_response_enter

# An entry form's nonce: what secrets.token_urlsafe(32) gives, and nothing far from it.
NONCE_LENGTHS = range(40, 50)


def _survey(pk: int) -> Survey:
    return get_object_or_404(Survey, pk=pk, is_template=False)


def paper_window(survey: Survey) -> dict:
    """When returned questionnaires can be entered, for snippets/paper_groups.html."""
    late_days = selectors.survey_settings_get().paper_late_days
    return {
        "paper_open": lifecycle.paper_entry_open(survey, late_days=late_days),
        "paper_until": lifecycle.paper_late_until(survey, late_days),
    }


def _chosen(request: HttpRequest, survey: Survey) -> tuple[TargetGroup | None, str]:
    """The group and the language asked for (in the query or the form)."""
    values = request.POST if request.method == "POST" else request.GET
    group = TargetGroup.objects.filter(key=values.get("group", "")).first()
    language = values.get("lang")
    return group, language if language in survey.languages else survey.primary_language


def _sections(request: HttpRequest, survey: Survey, group: TargetGroup | None) -> list:
    """The group's pages, or none with a message saying why."""
    if group is None:
        messages.error(request, _("Choose a group: each group has its own questionnaire."))
        return []
    sections = selectors.sections_with_questions(survey, group)
    if not sections:
        messages.error(
            request, _("The group “%(group)s” sees no questions yet.") % {"group": group.name}
        )
    return sections


@require(Action.ENTER_PAPER_RESPONSES)
def paper_questionnaires(request: HttpRequest, pk: int) -> HttpResponse:
    """Each group's questionnaire to print, and how many of its returned ones were entered."""
    survey = _survey(pk)
    return render(
        request,
        "surveys/paper.html",
        {
            "survey": survey,
            "paper_groups": selectors.paper_groups(survey),
            "may_edit": can(request.user, Action.EDIT_SURVEYS, request.tenant),
            **paper_window(survey),
        },
    )


@require(Action.ENTER_PAPER_RESPONSES)
def paper_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A group's questionnaire as a PDF to print, in the language asked for."""
    survey = _survey(pk)
    group, language = _chosen(request, survey)
    sections = _sections(request, survey, group)
    if not sections:
        return redirect("surveys:paper", pk=survey.pk)
    with translation.override(language):
        html = render_to_string(
            "surveys/pdf/paper.html",
            {
                "survey": survey,
                "group": group,
                "pages": _numbered(sections),
                "scale_labels": [label for _value, label in LIKERT_CHOICES],
                "ratings": range(11),
                "municipality": connection.tenant,
                "language": language,
                # Typed in from paper: as short as can be, in the town's own language.
                "privacy_link": request.build_absolute_uri(
                    reverse("surveys:privacy")
                    + ("" if language == connection.tenant.language else f"?lang={language}")
                ),
            },
        )
    response = HttpResponse(pdf_of(html), content_type="application/pdf")
    name = slugify(f"{survey.localized('title', language)} {group.key} {language}") or "survey"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


def _numbered(sections) -> list[tuple]:
    """(section, [(number, question, number of the question it follows)]) for print: a
    follow-up on paper names the question it follows by its number. A follow-up of a
    question this group is not asked is never asked, and not printed."""
    numbers: dict[int, int] = {}
    pages = []
    for section in sections:
        entries = []
        for question in section.shown:
            follows = numbers.get(question.condition_source_id)
            if question.is_follow_up and follows is None:
                continue
            numbers[question.pk] = len(numbers) + 1
            entries.append((numbers[question.pk], question, follows))
        if entries:
            pages.append((section, entries))
    return pages


@require(Action.ENTER_PAPER_RESPONSES)
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter one returned paper questionnaire of a group; then the next, with a fresh form."""
    survey = _survey(pk)
    group, language = _chosen(request, survey)
    if not lifecycle.paper_entry_open(survey):
        messages.error(request, _("Paper questionnaires of this survey can no longer be entered."))
        return redirect("surveys:paper", pk=survey.pk)
    sections = _sections(request, survey, group)
    if not sections:
        return redirect("surveys:paper", pk=survey.pk)
    questions = [question for section in sections for question in section.shown]
    # One form for the whole questionnaire: a follow-up of any page shows beside its question.
    page = {"questions": questions, "earlier": {}, "answers_required": False}
    form = QuestionnairePage(**page)
    nonce = secrets.token_urlsafe(32)
    if request.method == "POST":
        form = QuestionnairePage(request.POST, **page)
        nonce = request.POST.get("nonce", "")
        entered = _enter(request, survey, group, language, form, nonce)
        if entered:
            return redirect(f"{reverse('surveys:paper_entry', args=[survey.pk])}?{entered}")
    # In the language it was filled in: the form reads as the paper does.
    with translation.override(language):
        return _entry_page(request, survey, group, language, form, sections, nonce)


def _entry_page(request, survey, group, language, form, sections, nonce) -> HttpResponse:
    return render(
        request,
        "surveys/paper_entry.html",
        {
            "survey": survey,
            "group": group,
            "groups": TargetGroup.objects.all(),
            "language": language,
            "form": form,
            "pages": _pages(sections, form.items()),
            "nonce": nonce,
            "entered": Response.objects.filter(
                survey=survey, group=group, channel=Response.Channel.PAPER
            ).count(),
            "paper": True,
            "may_edit": can(request.user, Action.EDIT_SURVEYS, request.tenant),
        },
        status=400 if form.errors else 200,
    )


def _enter(request, survey, group, language, form, nonce) -> str:
    """Store the posted questionnaire; the query of the next entry form, or "" (form errors)."""
    if form.unexpected_names() - {"nonce", "group", "lang"}:
        form.add_error(None, _("The form asked a question that is not part of this survey."))
        return ""
    if len(nonce) not in NONCE_LENGTHS:
        form.add_error(None, _("This form is incomplete. Please open the entry form again."))
        return ""
    if not form.is_valid():
        return ""
    try:
        paper_response_enter(
            survey=survey, group_id=group.pk, given=form.given(), language=language, nonce=nonce
        )
    except AlreadySubmitted:
        messages.info(request, _("This questionnaire was entered already; it counts once."))
    except ValidationError as error:
        form.add_error(None, error)
        return ""
    else:
        messages.success(request, _("Questionnaire entered. Here is an empty form for the next."))
    return f"group={group.key}&lang={language}"


def _pages(sections, items) -> list[tuple]:
    """(section, its items) for each page: the one form laid out under the pages' titles,
    its questions numbered as on paper (_numbered)."""
    by_question = {item.question.pk: item for item in items}
    numbers = {
        question.pk: number
        for _section, entries in _numbered(sections)
        for number, question, _follows in entries
    }
    pages = []
    for section in sections:
        shown = [by_question[q.pk] for q in section.shown if q.pk in by_question]
        for item in shown:
            item.number = numbers.get(item.question.pk)
        if shown:
            pages.append((section, shown))
    return pages
