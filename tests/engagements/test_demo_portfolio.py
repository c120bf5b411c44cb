"""The demo shows the portfolio, the library and a benchmark with something in them."""

import time

from django.core.management import call_command
from django.db import connection

from accounts.models import User
from engagements.benchmarks import benchmark_for
from engagements.models import Municipality, MunicipalitySummary
from library.models import TemplateProposal
from tests.conftest import signed_in_client


def test_the_demo_has_comparison_municipalities_a_library_story_and_benchmarks(db):
    started = time.perf_counter()
    call_command("seed_demo", verbosity=0)
    first_run = time.perf_counter() - started
    call_command("seed_demo", verbosity=0)
    connection.set_schema_to_public()

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
    print(f"seed_demo first run: {first_run:.1f} s")
