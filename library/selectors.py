from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from .models import LibraryTemplate, TemplateProposal, TemplateVersion


def current_versions() -> QuerySet[TemplateVersion]:
    """The newest version of every template."""
    return (
        TemplateVersion.objects.order_by("template_id", "-number")
        .distinct("template_id")
        .select_related("template")
    )


def current_structures(*, kind: str, language: str | None = None) -> list[dict]:
    versions = current_versions().filter(template__kind=kind)
    if language is not None:
        versions = versions.filter(template__language=language)
    return [version.structure for version in versions]


def library_templates() -> QuerySet[LibraryTemplate]:
    newest = TemplateVersion.objects.filter(template=OuterRef("pk")).order_by("-number")
    return LibraryTemplate.objects.annotate(
        current_number=Max("versions__number"),
        current_at=Subquery(newest.values("created_at")[:1]),
        pending_count=Count(
            "proposals",
            filter=Q(proposals__status=TemplateProposal.Status.PENDING),
            distinct=True,
        ),
    ).order_by("kind", "language", "title")


def template_versions(template: LibraryTemplate) -> QuerySet[TemplateVersion]:
    return template.versions.select_related("created_by").order_by("-number")


def proposals(*, pending_only: bool = False) -> QuerySet[TemplateProposal]:
    found = TemplateProposal.objects.select_related(
        "template", "municipality", "proposed_by", "decided_by", "version"
    )
    if pending_only:
        found = found.filter(status=TemplateProposal.Status.PENDING)
    return found.order_by("-proposed_at", "-id")


def consulted_municipalities(user) -> QuerySet:
    """Where `user` is a consultant, so could offer a template from (the offer page's links)."""
    from accounts.models import Role
    from engagements.models import Municipality

    return Municipality.objects.filter(
        memberships__user=user, memberships__role=Role.CONSULTANT
    ).order_by("name")
