"""The method's phases and activities as seeded into every new engagement.

Strings are marked for translation and rendered in the municipality's language at seeding;
after that they are the municipality's own data, edited freely.
"""

from django.utils.translation import gettext_lazy as _

PHASES = [
    {
        "title": _("Analysis"),
        "description": _(
            "Get to know the municipality: its documents, its responsible persons, and the "
            "status quo of digitization, needs, competences, processes and challenges."
        ),
        "activities": [
            (_("Preliminary discussions"), _("Agree goals, scope and contacts."), True),
            (
                _("Desktop analysis"),
                _("Review the relevant documents: strategies, IT plans, org charts, decisions."),
                True,
            ),
            (_("Introductory event with responsible persons"), "", True),
            (_("Qualitative interviews with responsible persons"), "", True),
            (
                _("Results presentation"),
                _(
                    "Status quo of digitization, needs, competences, processes and challenges, "
                    "presented to the responsible persons."
                ),
                True,
            ),
        ],
    },
    {
        "title": _("Mobilization & Activation"),
        "description": _(
            "Involve every stakeholder group and measure how ready the municipality is for "
            "digital change."
        ),
        "activities": [
            (
                _("Online survey of employees, citizens, companies and associations"),
                _("Invitations by e-mailed link; open links for citizens."),
                True,
            ),
            (_("In-depth analysis"), "", True),
            (
                _("Results presentation"),
                _(
                    "Digital change readiness, ideas and challenges, and the involvement of the "
                    "municipal council, presented to responsible persons and stakeholder "
                    "representatives."
                ),
                True,
            ),
        ],
    },
    {
        "title": _("Development"),
        "description": _("Turn what was found into an integrated digital roadmap."),
        "activities": [
            (
                _("Workshop with responsible persons"),
                _("Summary of the results, idea generation, a first version of the roadmap."),
                True,
            ),
            (
                _("Workshop with all participants"),
                _("Ideas, implementation, roadmap development."),
                True,
            ),
            (
                _("Integrated roadmap with the IT partners"),
                _("Develop the roadmap further with the municipality's IT partners."),
                True,
            ),
        ],
    },
    {
        "title": _("Implementation"),
        "description": _("Carry the roadmap out and keep everyone informed."),
        "activities": [
            (_("Debriefing on the roadmap"), "", True),
            (_("Communication strategy for the implementation"), "", True),
            (
                _("Further instruments (optional)"),
                _("Further instruments for mobilization and transformation."),
                False,
            ),
        ],
    },
]
