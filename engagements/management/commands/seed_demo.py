"""Demo data: Musterstadt mid-way through Analysis, Eichhorst's Analysis waiting for its lead's
sign-off, Beispielhausen in Mobilization, Neustadt am See in Implementation.

Idempotent: run it again and it only fills in what is missing. Each app brings its own demo
content in `<app>/demo.py`: a `seed(municipality, users)` run in each demo municipality's
schema, which must itself skip what is already there.
"""

import importlib
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_tenants.utils import tenant_context

from accounts.models import Membership, Role, User
from engagements.models import Municipality
from engagements.services import municipality_create, public_site_ensure
from phases.demo import BEISPIELHAUSEN_PRESENTATION, EICHHORST_PRESENTATION, gate_passed, workday
from phases.models import Activity, Phase

DEMO_PASSWORD = "wegweiser-demo"
PEOPLE = [
    # email, name, firm staff, firm admin, language
    ("admin@wegweiser.example", "Friederike Admin", True, True, "de"),
    ("berater@wegweiser.example", "Clara Beraterin", True, False, "de"),
    ("consultant2@wegweiser.example", "Jonas Keller", True, False, "en"),
    ("lead@musterstadt.example", "Thomas Leitner", False, False, "de"),
    ("mitglied@musterstadt.example", "Sabine Mitglied", False, False, "de"),
    ("lead@beispielhausen.example", "Anna Bürgermeister", False, False, "de"),
    ("buergerbuero@beispielhausen.example", "Petra Schalter", False, False, "de"),
    ("lead@neustadt.example", "Maria Seeberger", False, False, "de"),
    ("lead@eichhorst.example", "Katrin Weidner", False, False, "de"),
]
MEMBERSHIPS = [
    ("berater@wegweiser.example", "musterstadt", Role.CONSULTANT),
    ("lead@musterstadt.example", "musterstadt", Role.LEAD),
    ("mitglied@musterstadt.example", "musterstadt", Role.MEMBER),
    ("berater@wegweiser.example", "beispielhausen", Role.CONSULTANT),
    ("consultant2@wegweiser.example", "beispielhausen", Role.CONSULTANT),
    ("lead@beispielhausen.example", "beispielhausen", Role.LEAD),
    # The town hall's counter, where the paper questionnaires come back and are entered.
    ("buergerbuero@beispielhausen.example", "beispielhausen", Role.MEMBER),
    ("berater@wegweiser.example", "neustadt", Role.CONSULTANT),
    ("lead@neustadt.example", "neustadt", Role.LEAD),
    ("berater@wegweiser.example", "eichhorst", Role.CONSULTANT),
    ("lead@eichhorst.example", "eichhorst", Role.LEAD),
]
# The apps whose demo.py fills in their part of the story, in the order the method uses them.
# engagements last: its summaries and benchmark figures read what the others seeded.
# reports after surveys: Neustadt's Phase 2 presentation shows its survey.
DEMO_APPS: list[str] = ["phases", "interviews", "roadmap", "surveys", "reports", "engagements"]
MUNICIPALITIES = [
    {
        "name": "Musterstadt",
        "slug": "musterstadt",
        "region": "Hessen",
        "population": 48200,
        "contact_name": "Thomas Leitner",
        "contact_email": "lead@musterstadt.example",
    },
    {
        "name": "Beispielhausen",
        "slug": "beispielhausen",
        "region": "Niedersachsen",
        "population": 12900,
        "contact_name": "Anna Bürgermeister",
        "contact_email": "lead@beispielhausen.example",
    },
    {
        # Through Development; the roadmap's demo (roadmap/demo.py) signs the gates off.
        "name": "Neustadt am See",
        "slug": "neustadt",
        "region": "Bayern",
        "population": 23400,
        "contact_name": "Maria Seeberger",
        "contact_email": "lead@neustadt.example",
    },
    {
        # Analysis done and presented, waiting for the lead's sign-off (reports/demo.py
        # submits it once its document is built).
        "name": "Eichhorst",
        "slug": "eichhorst",
        "region": "Brandenburg",
        "population": 24800,
        "contact_name": "Katrin Weidner",
        "contact_email": "lead@eichhorst.example",
    },
]


class Command(BaseCommand):
    help = "Create the demo municipalities, people and engagement states (idempotent)."

    def handle(self, *args, **options) -> None:
        call_command("migrate_all", verbosity=0)
        public_site_ensure()
        users = {email: self._person(email, *rest) for email, *rest in PEOPLE}
        created = {}
        for spec in MUNICIPALITIES:
            municipality = Municipality.objects.filter(slug=spec["slug"]).first()
            created[spec["slug"]] = municipality is None
            if municipality is None:
                municipality = municipality_create(created_by=None, **spec)
        for email, slug, role in MEMBERSHIPS:
            Membership.objects.get_or_create(
                user=users[email],
                municipality=Municipality.objects.get(slug=slug),
                defaults={"role": role},
            )
        if created["musterstadt"]:
            self._musterstadt(users)
        if created["beispielhausen"]:
            self._beispielhausen(users)
        if created["eichhorst"]:
            self._eichhorst(users)
        for app in DEMO_APPS:
            demo = importlib.import_module(f"{app}.demo")
            for spec in MUNICIPALITIES:
                municipality = Municipality.objects.get(slug=spec["slug"])
                with tenant_context(municipality):
                    demo.seed(municipality, users)
        connection.set_schema_to_public()
        port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: sign in at {settings.SITE_SCHEME}://{settings.BASE_DOMAIN}{port}/ "
                f"as berater@wegweiser.example / {DEMO_PASSWORD}"
            )
        )

    def _person(self, email, name, staff, admin, language) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                full_name=name,
                is_firm_staff=staff,
                is_firm_admin=admin,
                language=language,
            )
        return user

    def _musterstadt(self, users) -> None:
        """Analysis under way: some activities done, one overdue, one still open."""
        today = timezone.localdate()
        consultant = users["berater@wegweiser.example"]
        with tenant_context(Municipality.objects.get(slug="musterstadt")):
            analysis = Phase.objects.get(number=1)
            plan = [
                (
                    Activity.Status.DONE,
                    -30,
                    "Auftakt mit Bürgermeister und Hauptamt am 12. Oktober.",
                ),
                (Activity.Status.DONE, -14, "38 Dokumente gesichtet, u. a. IT-Strategie 2021."),
                (Activity.Status.DONE, -7, "45 Teilnehmende aus allen Fachbereichen."),
                (Activity.Status.IN_PROGRESS, -2, "9 von 12 Interviews geführt."),
                (Activity.Status.OPEN, 10, ""),
            ]
            for activity, (status, days, notes) in zip(
                analysis.activities.order_by("position"), plan, strict=False
            ):
                activity.status = status
                activity.due_date = today + timedelta(days=days)
                activity.owner = consultant
                activity.notes = notes
                activity.save()
            Activity.objects.create(
                phase=analysis,
                title="Abstimmung mit dem Personalrat",
                description="Beteiligung der Beschäftigtenvertretung vor den Befragungen.",
                status=Activity.Status.SKIPPED,
                required_for_gate=False,
                skip_reason="Personalrat ist bereits im Lenkungskreis vertreten.",
                position=5,
            )
            mobilization = Phase.objects.get(number=2)
            mobilization.activities.filter(position=0).update(due_date=today + timedelta(days=45))

    def _beispielhausen(self, users) -> None:
        """Analysis signed off by the lead; Mobilization & Activation under way."""
        consultant = users["berater@wegweiser.example"]
        lead = users["lead@beispielhausen.example"]
        municipality = Municipality.objects.get(slug="beispielhausen")
        with tenant_context(municipality):
            connection.set_tenant(municipality)
            analysis = Phase.objects.get(number=1)
            analysis.activities.update(status=Activity.Status.DONE)
            with translation.override("de"):
                presented = date_format(workday(BEISPIELHAUSEN_PRESENTATION), "j. F")
            gate_passed(
                analysis,
                consultant=consultant,
                lead=lead,
                comment=f"Ergebnisse wurden am {presented} im Lenkungskreis präsentiert.",
                submitted_days=BEISPIELHAUSEN_PRESENTATION + 3,
                approved_days=BEISPIELHAUSEN_PRESENTATION + 6,
                approval="Freigegeben. Bitte die Befragung der Vereine besonders bewerben.",
            )
            Phase.objects.get(number=2).activities.filter(position=0).update(
                status=Activity.Status.IN_PROGRESS
            )

    def _eichhorst(self, users) -> None:
        """Every activity of the Analysis done, the last one the results presentation."""
        today = timezone.localdate()
        consultant = users["berater@wegweiser.example"]
        with tenant_context(Municipality.objects.get(slug="eichhorst")):
            plan = [
                (-77, "Vorgespräch mit Bürgermeister Schulze und Frau Weidner (Hauptamt)."),
                (-60, "21 Unterlagen gesichtet, darunter Leitbild 2035 und IT-Rahmenvertrag."),
                (-56, "38 Teilnehmende aus Verwaltung und Stadtverordnetenversammlung."),
                (-31, "6 Interviews geführt, alle mit Einwilligung zur Mitschrift."),
                (EICHHORST_PRESENTATION, "Im Hauptausschuss präsentiert."),
            ]
            activities = Phase.objects.get(number=1).activities.order_by("position")
            for activity, (days, notes) in zip(activities, plan, strict=False):
                activity.status = Activity.Status.DONE
                activity.due_date = today + timedelta(days=days)
                activity.owner = consultant
                activity.notes = notes
                activity.save()
