"""A survey's results for everyone: the page a city links from its website once it closed.

No account: the survey's public address (lifecycle.results_publish) is the key, and it leads
nowhere while the results are not published. What it shows is what the results page shows of
all responses, under the same small-group rule; never the free texts, never a breakdown
someone could ask for.
"""

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from ..models import Survey
from ..results import survey_results


def published_results(request: HttpRequest, slug: str) -> HttpResponse:
    survey = Survey.objects.filter(
        public_slug=slug, results_published_at__isnull=False, is_template=False
    ).first()
    if survey is None:
        raise Http404
    language = request.GET.get("lang")
    if language not in survey.languages:
        language = translation.get_language()[:2]
    if language not in survey.languages:
        language = survey.primary_language
    with translation.override(language):
        return render(
            request,
            "surveys/results_public.html",
            {
                "survey": survey,
                "results": survey_results(survey, text_sample=0),
                "municipality": connection.tenant,
                "language": language,
                "other_language": next((c for c in survey.languages if c != language), None),
                "public": True,
            },
        )
