"""Demo: the Phase 1 results presentation of each demo municipality, built right away, and
Neustadt's documents of the later phases (its survey, roadmap and progress are seeded before).

Beispielhausen's lead signed Phase 1 off; the demo records that she reviewed version 1.
"""

from datetime import timedelta

from accounts.models import User
from phases.models import GateEvent

from .models import GateReview, Kind, ReportVersion
from .services import report_build_now

CONSULTANT = "berater@wegweiser.example"


def seed(municipality, users: dict[str, User]) -> None:
    if ReportVersion.objects.filter(kind=Kind.PHASE1_RESULTS).exists():
        return
    version = report_build_now(
        kind=Kind.PHASE1_RESULTS, actor=users[CONSULTANT], language=municipality.language
    )
    if municipality.slug == "neustadt":
        for kind in (Kind.PHASE2_RESULTS, Kind.ROADMAP, Kind.IMPLEMENTATION_BRIEF):
            report_build_now(kind=kind, actor=users[CONSULTANT], language=municipality.language)
    approval = (
        GateEvent.objects.filter(phase__number=1, kind=GateEvent.Kind.APPROVED)
        .order_by("created_at")
        .first()
    )
    if approval is None or version.state != ReportVersion.State.READY:
        return
    # The story: the lead had this version in front of her before she signed.
    ReportVersion.objects.filter(pk=version.pk).update(
        requested_at=approval.created_at - timedelta(days=2),
        started_at=approval.created_at - timedelta(days=2),
        finished_at=approval.created_at - timedelta(days=2),
    )
    GateReview.objects.create(gate_event=approval, report_version=version)
