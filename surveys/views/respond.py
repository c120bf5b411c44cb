"""The respondent's side: no account, a personal link or an open link, one page per section.

A personal link (/s/<token>/) is exchanged for a session entry and redirected to a URL without
the token, so it never appears in later URLs, referrers or logs. Every failure (unknown, used,
expired token, closed survey, inactive open link) gets the same page; repeated failures from
one address are answered with 429.
"""

import secrets
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.services import client_ip

from ..forms.respond import QuestionnairePage, answers_before, pages_checked
from ..models import OpenLink, Recipient, Survey, TargetGroup
from ..selectors import personal_link_state, questionnaire_of
from ..services.mailing import recipient_decline, recipient_for_decline
from ..services.responding import (
    AlreadySubmitted,
    recipient_draft_save,
    recipient_for_token,
    response_submit,
)

SESSION_KEY = "survey_respondent"
# Bad links per address and window before 429. Guessing a 256-bit token is hopeless anyway;
# the limit slows down scanners and keeps the log readable.
FAILURE_LIMIT = 50
FAILURE_WINDOW = 15 * 60
OPEN_SUBMIT_LIMIT = 30  # open-link submissions per address and hour
OPEN_START_LIMIT = 120  # open-link form starts per address and hour


def _address(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _count(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def _too_many(request: HttpRequest, kind: str, limit: int) -> bool:
    value = cache.get(f"surveys:{kind}:{_address(request)}") or 0
    return value >= limit


def _uncached(view: Callable[..., HttpResponse], referrer_policy: str | None):
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = never_cache(view)(request, *args, **kwargs)
        if referrer_policy:
            response["Referrer-Policy"] = referrer_policy
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A URL with a secret in it: no caching, and no referrer at all."""
    return _uncached(view, "no-referrer")


def questionnaire(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The token-free pages after the exchange: no caching; the site's same-origin referrer
    policy stays, since with "no-referrer" browsers send `Origin: null` on the form's POST
    and the CSRF check refuses it."""
    return _uncached(view, None)


def _slow_down(request: HttpRequest) -> HttpResponse:
    response = render_plain("surveys/respond_slow_down.html", status=429, request=request)
    response["Retry-After"] = str(FAILURE_WINDOW)
    return response


def render_plain(
    template: str, status: int = 200, request: HttpRequest | None = None
) -> HttpResponse:
    from django.template.loader import render_to_string

    return HttpResponse(
        render_to_string(template, {"municipality": connection.tenant}, request=request),
        status=status,
    )


def _link_invalid(request: HttpRequest, guessed: bool = False) -> HttpResponse:
    """The one page for every link that does not (or no longer) work.

    `guessed`: a link was tried (token or open link); those failures count towards the 429.
    """
    if guessed:
        _count(f"surveys:failures:{_address(request)}", FAILURE_WINDOW)
    return render_plain("surveys/respond_invalid.html", status=403, request=request)


@private
def token_redeem(request: HttpRequest, token: str) -> HttpResponse:
    if _too_many(request, "failures", FAILURE_LIMIT):
        return _slow_down(request)
    recipient = recipient_for_token(token)
    if recipient is None:
        return _link_invalid(request, guessed=True)
    draft = recipient.draft or {}
    # The language of the mail's part whose link was followed; else the one last answered in.
    language = request.GET.get("lang") or draft.get("language")
    if language not in recipient.survey.languages:
        language = recipient.survey.primary_language
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "schema": connection.schema_name,
        "survey": recipient.survey_id,
        "group": recipient.group_id,
        "recipient": recipient.pk,
        "page": draft.get("page", 0),
        "language": language,
    }
    return redirect("surveys:respond")


@private
def open_link_start(request: HttpRequest, link: str) -> HttpResponse:
    if _too_many(request, "failures", FAILURE_LIMIT):
        return _slow_down(request)
    open_link = OpenLink.objects.select_related("survey").filter(slug=link, active=True).first()
    if open_link is not None and open_link.survey.results_published_at is not None:
        # Posters outlive their survey: whoever scans one once the results are out for
        # everyone finds them, not a dead end.
        return render(
            request,
            "surveys/respond_ended.html",
            {"municipality": connection.tenant, "survey": open_link.survey},
        )
    if open_link is None or not open_link.survey.is_open():
        return _link_invalid(request, guessed=True)
    if _count(f"surveys:open-starts:{_address(request)}", 3600) > OPEN_START_LIMIT:
        return _slow_down(request)
    state = request.session.get(SESSION_KEY) or {}
    if state.get("open_link") != open_link.pk:
        request.session[SESSION_KEY] = {
            "schema": connection.schema_name,
            "survey": open_link.survey_id,
            "group": open_link.group_id,
            "open_link": open_link.pk,
            "nonce": secrets.token_urlsafe(32),
            "page": 0,
            "draft": {},
            "language": _browser_language(request, open_link.survey),
        }
    return redirect("surveys:respond")


def _browser_language(request: HttpRequest, survey: Survey) -> str:
    preferred = translation.get_language_from_request(request)[:2]
    return preferred if preferred in survey.languages else survey.primary_language


class Respondent:
    """Who is answering, loaded from the session and checked on every request."""

    def __init__(self, request: HttpRequest, state: dict, survey: Survey, group_id: int):
        self.request = request
        self.state = state
        self.survey = survey
        self.group_id = group_id
        self.recipient_id: int | None = state.get("recipient")
        self.stored_draft: dict = {}

    @classmethod
    def load(cls, request: HttpRequest) -> "Respondent | None":
        state = request.session.get(SESSION_KEY)
        if not state or state.get("schema") != connection.schema_name:
            return None
        if state.get("recipient") is not None:
            link = personal_link_state(recipient_id=state["recipient"], survey_id=state["survey"])
            if link is None or not link.survey.is_open():
                return None
            respondent = cls(request, state, link.survey, link.group_id)
            respondent.stored_draft = link.draft
            return respondent
        survey = Survey.objects.filter(pk=state["survey"]).first()
        group = TargetGroup.objects.filter(pk=state["group"]).first()
        if survey is None or group is None or not survey.is_open():
            return None
        respondent = cls(request, state, survey, group.pk)
        if not OpenLink.objects.filter(pk=state.get("open_link"), active=True).exists():
            return None
        respondent.stored_draft = state
        return respondent

    @property
    def answers(self) -> dict:
        return dict(self.stored_draft.get("answers", {}))

    def save(self, *, answers: dict, page: int, language: str) -> None:
        self.state["page"], self.state["language"] = page, language
        if self.recipient_id is not None:
            draft = {"answers": answers, "page": page, "language": language}
            recipient_draft_save(recipient_id=self.recipient_id, draft=draft)
        else:
            self.state["answers"] = answers
        self.request.session[SESSION_KEY] = self.state
        self.request.session.modified = True


def _data(answers: dict) -> MultiValueDict:
    return MultiValueDict(
        {name: value if isinstance(value, list) else [value] for name, value in answers.items()}
    )


@questionnaire
def respond(request: HttpRequest) -> HttpResponse:
    respondent = Respondent.load(request)
    if respondent is None:
        if _thanks_language(request):
            return redirect("surveys:thanks")
        return _link_invalid(request)
    survey = respondent.survey
    language = request.GET.get("lang") or respondent.state.get("language")
    if language not in survey.languages:
        language = survey.primary_language
    sections = questionnaire_of(survey, respondent.group_id)
    if not sections:
        return _link_invalid(request)
    page = min(max(int(respondent.state.get("page", 0)), 0), len(sections) - 1)
    answers = respondent.answers
    with translation.override(language):
        if request.method == "POST":
            return _respond_post(request, respondent, sections, page, answers, language)
        checked = pages_checked(sections, _data(answers))
        # A page all of whose questions follow earlier answers not given is skipped.
        page = next(
            (n for n in [*range(page, len(sections)), *range(page, -1, -1)] if checked[n].is_asked),
            page,
        )
        if "lang" in request.GET:
            respondent.save(answers=answers, page=page, language=language)
        if request.GET.get("check") == str(page):
            # Back from a refused page (_errors_shown): its answers, checked again.
            form = checked[page]
        else:
            form = QuestionnairePage(
                initial=answers, questions=sections[page].shown, earlier=checked[page].earlier
            )
        return _render_page(
            request,
            survey,
            sections,
            page,
            form,
            language,
            personal=respondent.recipient_id,
            is_last=not any(later.is_asked for later in checked[page + 1 :]),
        )


def _errors_shown(respondent, answers, page, language) -> HttpResponse:
    """Keep what was typed and show the page with its errors, by a redirect: the browser's
    history then holds no POST, whose Back would only offer to send the form again."""
    respondent.save(answers=answers, page=page, language=language)
    return redirect(f"{reverse('surveys:respond')}?check={page}")


def _respond_post(request, respondent, sections, page, answers, language) -> HttpResponse:
    survey = respondent.survey
    try:
        posted_page = int(request.POST.get("page", ""))
    except ValueError:
        posted_page = -1
    if posted_page != page:
        # A stale tab or a tampered hidden field: show the page the session is on instead,
        # keeping what was typed on a real page of the questionnaire.
        if 0 <= posted_page < len(sections):
            stale = QuestionnairePage(request.POST, questions=sections[posted_page].shown)
            if not stale.unexpected_names():
                answers.update(stale.raw())
                respondent.save(answers=answers, page=page, language=language)
        return redirect("surveys:respond")
    if request.POST.get("website") and respondent.recipient_id is None:
        # The bot trap: a field people never see. Pretend success, store nothing.
        request.session.pop(SESSION_KEY, None)
        request.session["survey_done"] = True
        return redirect("surveys:thanks")
    before = pages_checked(sections[:page], _data(answers))
    form = QuestionnairePage(
        request.POST, questions=sections[page].shown, earlier=answers_before(before)
    )
    if form.unexpected_names():
        return render_plain("surveys/respond_refused.html", status=400, request=request)
    answers.update(form.raw())
    switch_to = request.POST.get("language")
    if switch_to:
        # The language button submits the form, so that what was typed on this page stays.
        if switch_to in survey.languages:
            language = switch_to
        if request.POST.get("check") == str(page) and not form.is_valid():
            # The page listed what is missing: it still does, in the other language.
            return _errors_shown(respondent, answers, page, language)
        respondent.save(answers=answers, page=page, language=language)
        return redirect("surveys:respond")
    action = request.POST.get("action", "next")
    if action == "back":
        back = max((n for n, earlier in enumerate(before) if earlier.is_asked), default=0)
        respondent.save(answers=answers, page=back, language=language)
        return redirect("surveys:respond")
    if action == "later":
        # Kept as typed, checked when the respondent goes on.
        respondent.save(answers=answers, page=page, language=language)
        return redirect("surveys:saved")
    if not form.is_valid():
        return _errors_shown(respondent, answers, page, language)
    # The pages after this one, as this page's answers leave them: asked or skipped.
    after = pages_checked(sections[page + 1 :], _data(answers), answers_before([*before, form]))
    following = next((page + 1 + n for n, later in enumerate(after) if later.is_asked), None)
    if following is not None or action != "submit":
        onward = page if following is None else following  # "next" on the last page: stay
        respondent.save(answers=answers, page=onward, language=language)
        return redirect("surveys:respond")
    pages = [*before, form, *after]
    return _submit(request, respondent, sections, page, pages, answers, language)


def _submit(request, respondent, sections, page, pages, answers, language) -> HttpResponse:
    """`pages`: every page, checked in turn (the posted one, `page`, valid; the others from
    the draft, those after it skipped)."""
    given = {}
    questions = {}
    for index, form in enumerate(pages):
        if not form.is_valid():
            # A page left incomplete earlier (a required question skipped with "back").
            return _errors_shown(respondent, answers, index, language)
        given.update(form.given())
        questions.update((question.pk, question) for question in form.questions)
    open_link = respondent.recipient_id is None
    if open_link and _count(f"surveys:open-submits:{_address(request)}", 3600) > OPEN_SUBMIT_LIMIT:
        return _slow_down(request)
    try:
        response_submit(
            survey=respondent.survey,
            group_id=respondent.group_id,
            given=given,
            language=language,
            recipient_id=respondent.recipient_id,
            nonce=respondent.state.get("nonce") if respondent.recipient_id is None else None,
            questions=questions,
        )
    except AlreadySubmitted:
        pass
    except ValidationError as error:
        respondent.save(answers=answers, page=page, language=language)
        form = pages[page]
        form.add_error(None, error)
        return _render_page(
            request,
            respondent.survey,
            sections,
            page,
            form,
            language,
            personal=respondent.recipient_id,
            is_last=True,
        )
    if respondent.recipient_id is None:
        # The open-link form is spent; the link may start a new one.
        request.session.pop(SESSION_KEY, None)
        request.session["survey_done"] = True
        request.session["survey_done_language"] = language
    # A personal link's session stays as it is: its recipient, answered now, tells the thanks
    # page, and not saving the session spares every submission a write to the database.
    return redirect("surveys:thanks")


def _thanks_language(request: HttpRequest) -> str | None:
    """The language to thank in, if this browser's respondent has submitted; else None."""
    if request.session.get("survey_done"):
        return request.session.get("survey_done_language") or translation.get_language()
    state = request.session.get(SESSION_KEY) or {}
    if state.get("schema") != connection.schema_name or state.get("recipient") is None:
        return None
    answered = Recipient.objects.filter(
        pk=state["recipient"], survey_id=state["survey"], answered=True
    ).exists()
    return (state.get("language") or translation.get_language()) if answered else None


def _render_page(
    request,
    survey,
    sections,
    page,
    form,
    language,
    status=200,
    preview=None,
    personal=None,
    is_last=None,
):
    """`personal`: the recipient answering by a personal link, if it is one. `is_last`: no
    page after this one is asked (by default: it is the last page)."""
    return render(
        request,
        "surveys/respond.html",
        {
            "survey": survey,
            "sections": sections,
            "section": sections[page],
            "page": page,
            "page_number": page + 1,
            "page_count": len(sections),
            "progress": round(100 * page / len(sections)),
            "is_last": page == len(sections) - 1 if is_last is None else is_last,
            "form": form,
            "items": form.items(),
            "language": language,
            "other_language": next((code for code in survey.languages if code != language), None),
            "municipality": connection.tenant,
            "preview": preview,
            "personal": personal is not None,
        },
        status=status,
    )


@questionnaire
@require_POST
def decline(request: HttpRequest) -> HttpResponse:
    """A personal link's respondent will not take part: no reminders; the link still works."""
    respondent = Respondent.load(request)
    if respondent is None or respondent.recipient_id is None:
        return _link_invalid(request)
    recipient_decline(recipient_id=respondent.recipient_id)
    language = respondent.state.get("language") or respondent.survey.primary_language
    with translation.override(language):
        return render(
            request,
            "surveys/respond_declined.html",
            {"municipality": connection.tenant, "survey": respondent.survey},
        )


@private
@csrf_exempt
def decline_by_mail(request: HttpRequest, value: str) -> HttpResponse:
    """The mails' "unsubscribe" (List-Unsubscribe): a mail program's one-click POST, which
    carries no CSRF token (the signed value is the key), or a person's GET, which asks first:
    mail scanners open every link of a mail."""
    if _too_many(request, "failures", FAILURE_LIMIT):
        return _slow_down(request)
    recipient = recipient_for_decline(value)
    if recipient is None:
        return _link_invalid(request, guessed=True)
    survey = recipient.survey
    language = request.GET.get("lang")
    if language not in survey.languages:
        language = survey.primary_language
    context = {"municipality": connection.tenant, "survey": survey, "language": language}
    with translation.override(language):
        if request.method != "POST":
            return render(request, "surveys/respond_decline_confirm.html", context)
        recipient_decline(recipient_id=recipient.pk)
        return render(request, "surveys/respond_declined.html", {**context, "from_mail": True})


@questionnaire
def saved(request: HttpRequest) -> HttpResponse:
    """After "continue later": how to come back."""
    respondent = Respondent.load(request)
    if respondent is None:
        return _link_invalid(request)
    language = respondent.state.get("language") or respondent.survey.primary_language
    with translation.override(language):
        return render(
            request,
            "surveys/respond_saved.html",
            {
                "municipality": connection.tenant,
                "survey": respondent.survey,
                "personal": respondent.recipient_id is not None,
                # An open link's answers live in the session: as long as its cookie.
                "kept_hours": settings.SESSION_COOKIE_AGE // 3600,
            },
        )


@questionnaire
def thanks(request: HttpRequest) -> HttpResponse:
    language = _thanks_language(request)
    if language is None:
        return _link_invalid(request)
    with translation.override(language):
        return render(request, "surveys/respond_thanks.html", {"municipality": connection.tenant})
