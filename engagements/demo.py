"""Demo: comparison municipalities for the portfolio and the benchmarks, and the library's story.

Run by seed_demo in each demo municipality's schema. The first call adds five engagements in
Musterstadt's size band (20,000–50,000 inhabitants), opted in to benchmarking, at different
points of the method, with Phase 1 maturity ratings: just enough for Musterstadt's lead to see
a comparison, while Beispielhausen's lead sees why there is none yet (too few of its size).
Five, because each is a real provisioning and seed_demo must stay quick. Each demo
municipality takes part in benchmarking and gets its summary. Idempotent: what exists is left
alone.
"""

import zlib
from datetime import timedelta

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Membership, Role, User
from interviews.models import InterviewGuide, MaturityRating
from library.models import Kind, LibraryTemplate, TemplateProposal
from library.services import library_import_method, proposal_accept, proposal_submit
from library.structures import checklist_structure
from phases.models import Activity, Engagement, Phase
from taxonomy.models import Topic

from .models import Municipality
from .services import municipality_create
from .summaries import summary_refresh

# name, slug, state, population, phase reached, days in it, something overdue, consultant
PEERS = [
    ("Lindenau", "lindenau", "Sachsen", 31_400, 2, 24, False, "berater"),
    ("Lüttenhagen", "luettenhagen", "Mecklenburg-Vorpommern", 24_100, 1, 40, True, "consultant2"),
    ("Waldkirchen am See", "waldkirchen", "Bayern", 43_900, 3, 12, False, "berater"),
    ("Rosenfeld", "rosenfeld", "Baden-Württemberg", 27_300, 2, 61, True, "consultant2"),
    ("Hohenbrück", "hohenbrueck", "Nordrhein-Westfalen", 38_600, 4, 90, False, "consultant2"),
]
RATIONALES = {
    1: "Kaum Ansätze vorhanden; Vorgänge laufen auf Papier.",
    2: "Erste Pilotprojekte, aber ohne gemeinsame Linie.",
    3: "In mehreren Fachbereichen eingeführt, noch nicht durchgängig.",
    4: "Weitgehend umgesetzt und im Alltag genutzt.",
    5: "Vollständig umgesetzt und wird laufend weiterentwickelt.",
}


def seed(municipality: Municipality, users: dict[str, User]) -> None:
    Municipality.objects.filter(pk=municipality.pk).update(benchmarking_opt_in=True)
    _backdate_start(municipality)
    with schema_context("public"):
        library_import_method(actor=None)
        _peers_ensure(users)
    _library_story(municipality, users)
    summary_refresh(municipality=municipality)


def _backdate_start(municipality: Municipality) -> None:
    """The demo's seeding began the engagement and opened its first phase today; give them
    the weeks the story has had. The gates (phases.demo.gate_passed) date the later phases."""
    weeks = {"musterstadt": 7, "eichhorst": 12, "beispielhausen": 14}.get(municipality.slug, 40)
    today = timezone.localdate()
    Engagement.objects.filter(started_on=today).update(started_on=today - timedelta(weeks=weeks))
    # A week after the start: the first preliminary discussion.
    Phase.objects.filter(number=1, activated_at__date=today).update(
        activated_at=F("activated_at") - timedelta(weeks=weeks - 1)
    )


def _level(slug: str, topic: str, phase: int) -> int:
    # Stable per town and topic; towns further along the method rate a little higher.
    spread = zlib.crc32(f"{slug}:{topic}".encode()) % 3
    return max(1, min(5, 1 + spread + phase // 2))


def _peers_ensure(users: dict[str, User]) -> None:
    for name, slug, region, population, phase, days, overdue, consultant in PEERS:
        if Municipality.objects.filter(slug=slug).exists():
            continue
        peer = municipality_create(
            name=name, slug=slug, region=region, population=population, created_by=None
        )
        Municipality.objects.filter(pk=peer.pk).update(
            benchmarking_opt_in=True, current_phase=phase, current_phase_state="active"
        )
        Membership.objects.create(
            user=users[f"{consultant}@wegweiser.example"], municipality=peer, role=Role.CONSULTANT
        )
        with tenant_context(peer):
            _progress(slug, phase, days, overdue, users[f"{consultant}@wegweiser.example"])
        summary_refresh(municipality=peer)
    connection.set_schema_to_public()


def _progress(slug: str, reached: int, days: int, overdue: bool, consultant: User) -> None:
    today, now = timezone.localdate(), timezone.now()
    Phase.objects.filter(number__lt=reached).update(state=Phase.State.APPROVED)
    Activity.objects.filter(phase__number__lt=reached).update(status=Activity.Status.DONE)
    Phase.objects.filter(number=reached).update(
        state=Phase.State.ACTIVE, activated_at=now - timedelta(days=days)
    )
    Phase.objects.filter(number__gt=reached).update(state=Phase.State.LOCKED, activated_at=None)
    current = list(Activity.objects.filter(phase__number=reached).order_by("position"))
    for index, activity in enumerate(current):
        activity.owner = consultant
        if index < len(current) // 2:
            activity.status = Activity.Status.DONE
        else:
            activity.due_date = today + timedelta(days=7 * index)
    if overdue and len(current) > 1:
        current[-1].due_date = today - timedelta(days=4)
    Activity.objects.bulk_update(current, ["owner", "status", "due_date"])
    MaturityRating.objects.bulk_create(
        MaturityRating(
            topic=topic,
            level=(level := _level(slug, topic.name, reached)),
            rationale=RATIONALES[level],
            rated_by=consultant,
        )
        for topic in Topic.objects.all()
    )


def _library_story(municipality: Municipality, users: dict[str, User]) -> None:
    """Musterstadt's checklist (with the staff council) was taken into the library; Beispiel-
    hausen has offered a shorter interview guide, waiting for a decision."""
    consultant = users["berater@wegweiser.example"]
    if (
        municipality.slug == "musterstadt"
        and not TemplateProposal.objects.filter(municipality=municipality).exists()
    ):
        proposal = proposal_submit(
            municipality=municipality,
            actor=consultant,
            kind=Kind.ACTIVITY_CHECKLIST,
            title="Aktivitäten mit Personalrat",
            language="de",
            structure=checklist_structure(),
            note="Die Abstimmung mit dem Personalrat vor den Befragungen hat sich bewährt.",
            template=LibraryTemplate.objects.get(key="method-activities-de"),
        )
        proposal_accept(
            proposal=proposal,
            actor=users["admin@wegweiser.example"],
            note="Übernommen: Personalrat früh einbinden, als optionale Aktivität.",
        )
    if (
        municipality.slug == "beispielhausen"
        and not TemplateProposal.objects.filter(municipality=municipality).exists()
    ):
        from interviews.services import guide_structure

        guide = InterviewGuide.objects.filter(language="de").order_by("pk").first()
        if guide is None:
            return
        structure = guide_structure(guide)
        structure["title"] = "Interviewleitfaden für kleine Gemeinden"
        structure["questions"] = structure["questions"][:6]
        structure["description"] = (
            "Kurzfassung für kleine Verwaltungen, etwa 45 Minuten. Vor Beginn die Einwilligung "
            "zur Mitschrift einholen."
        )
        proposal_submit(
            municipality=municipality,
            actor=consultant,
            kind=Kind.INTERVIEW_GUIDE,
            title="Interviewleitfaden für kleine Gemeinden (45 Minuten)",
            language="de",
            structure=structure,
            note="In kleinen Verwaltungen reichen sechs Fragen; die Interviews dauern "
            "sonst zu lange für die Amtsleitungen.",
            template=None,
        )
