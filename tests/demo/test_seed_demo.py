"""The demo data: a newcomer's first look at every screen, safe to load twice."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from engagements.models import Municipality
from phases.models import Activity, Phase
from tests.conftest import signed_in_client


def test_loading_the_demo_again_adds_nothing_anywhere(demo, db):
    assert set(demo.first_load) >= {
        "public",
        "musterstadt",
        "eichhorst",
        "beispielhausen",
        "neustadt",
    }
    assert demo.second_load == demo.first_load


def test_the_demo_fills_the_tables_of_every_app(demo, db):
    musterstadt = demo.first_load["musterstadt"]
    for model in (
        "phases.Activity",
        "phases.Meeting",
        "interviews.Finding",
        "surveys.Survey",
        "reports.ReportVersion",
    ):
        assert musterstadt[model] > 0, model
    assert demo.first_load["neustadt"]["roadmap.Measure"] > 0


def test_the_demo_shows_each_engagement_in_a_different_state(demo, db):
    with schema_context("musterstadt"):
        statuses = set(Activity.objects.values_list("status", flat=True))
        assert {"done", "in_progress", "open", "skipped"} <= statuses
        assert Phase.objects.get(number=1).state == "active"
    with schema_context("eichhorst"):
        assert Phase.objects.get(number=1).state == "in_review"
    with schema_context("beispielhausen"):
        assert Phase.objects.get(number=1).state == "approved"
        assert Phase.objects.get(number=2).state == "active"


def test_the_demo_credentials_in_the_readme_sign_in(demo, db):
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    accounts = re.findall(r"^\| `([^`]+@[^`]+)` \|", readme, flags=re.MULTILINE)
    assert len(accounts) >= 9 and "buergerbuero@beispielhausen.example" in accounts
    for email in accounts:
        browser = Client(HTTP_HOST="localhost")
        response = browser.post("/login/", {"username": email, "password": "wegweiser-demo"})
        assert response.status_code == 302, email


def test_the_demo_names_where_to_sign_in_and_as_whom(demo, db):
    assert "sign in at https://localhost/ as berater@wegweiser.example / wegweiser-demo" in (
        demo.said
    )


def test_eichhorst_s_lead_is_asked_for_her_sign_off_and_her_consultant_sees_it_waiting(demo, db):
    eichhorst = Municipality.objects.get(slug="eichhorst")
    lead = signed_in_client(User.objects.get(email="lead@eichhorst.example"), eichhorst)
    consultant = signed_in_client(User.objects.get(email="berater@wegweiser.example"))

    front_page = lead.get("/").content.decode()
    portfolio = consultant.get("/?awaiting=on")

    assert "“Analyse” awaits your sign-off" in front_page
    assert 'href="/phases/1/#gate-heading"' in front_page
    assert [row.municipality.slug for row in portfolio.context["rows"]] == ["eichhorst"]
    assert "With the lead for sign-off since" in portfolio.content.decode()


def test_beispielhausens_counter_finds_the_paper_questionnaires_it_entered(demo, db):
    town = Municipality.objects.get(slug="beispielhausen")
    counter = signed_in_client(User.objects.get(email="buergerbuero@beispielhausen.example"), town)

    listed = counter.get("/surveys/").content.decode()
    (landing,) = set(re.findall(r'href="(/surveys/\d+/paper/)"', listed))
    html = counter.get(f"{landing}?lang=en").content.decode()

    assert "Paper questionnaires" in html
    citizens = re.search(r"Citizens<div.*?</th>.*?<td class=\"text-end\">(\d+)</td>", html, re.S)
    assert citizens and citizens.group(1) == "16"
    assert "/results/" not in listed  # a member of staff: no results
