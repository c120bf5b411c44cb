"""Reads for the reports page and the gate form."""

import logging
from dataclasses import dataclass

from django.db.models import QuerySet

from phases.models import Phase

from .models import KIND_OF_PHASE, Kind, ReportVersion
from .rendering import content_hash, document_html

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KindVersions:
    kind: str
    label: str
    phase_number: int
    versions: list[ReportVersion]
    # Whether the latest version no longer shows the engagement as it is (out_of_date); told
    # only for the phase under way, the one whose document is being worked on.
    latest_out_of_date: bool | None = None

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
                latest_out_of_date=(
                    out_of_date(of_kind[0]) if of_kind and number in under_way else None
                ),
            )
        )
    return documents


def out_of_date(version: ReportVersion) -> bool | None:
    """Whether the engagement changed since `version` was made, so that a new version would
    read differently: it is rendered again, as of its own date, and compared. None when that
    cannot be told: the version is not ready, was made before what it says was kept, or the
    document cannot be rendered now (the page asking goes on without the answer; a build
    would show the error)."""
    if version.state != ReportVersion.State.READY or not version.content_hash:
        return None
    try:
        html, _roadmap_version = document_html(version)
    except Exception:
        logger.exception("Could not render %s to compare it", version)
        return None
    return content_hash(html) != version.content_hash


def versions_of_phase(number: int) -> QuerySet[ReportVersion]:
    return ReportVersion.objects.filter(kind=KIND_OF_PHASE[number]).order_by("-number")


def ready_versions_of_phase(number: int) -> QuerySet[ReportVersion]:
    """What a lead can say they reviewed at the sign-off."""
    return versions_of_phase(number).filter(state=ReportVersion.State.READY)
