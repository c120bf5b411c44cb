"""What a municipality's schema holds that a consultant can offer to the library."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import structures
from .models import Kind


@dataclass(frozen=True)
class Offerable:
    key: str
    kind: str
    label: str
    language: str
    structure: Callable[[], dict]


def offerable(municipality) -> list[Offerable]:
    """The engagement's activity checklist, its interview guides and its survey templates."""
    from interviews.models import InterviewGuide
    from interviews.services import guide_structure

    found = [
        Offerable(
            "checklist",
            Kind.ACTIVITY_CHECKLIST,
            _("The activity checklist of this engagement (all four phases)"),
            municipality.language,
            structures.checklist_structure,
        )
    ]
    for guide in InterviewGuide.objects.order_by("language", "title"):
        found.append(
            Offerable(
                f"guide-{guide.pk}",
                Kind.INTERVIEW_GUIDE,
                _("Interview guide: %(title)s") % {"title": guide.title},
                guide.language,
                lambda guide=guide: guide_structure(guide),
            )
        )
    found += structures.offerable_surveys(municipality)
    return found
