"""Reads for the taxonomy of one municipality."""

from django.db.models import Count, Prefetch, QuerySet

from .models import Dimension, Topic


def dimensions_with_topics() -> QuerySet[Dimension]:
    """The dimensions with their topics; each topic knows what removing it would touch, so the
    confirmation can say so."""
    topics = Topic.objects.annotate(
        finding_count=Count("findings", distinct=True),
        rating_count=Count("maturity", distinct=True),
    )
    return Dimension.objects.prefetch_related(Prefetch("topics", queryset=topics))
