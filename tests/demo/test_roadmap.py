"""The demo's Neustadt am See is in Implementation: a roadmap with a history and a health mix."""

from django_tenants.utils import schema_context

from roadmap import selectors
from roadmap.models import Measure, RoadmapVersion


def test_neustadt_has_voted_ideas_measures_with_dependencies_and_two_differing_versions(demo, db):
    counts = demo.first_load["neustadt"]
    assert counts["roadmap.Idea"] >= 20 and counts["roadmap.Vote"] > 0
    with schema_context("neustadt"):
        assert Measure.objects.filter(depends_on__isnull=False).distinct().count() >= 5
        first, integrated = RoadmapVersion.objects.order_by("frozen_at")[:2]
        assert first.snapshot["measures"] != integrated.snapshot["measures"]


def test_neustadts_progress_shows_measures_on_track_late_and_blocked(demo, db):
    with schema_context("neustadt"):
        progress = selectors.roadmap_progress()
        assert progress["on_track"] > 0 and progress["late"] >= 2 and progress["blocked"] == 1
        assert selectors.overdue_measures().exists()
