"""The demo data: a newcomer's first look at every screen, safe to load twice."""

from django.core.management import call_command
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import Membership, User
from engagements.models import Municipality
from phases.models import Activity, GateEvent, Phase


def demo_counts() -> dict[str, int]:
    counts = {
        "users": User.objects.count(),
        "municipalities": Municipality.objects.count(),
        "memberships": Membership.objects.count(),
    }
    with schema_context("musterstadt"):
        counts["musterstadt activities"] = Activity.objects.count()
    with schema_context("beispielhausen"):
        counts["beispielhausen gate events"] = GateEvent.objects.count()
    return counts


def test_seed_demo_creates_the_demo_and_loading_it_again_changes_nothing(db):
    call_command("seed_demo", verbosity=0)
    first = demo_counts()
    call_command("seed_demo", verbosity=0)

    assert demo_counts() == first
    with schema_context("musterstadt"):
        statuses = set(Activity.objects.values_list("status", flat=True))
        assert {"done", "in_progress", "open", "skipped"} <= statuses
        assert Phase.objects.get(number=1).state == "active"
    with schema_context("beispielhausen"):
        assert Phase.objects.get(number=1).state == "approved"
        assert Phase.objects.get(number=2).state == "active"


def test_the_demo_credentials_in_the_readme_sign_in(db):
    call_command("seed_demo", verbosity=0)
    for email in (
        "admin@wegweiser.example",
        "berater@wegweiser.example",
        "lead@musterstadt.example",
        "mitglied@musterstadt.example",
    ):
        browser = Client(HTTP_HOST="localhost")
        response = browser.post("/login/", {"username": email, "password": "wegweiser-demo"})
        assert response.status_code == 302, email
