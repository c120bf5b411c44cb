"""The method's topic taxonomy as seeded into every new municipality, then edited freely there."""

from django.utils.translation import gettext_lazy as _

TAXONOMY = [
    (
        "administration",
        _("Administration"),
        [
            _("Digital business processes"),
            _("Electronic filing"),
            _("Citizen ID"),
            _("App strategies"),
            _("Home office"),
        ],
    ),
    (
        "infrastructure",
        _("Infrastructure"),
        [
            _("Interacting infrastructure"),
            _("Data strategy"),
            _("Media database"),
            _("Use of machine learning"),
            _("Agility & real-time"),
        ],
    ),
    (
        "society",
        _("Society"),
        [
            _("Information & decision-making behaviour"),
            _("Digitally connected objects & processes"),
            _("Velocity"),
            _("Socio-technical change"),
        ],
    ),
]
