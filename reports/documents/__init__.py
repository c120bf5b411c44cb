"""The content of each document, gathered from the other apps' selectors.

Each builder runs in the municipality's schema with the document's language active and
returns a `Document`: the template, the sections for the contents page, and the context.
`as_of` is the document's date: what depends on the day alone (the "today" line of a
timeline, whether a measure is late, the gate history) is drawn as of then, so that a
version can be rendered again, to the byte, while nothing in the engagement changed.
"""

from collections.abc import Callable
from datetime import datetime

from ..models import Kind
from .common import Document
from .implementation_brief import implementation_brief
from .phase_one import phase_one_results
from .phase_two import phase_two_results
from .roadmap import roadmap_document

BUILDERS: dict[str, Callable[[datetime], Document]] = {
    Kind.PHASE1_RESULTS: phase_one_results,
    Kind.PHASE2_RESULTS: phase_two_results,
    Kind.ROADMAP: roadmap_document,
    Kind.IMPLEMENTATION_BRIEF: implementation_brief,
}


def build_document(kind: str, as_of: datetime) -> Document:
    return BUILDERS[kind](as_of)


__all__ = ["BUILDERS", "Document", "build_document"]
