"""The demo shows the portfolio, the library and a benchmark with something in them."""

from accounts.models import User
from engagements.benchmarks import benchmark_for
from engagements.models import Municipality, MunicipalitySummary
from library.models import TemplateProposal
from tests.conftest import signed_in_client


def test_the_demo_has_comparison_municipalities_a_library_story_and_benchmarks(demo, db):
    musterstadt = Municipality.objects.get(slug="musterstadt")
    assert Municipality.objects.filter(benchmarking_opt_in=True).count() >= 7
    assert benchmark_for(musterstadt).shown
    assert not benchmark_for(Municipality.objects.get(slug="beispielhausen")).shown
    assert MunicipalitySummary.objects.filter(municipality=musterstadt).exists()
    assert sorted(TemplateProposal.objects.values_list("status", flat=True)) == [
        "accepted",
        "pending",
    ]
    lead = User.objects.get(email="lead@musterstadt.example")
    page = signed_in_client(lead, musterstadt).get("/benchmark/").content.decode()
    assert "Lindenau" not in page and "municipalities" in page
