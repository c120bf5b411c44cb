"""Reads for the reports page and the gate form."""

import logging
from dataclasses import dataclass

from django.db.models import QuerySet

from phases.models import Phase

from .models import KIND_OF_PHASE, Kind, ReportVersion
from .rendering import content_hash, document_html, section_hashes

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KindVersions:
    kind: str
    label: str
    phase_number: int
    versions: list[ReportVersion]
    # Whether the latest version still shows the engagement as it is (currency_of); told only
    # for the phase under way, the one whose document is being worked on.
    latest_currency: "Currency | None" = None

    @property
    def latest(self) -> ReportVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def pending(self) -> bool:
        return any(version.is_pending for version in self.versions)


def versions_by_kind() -> list[KindVersions]:
    """Every document with its versions, newest first."""
    versions = list(ReportVersion.objects.select_related("roadmap_version").order_by("-number"))
    under_way = set(
        Phase.objects.filter(state__in=[Phase.State.ACTIVE, Phase.State.IN_REVIEW]).values_list(
            "number", flat=True
        )
    )
    documents = []
    for number, kind in sorted(KIND_OF_PHASE.items()):
        of_kind = [version for version in versions if version.kind == kind]
        documents.append(
            KindVersions(
                kind=kind,
                label=str(Kind(kind).label),
                phase_number=number,
                versions=of_kind,
                latest_currency=(
                    currency_of(of_kind[0]) if of_kind and number in under_way else None
                ),
            )
        )
    return documents


@dataclass(frozen=True)
class Currency:
    """Whether a version still shows the engagement as it is, and where it no longer does."""

    out_of_date: bool
    # The titles of the sections that would read differently now (or are gone); empty when
    # only the cover or the contents would, or the version kept no sections.
    changed: list[str]


def currency_of(version: ReportVersion) -> Currency | None:
    """Render `version` again, as of its own date, and compare it with what it said. None
    when that cannot be told: the version is not ready, was made before what it says was
    kept, or the document cannot be rendered now (the page asking goes on without the
    answer; a build would show the error)."""
    if version.state != ReportVersion.State.READY or not version.content_hash:
        return None
    try:
        html, document = document_html(version)
    except Exception:
        logger.exception("Could not render %s to compare it", version)
        return None
    if content_hash(html) == version.content_hash:
        return Currency(out_of_date=False, changed=[])
    then, now = version.section_hashes, section_hashes(html, document)
    # A section new since then differs from the nothing it was.
    changed = [
        title for anchor, (title, digest) in now.items() if then.get(anchor, ["", ""])[1] != digest
    ]
    gone = [title for anchor, (title, _digest) in then.items() if anchor not in now]
    return Currency(out_of_date=True, changed=changed + gone if then else [])


def versions_of_phase(number: int) -> QuerySet[ReportVersion]:
    return ReportVersion.objects.filter(kind=KIND_OF_PHASE[number]).order_by("-number")


def ready_versions_of_phase(number: int) -> QuerySet[ReportVersion]:
    """What a lead can say they reviewed at the sign-off."""
    return versions_of_phase(number).filter(state=ReportVersion.State.READY)
