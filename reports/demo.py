"""Demo: the Phase 1 results presentation of each demo municipality, and Neustadt's documents
of the later phases (its survey, roadmap and progress are seeded before).

A document of a signed-off phase is dated two days before the sign-off, and the gate records
that the lead reviewed it (Beispielhausen's Phase 1; Neustadt's Phases 1 to 3). Eichhorst's
was built two days before its results presentation; then its consultant submits the phase,
so that the submission and the lead's reminder name the document. Musterstadt's was built
today.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from phases.demo import EICHHORST_PRESENTATION, EICHHORST_SUBMITTED, at, review_requested
from phases.models import GateEvent, Phase

from .models import PHASE_OF_KIND, GateReview, Kind, ReportVersion
from .services import report_build_now

CONSULTANT = "berater@wegweiser.example"
# Building a demo document takes the consultant's click and the worker's minute.
BUILD_TIME = timedelta(minutes=1)


def seed(municipality, users: dict[str, User]) -> None:
    if ReportVersion.objects.filter(kind=Kind.PHASE1_RESULTS).exists():
        return
    kinds = [Kind.PHASE1_RESULTS]
    if municipality.slug == "neustadt":
        kinds += [Kind.PHASE2_RESULTS, Kind.ROADMAP, Kind.IMPLEMENTATION_BRIEF]
    for kind in kinds:
        approval = (
            GateEvent.objects.filter(
                phase__number=PHASE_OF_KIND[kind], kind=GateEvent.Kind.APPROVED
            )
            .order_by("created_at")
            .first()
        )
        if approval is not None:
            requested_at = approval.created_at - timedelta(days=2)
        elif municipality.slug == "eichhorst":
            requested_at = at(EICHHORST_PRESENTATION - 2, 11)
        else:
            requested_at = timezone.now()
        version = report_build_now(
            kind=kind,
            actor=users[CONSULTANT],
            language=municipality.language,
            requested_at=requested_at,
        )
        if version.state != ReportVersion.State.READY:
            continue
        ReportVersion.objects.filter(pk=version.pk).update(
            started_at=requested_at, finished_at=requested_at + BUILD_TIME
        )
        if approval is not None:
            # The story: the lead had this version in front of her when she signed.
            GateReview.objects.create(gate_event=approval, report_version=version)
    if municipality.slug == "eichhorst":
        review_requested(
            Phase.objects.get(number=1),
            consultant=users[CONSULTANT],
            comment="Die Ergebnisse wurden im Hauptausschuss präsentiert; die Präsentation "
            "liegt unter Berichte. Bitte um Freigabe, damit wir die Befragung vorbereiten können.",
            days=EICHHORST_SUBMITTED,
        )
