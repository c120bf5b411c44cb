"""Writes for the taxonomy of one municipality."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User
from accounts.services import audit_record

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


@transaction.atomic
def dimension_save(*, dimension: Dimension) -> Dimension:
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
    if topic._state.adding:
        last = topic.dimension.topics.aggregate(m=Max("position"))["m"]
        topic.position = 0 if last is None else last + 1
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
