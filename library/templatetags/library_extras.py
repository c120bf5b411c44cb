import json

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def pretty_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@register.filter
def result_topic_label(value: str) -> str:
    from interviews.models import ResultTopic

    return ResultTopic(value).label if value in ResultTopic.values else value


@register.filter
def in_language(value: object) -> str:
    """A survey text: a plain string, or {"de": …, "en": …} read in the active language."""
    if isinstance(value, dict):
        language = get_language() or "de"
        other = "en" if language.startswith("de") else "de"
        return value.get(language[:2]) or value.get(other) or ""
    return "" if value is None else str(value)
