"""The privacy notice for respondents: what the surveys store about them, and for how long.

Respondents must be told when their data is collected (Art. 13 and 14 GDPR): the page is
linked from every questionnaire page, the invitation and reminder mails, and the printed
questionnaire. The standard text is worked out from what the software does and from the
municipality's settings, so it stays true when they change; the municipality names its
data protection officer and adds what only it can say.
"""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from .. import selectors
from ..models import Survey

LANGUAGES = ("de", "en")


def privacy_notice(request: HttpRequest) -> HttpResponse:
    language = request.GET.get("lang")
    if language not in LANGUAGES:
        language = (translation.get_language() or "de")[:2]
    settings = selectors.survey_settings_get()
    other = next(code for code in LANGUAGES if code != language)
    own_addition = getattr(settings, f"privacy_addition_{language}")
    with translation.override(language):
        return render(
            request,
            "surveys/privacy.html",
            {
                "municipality": connection.tenant,
                "settings": settings,
                "language": language,
                # The municipality's words in the reader's language, else in the other one.
                "addition": own_addition or getattr(settings, f"privacy_addition_{other}"),
                "addition_language": language if own_addition else other,
                "free_text_minimum": 2 * settings.min_group_size,
                "asks_departments": Survey.objects.filter(collect_departments=True).exists(),
            },
        )
