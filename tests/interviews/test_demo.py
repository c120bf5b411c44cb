"""The demo shows every part of the analysis: Musterstadt under way, Beispielhausen finished."""

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context, tenant_context

from engagements.models import Municipality
from interviews.models import Document, Finding, Interview, MaturityRating
from interviews.selectors import phase_one_results, synthesis_matrix
from taxonomy.models import Topic


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def analysis_counts(schema: str) -> dict[str, int]:
    with schema_context(schema):
        return {
            "documents": Document.objects.count(),
            "reviewed": Document.objects.filter(reviewed_at__isnull=False).count(),
            "done": Interview.objects.filter(state="done").count(),
            "planned": Interview.objects.filter(state="planned").count(),
            "findings": Finding.objects.count(),
            "ratings": MaturityRating.objects.count(),
            "topics": Topic.objects.count(),
        }


def test_the_demo_analysis_is_complete_and_loading_it_twice_adds_nothing(db, media_root):
    call_command("seed_demo", verbosity=0)
    first = {schema: analysis_counts(schema) for schema in ("musterstadt", "beispielhausen")}
    call_command("seed_demo", verbosity=0)

    assert {s: analysis_counts(s) for s in first} == first
    muster = first["musterstadt"]
    assert (muster["documents"], muster["done"], muster["planned"]) == (8, 9, 3)
    assert muster["findings"] >= 30 and 0 < muster["ratings"] < muster["topics"]
    beispiel = first["beispielhausen"]
    assert beispiel["reviewed"] == beispiel["documents"]
    assert beispiel["ratings"] == beispiel["topics"] and beispiel["planned"] == 0
    with tenant_context(Municipality.objects.get(slug="musterstadt")):
        assert all(row.total for row in synthesis_matrix().rows)
        results = phase_one_results()
        assert results.key_quotes and all(section.findings for section in results.sections)
        # Every demo file is a real file of its type, stored in Musterstadt's own folder.
        for document in Document.objects.all():
            assert (media_root / "musterstadt" / document.file.name).exists()
