"""The demo shows a ready Phase 1 presentation in both demo municipalities, once."""

from django_tenants.utils import schema_context

from phases.models import GateEvent
from reports.models import GateReview, Kind, ReportVersion


def test_demo_has_a_ready_phase_one_presentation_and_beispielhausens_sign_off_names_it(demo, db):
    for slug in ("musterstadt", "eichhorst", "beispielhausen"):
        with schema_context(slug):
            version = ReportVersion.objects.get()
            assert (version.kind, version.state, version.language) == (
                Kind.PHASE1_RESULTS,
                ReportVersion.State.READY,
                "de",
            )
            assert version.page_count >= 10
            assert version.requested_by_name == "Clara Beraterin"
            assert (demo.media_root / slug / version.file.name).exists()
    with schema_context("beispielhausen"):
        approval = GateEvent.objects.get(kind=GateEvent.Kind.APPROVED)
        review = GateReview.objects.get(gate_event=approval)
        assert review.report_version.finished_at < approval.created_at


def test_neustadt_has_every_document_and_its_phase_two_presentation_shows_its_survey(demo, db):
    from pypdf import PdfReader

    with schema_context("neustadt"):
        versions = {version.kind: version for version in ReportVersion.objects.all()}
        assert set(versions) == set(Kind.values)
        assert {version.state for version in versions.values()} == {ReportVersion.State.READY}
        phase_two = versions[Kind.PHASE2_RESULTS]
        reader = PdfReader(demo.media_root / "neustadt" / phase_two.file.name)
        text = " ".join(page.extract_text() for page in reader.pages)
    assert "Welle 1" in text and "412" in text
    # The second wave runs in Implementation: not part of the Phase 2 results.
    assert "Welle 2" not in text
