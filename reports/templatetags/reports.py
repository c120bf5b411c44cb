"""The reports app's part of the phase page: which document version the lead reviewed."""

from django import template

from phases.models import Phase

from ..selectors import ready_versions_of_phase

register = template.Library()


@register.inclusion_tag("reports/snippets/review_choice.html")
def report_review_choice(phase: Phase) -> dict:
    """The field of the sign-off form that names the reviewed version of the phase's document."""
    return {"phase": phase, "versions": list(ready_versions_of_phase(phase.number))}
