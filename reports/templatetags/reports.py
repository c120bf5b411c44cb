"""The reports app's part of the phase page: whether the phase's document shows the phase as
it is, and which version of it the lead reviewed."""

from django import template

from phases.models import Phase

from ..selectors import currency_of, ready_versions_of_phase

register = template.Library()


@register.inclusion_tag("reports/snippets/review_choice.html")
def report_review_choice(phase: Phase) -> dict:
    """The field of the sign-off form that names the reviewed version of the phase's document."""
    versions = list(ready_versions_of_phase(phase.number))
    return {
        "phase": phase,
        "versions": versions,
        "currency": currency_of(versions[0]) if versions else None,
    }


@register.inclusion_tag("reports/snippets/document_currency.html")
def report_currency(phase: Phase) -> dict:
    """For the consultants, before and after they submit: is the document ready for the lead?"""
    latest = ready_versions_of_phase(phase.number).first()
    return {
        "phase": phase,
        "latest": latest,
        "currency": currency_of(latest) if latest else None,
    }
