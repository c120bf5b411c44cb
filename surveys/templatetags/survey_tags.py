"""The surveys an activity links to, with their live response rate (on the phase page)."""

from django import template

from accounts.permissions import Action, can

from ..models import Survey
from ..selectors import overall_rate

register = template.Library()


def _entries_by_activity(request) -> dict[int, list[dict]]:
    # Read once per page, however many activities it lists.
    cached = getattr(request, "_surveys_by_activity", None)
    if cached is None:
        cached = {}
        surveys = Survey.objects.filter(activity__isnull=False, is_template=False)
        for survey in surveys.order_by("created_at", "pk"):
            entry = {"survey": survey, "overall": overall_rate(survey)}
            cached.setdefault(survey.activity_id, []).append(entry)
        request._surveys_by_activity = cached
    return cached


@register.inclusion_tag("surveys/snippets/activity_surveys_list.html", takes_context=True)
def activity_surveys(context: template.Context, activity) -> dict:
    request = context.get("request")
    if request is None:
        return {"entries": []}
    # Consultants go to the survey; a lead, who may not edit it, to its results once it ran.
    return {
        "entries": _entries_by_activity(request).get(activity.pk, []),
        "may_edit": can(request.user, Action.EDIT_SURVEYS, request.tenant),
        "may_see_results": can(request.user, Action.VIEW_SURVEY_RESULTS, request.tenant),
    }
