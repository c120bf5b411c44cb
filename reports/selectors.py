"""Reads for the reports page and the gate form."""

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import KIND_OF_PHASE, Kind, ReportVersion


@dataclass(frozen=True)
class KindVersions:
    kind: str
    label: str
    phase_number: int
    versions: list[ReportVersion]

    @property
    def latest(self) -> ReportVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def pending(self) -> bool:
        return any(version.is_pending for version in self.versions)


def versions_by_kind() -> list[KindVersions]:
    """Every document with its versions, newest first; one query."""
    versions = list(ReportVersion.objects.select_related("roadmap_version").order_by("-number"))
    return [
        KindVersions(
            kind=kind,
            label=str(Kind(kind).label),
            phase_number=number,
            versions=[version for version in versions if version.kind == kind],
        )
        for number, kind in sorted(KIND_OF_PHASE.items())
    ]


def versions_of_phase(number: int) -> QuerySet[ReportVersion]:
    return ReportVersion.objects.filter(kind=KIND_OF_PHASE[number]).order_by("-number")


def ready_versions_of_phase(number: int) -> QuerySet[ReportVersion]:
    """What a lead can say they reviewed at the sign-off."""
    return versions_of_phase(number).filter(state=ReportVersion.State.READY)
