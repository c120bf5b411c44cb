"""Writes for the taxonomy of one municipality."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User
from accounts.services import audit_record
from interviews.services import results_require_editable

from .method import TAXONOMY
from .models import Dimension, Topic


def taxonomy_seed() -> None:
    """Seed the method's three dimensions and their topics, in the active language."""
    for position, (key, name, topics) in enumerate(TAXONOMY):
        dimension = Dimension.objects.create(key=key, name=str(name), position=position)
        Topic.objects.bulk_create(
            Topic(dimension=dimension, name=str(topic), position=index)
            for index, topic in enumerate(topics)
        )


def _name_taken(name: str, others: Iterable[str]) -> bool:
    # Compared in Python with casefold: "Verwaltung" and "VERWALTUNG", "Straße" and "Strasse"
    # are the same column in the synthesis, whatever the database's collation says.
    wanted = name.strip().casefold()
    return any(other.strip().casefold() == wanted for other in others)


def dimension_name_check(*, name: str, dimension: Dimension) -> None:
    """Refuse a dimension name another dimension of this municipality already has."""
    others = Dimension.objects.exclude(pk=dimension.pk).values_list("name", flat=True)
    if _name_taken(name, others):
        raise ValidationError(
            {"name": _("There already is a dimension called “%(name)s”.") % {"name": name}}
        )


def topic_name_check(*, name: str, dimension: Dimension, topic: Topic) -> None:
    """Refuse a topic name another topic of the same dimension already has."""
    others = Topic.objects.filter(dimension=dimension).exclude(pk=topic.pk)
    if _name_taken(name, others.values_list("name", flat=True)):
        raise ValidationError(
            {
                "name": _("“%(dimension)s” already has a topic called “%(name)s”.")
                % {"dimension": dimension.name, "name": name}
            }
        )


def _holds_phase_one_results(topic: Topic) -> bool:
    return (
        topic.findings.exists()
        or Topic.objects.filter(pk=topic.pk, maturity__isnull=False).exists()
    )


@transaction.atomic
def dimension_save(*, dimension: Dimension) -> Dimension:
    dimension_name_check(name=dimension.name, dimension=dimension)
    if dimension._state.adding:
        base = slugify(dimension.name)[:30] or "dimension"
        key, suffix = base, 2
        while Dimension.objects.filter(key=key).exists():
            key, suffix = f"{base}-{suffix}", suffix + 1
        dimension.key = key
        dimension.position = (Dimension.objects.aggregate(m=Max("position"))["m"] or 0) + 1
    dimension.full_clean()
    dimension.save()
    return dimension


@transaction.atomic
def topic_save(*, topic: Topic) -> Topic:
    """Save a topic. Renaming is always fine; moving it to another dimension would move its
    findings and rating to another column of the frozen Phase 1 results, so not then."""
    topic_name_check(name=topic.name, dimension=topic.dimension, topic=topic)
    if topic._state.adding:
        last = topic.dimension.topics.aggregate(m=Max("position"))["m"]
        topic.position = 0 if last is None else last + 1
    else:
        stored = Topic.objects.values_list("dimension_id", flat=True).get(pk=topic.pk)
        if stored != topic.dimension_id and _holds_phase_one_results(topic):
            results_require_editable(
                refused=_(
                    "“%(name)s” cannot move to another dimension now: findings or a maturity "
                    "rating of the Phase 1 results rest on it."
                )
                % {"name": topic.name},
                field="dimension",
            )
    topic.full_clean()
    topic.save()
    return topic


def _audit_deletion(actor: User, kind: str, name: str) -> None:
    audit_record(
        action=AuditEntry.Action.DELETED,
        actor=actor,
        municipality=connection.tenant,
        target=name,
        details={"kind": kind},
    )


@transaction.atomic
def topic_delete(*, topic: Topic, actor: User) -> None:
    """Remove a topic: its maturity rating goes with it and its findings lose it, so not while
    those are frozen for the lead's review."""
    if _holds_phase_one_results(topic):
        results_require_editable(
            refused=_(
                "“%(name)s” cannot be removed now: findings or a maturity rating of the Phase 1 "
                "results rest on it."
            )
            % {"name": topic.name}
        )
    _audit_deletion(actor, "topic", f"{topic.dimension.name}: {topic.name}")
    topic.delete()


@transaction.atomic
def dimension_delete(*, dimension: Dimension, actor: User) -> None:
    if dimension.topics.exists():
        raise ValidationError(
            _("Move or delete the topics of “%(name)s” first.") % {"name": dimension.name}
        )
    _audit_deletion(actor, "dimension", dimension.name)
    dimension.delete()
