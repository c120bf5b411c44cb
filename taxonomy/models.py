"""The topic taxonomy that surveys, findings and measures are coded against, per municipality."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.Model):
    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("dimension")

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["dimension__position", "position", "id"]
        verbose_name = _("topic")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "name"], name="unique_topic_per_dimension")
        ]

    def __str__(self) -> str:
        return self.name
