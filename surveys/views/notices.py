"""What a public body owes the people it asks: a privacy notice and an accessibility statement.

Both are linked from every questionnaire page. The privacy notice (Art. 13 and 14 GDPR) is
also linked from the invitation and reminder mails and the printed questionnaire. Their
standard text is worked out from what the software does and from the municipality's
settings, so it stays true when they change; the municipality adds what only it can say
(its data protection officer and legal basis, its contact for barriers and the
enforcement procedure of its state).
"""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from .. import selectors
from ..models import Survey, SurveySettings

LANGUAGES = ("de", "en")


def _notice(request: HttpRequest, template: str, addition: str, context: dict) -> HttpResponse:
    """`template` in the language asked for (else the browser's), with the municipality's
    own words (SurveySettings.<addition>_de/_en) in it, or else in the other language."""
    language = request.GET.get("lang")
    if language not in LANGUAGES:
        language = (translation.get_language() or "de")[:2]
    settings = context["settings"]
    other = next(code for code in LANGUAGES if code != language)
    own = getattr(settings, f"{addition}_{language}")
    with translation.override(language):
        return render(
            request,
            template,
            {
                **context,
                "municipality": connection.tenant,
                "language": language,
                "addition": own or getattr(settings, f"{addition}_{other}"),
                "addition_language": language if own else other,
            },
        )


def privacy_notice(request: HttpRequest) -> HttpResponse:
    settings = selectors.survey_settings_get()
    return _notice(
        request,
        "surveys/privacy.html",
        "privacy_addition",
        {
            "settings": settings,
            "free_text_minimum": 2 * settings.min_group_size,
            "asks_departments": Survey.objects.filter(collect_departments=True).exists(),
        },
    )


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    settings: SurveySettings = selectors.survey_settings_get()
    return _notice(
        request,
        "surveys/accessibility.html",
        "accessibility_addition",
        {"settings": settings, "host": request.get_host()},
    )
