"""Navigation questions for base.html that the shared context processor does not answer."""

from django import template

from accounts.permissions import Action, can, can_use_library

register = template.Library()


@register.simple_tag(takes_context=True)
def may_view_benchmark(context: template.Context) -> bool:
    request = context.get("request")
    tenant = getattr(request, "tenant", None)
    if request is None or tenant is None or tenant.schema_name == "public":
        return False
    return can(request.user, Action.VIEW_BENCHMARK, tenant)


@register.simple_tag(takes_context=True)
def may_use_library(context: template.Context) -> bool:
    request = context.get("request")
    return request is not None and can_use_library(request.user)
