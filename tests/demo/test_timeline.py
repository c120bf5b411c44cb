"""The demo's engagements read like real ones: gates signed on the days the story has them,
each after the document the lead reviewed, and each phase opening with the sign-off before it."""

from datetime import timedelta
from itertools import pairwise

from django.conf import settings
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from engagements.models import Municipality
from phases.models import CouncilSession, Engagement, GateEvent, Meeting, Phase
from phases.notifications import gate_reminders_send
from phases.selectors import pending_submission
from reports.models import GateReview, Kind, ReportVersion
from roadmap.models import RoadmapVersion


def test_neustadt_signed_its_gates_months_apart_each_after_its_document(demo, db):
    now = timezone.now()
    with schema_context("neustadt"):
        approvals = list(
            GateEvent.objects.filter(kind=GateEvent.Kind.APPROVED)
            .select_related("phase")
            .order_by("phase__number")
        )
        submissions = {
            event.phase.number: event
            for event in GateEvent.objects.filter(kind=GateEvent.Kind.SUBMITTED).select_related(
                "phase"
            )
        }
        phases = {phase.number: phase for phase in Phase.objects.all()}
        started = Engagement.objects.get().started_on
        debriefing = Meeting.objects.get(kind=Meeting.Kind.DEBRIEFING).starts_at
        reviews = {
            review.gate_event_id: review
            for review in GateReview.objects.select_related("report_version")
        }
        brief = ReportVersion.objects.get(kind=Kind.IMPLEMENTATION_BRIEF)
    assert [event.phase.number for event in approvals] == [1, 2, 3]
    assert started < phases[1].activated_at.date()
    for earlier, later in pairwise(approvals):
        assert (later.created_at - earlier.created_at).days > 30
    for approval in approvals:
        number = approval.phase.number
        assert submissions[number].created_at < approval.created_at < now
        assert phases[number + 1].activated_at == approval.created_at
        review = reviews[approval.pk]
        assert review.report_version.phase_number == number
        assert review.report_version.finished_at < approval.created_at
    # Implementation began before its debriefing; its brief is today's.
    assert phases[4].activated_at < debriefing
    assert timezone.localdate(brief.requested_at) == timezone.localdate()


def test_beispielhausen_signed_analysis_off_after_its_results_presentation(demo, db):
    with schema_context("beispielhausen"):
        presentation = Meeting.objects.get(title__startswith="Ergebnispräsentation Phase 1")
        submitted = GateEvent.objects.get(kind=GateEvent.Kind.SUBMITTED)
        approved = GateEvent.objects.get(kind=GateEvent.Kind.APPROVED)
        mobilization = Phase.objects.get(number=2)
    assert presentation.ends_at < submitted.created_at < approved.created_at
    day = timezone.localdate(presentation.starts_at)
    assert f"am {day.day}. " in submitted.comment
    assert mobilization.activated_at == approved.created_at


def test_meetings_councils_and_sign_offs_fall_on_working_days(demo, db):
    for slug in ("musterstadt", "eichhorst", "beispielhausen", "neustadt"):
        with schema_context(slug):
            moments = [
                *Meeting.objects.values_list("starts_at", flat=True),
                *GateEvent.objects.values_list("created_at", flat=True),
                *RoadmapVersion.objects.values_list("frozen_at", flat=True),
            ]
            days = [timezone.localtime(moment).date() for moment in moments]
            days += list(CouncilSession.objects.values_list("held_on", flat=True))
        assert days, slug
        assert all(day.weekday() < 5 for day in days), (slug, days)


def test_neustadt_s_council_adopted_the_integrated_roadmap_before_the_gate(demo, db):
    with schema_context("neustadt"):
        adopted = CouncilSession.objects.get(body="Stadtrat").held_on
        integrated = RoadmapVersion.objects.get(name="Integrierte Roadmap").frozen_at
        submitted = GateEvent.objects.get(phase__number=3, kind=GateEvent.Kind.SUBMITTED)
    assert timezone.localtime(integrated).date() <= adopted
    assert adopted < timezone.localtime(submitted.created_at).date()


def test_eichhorst_s_analysis_waits_for_its_lead_since_the_week_after_its_presentation(demo, db):
    with tenant_context(Municipality.objects.get(slug="eichhorst")):
        phase = Phase.objects.get(number=1)
        submission = pending_submission(phase)
        presentation = Meeting.objects.get(kind=Meeting.Kind.RESULTS)
        (version,) = ReportVersion.objects.all()
        # Reminded once, as the beat would have; the beat finds nothing more to send now.
        assert gate_reminders_send() == 0
    assert phase.state == Phase.State.IN_REVIEW
    assert version.requested_at < presentation.starts_at < submission.created_at
    waited = timezone.now() - submission.created_at
    assert timedelta(days=settings.GATE_REMINDER_DAYS) < waited < timedelta(days=14)
    assert phase.review_reminded_at - submission.created_at > timedelta(
        days=settings.GATE_REMINDER_DAYS
    )
