"""The demo shows every part of the analysis: Musterstadt under way, Beispielhausen finished."""

from django_tenants.utils import schema_context, tenant_context

from engagements.models import Municipality
from interviews.models import Document, Finding, Interview, MaturityRating
from interviews.selectors import phase_one_results, synthesis_matrix
from taxonomy.models import Topic


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


def test_musterstadt_is_mid_analysis_and_beispielhausen_has_finished_it(demo, db):
    muster = analysis_counts("musterstadt")
    assert (muster["documents"], muster["done"], muster["planned"]) == (8, 9, 3)
    assert muster["findings"] >= 30 and 0 < muster["ratings"] < muster["topics"]
    beispiel = analysis_counts("beispielhausen")
    assert beispiel["reviewed"] == beispiel["documents"]
    assert beispiel["ratings"] == beispiel["topics"] and beispiel["planned"] == 0


def test_the_demo_synthesis_and_results_have_something_in_every_section(demo, db):
    with tenant_context(Municipality.objects.get(slug="musterstadt")):
        assert all(row.total for row in synthesis_matrix().rows)
        results = phase_one_results()
        assert results.key_quotes and all(section.findings for section in results.sections)


def test_every_demo_document_is_stored_in_its_municipalitys_own_folder(demo, db):
    with schema_context("musterstadt"):
        names = list(Document.objects.values_list("file", flat=True))
    assert names
    for name in names:
        assert (demo.media_root / "musterstadt" / name).exists(), name
