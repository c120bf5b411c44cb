"""Does the portfolio page stay fast as the consultancy grows? And what does provisioning cost?

    .venv/bin/python bench/portfolio.py [--municipalities 100] [--requests 20]

Creates a scratch database (wegweiser_bench_portfolio, on the server of DATABASE_URL or the
local one), migrates it, provisions 5 municipalities through
engagements.services.municipality_create (the real path: cloned schema, seeding through the
template library, summary; each timed) and gives each a few dated activities. Then it grows
the portfolio to --municipalities and times the page for two people in turn: a consultant on
the five real engagements, and the firm administrator, who reaches them all. Interleaving the
two keeps a noisy machine from favouring either. Each timing is the median of --requests
requests of each, after one warm-up.

The page reads only the public schema (municipality, summary, due items, memberships), so by
default the other municipalities are added as those public rows, copied from the five real
summaries: fast on a busy machine. With --provision-all every one of them is provisioned for
real (about 0.2 s each on an idle machine, far more on a loaded one). The scratch database is
dropped at the end.
"""

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import scratch  # noqa: E402

SCRATCH_DATABASE = "wegweiser_bench_portfolio"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=100)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--provision-all", action="store_true")
    options = parser.parse_args()

    # The summary refreshes queued after each commit run in-process: no worker needed here.
    scratch.django_setup(SCRATCH_DATABASE, CELERY_TASK_ALWAYS_EAGER="1")

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from accounts.models import Membership, Role, SignIn, User
    from engagements.models import DueItem, Municipality
    from engagements.services import municipality_create, public_site_ensure
    from engagements.summaries import summary_refresh
    from phases.models import Activity

    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery_app import app

    app.conf.task_always_eager = True

    print(f"scratch database {SCRATCH_DATABASE}: creating and migrating …", flush=True)
    scratch.recreate(SCRATCH_DATABASE)
    try:
        call_command("migrate_all", verbosity=0)
        public_site_ensure()
        admin = User.objects.create_user(
            "admin@bench.example", "x", full_name="Bench Admin", is_firm_admin=True
        )
        browser = Client(HTTP_HOST=settings.BASE_DOMAIN)
        browser.force_login(admin)
        session = browser.session
        session["sign_in"] = str(SignIn.objects.create(user=admin).pk)
        session.save()

        provisioning: list[float] = []

        def provision(up_to: int) -> None:
            for n in range(Municipality.objects.exclude(schema_name="public").count(), up_to):
                started = time.perf_counter()
                municipality = municipality_create(
                    name=f"Benchstadt {n:03}",
                    slug=f"bench-{n}",
                    created_by=None,
                    region=["Hessen", "Bayern", "Sachsen"][n % 3],
                    population=5_000 + 1_000 * n,
                )
                provisioning.append(time.perf_counter() - started)
                with tenant_context(municipality):
                    today = timezone.localdate()
                    for index, activity in enumerate(Activity.objects.filter(phase__number=1)):
                        activity.due_date = today + timedelta(days=3 * index - 4)
                        activity.save()
                summary_refresh(municipality=municipality)
                connection.set_schema_to_public()
                if (n + 1) % 25 == 0:
                    print(f"  {n + 1} municipalities", flush=True)

        def signed_in(email: str, **flags) -> Client:
            user = User.objects.create_user(email, "x", full_name=email, **flags)
            client = Client(HTTP_HOST=settings.BASE_DOMAIN)
            client.force_login(user)
            session = client.session
            session["sign_in"] = str(SignIn.objects.create(user=user).pk)
            session.save()
            return client

        def queries_of(client: Client) -> int:
            queries = []

            def count(execute, sql, params, many, context):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                assert client.get("/?sort=overdue").status_code == 200
            return len(queries)

        def page_times(clients: dict[str, Client]) -> dict[str, float]:
            """Median time of the page for each client, their requests interleaved."""
            times: dict[str, list[float]] = {name: [] for name in clients}
            for client in clients.values():
                assert client.get("/?sort=overdue").status_code == 200  # warm-up
            for _ in range(options.requests):
                for name, client in clients.items():
                    started = time.perf_counter()
                    response = client.get("/?sort=overdue")
                    times[name].append(time.perf_counter() - started)
                    assert response.status_code == 200
            return {name: statistics.median(values) for name, values in times.items()}

        def add_public_rows(up_to: int) -> None:
            real = list(Municipality.objects.exclude(schema_name="public").order_by("pk"))
            first = len(real)
            for n in range(first, up_to):
                model = real[n % first]
                copy = Municipality.objects.bulk_create(
                    [
                        Municipality(
                            name=f"Benchstadt {n:03}",
                            slug=f"bench-{n}",
                            schema_name=f"bench_{n}",
                            region=model.region,
                            population=5_000 + 1_000 * n,
                            current_phase=1 + n % 4,
                        )
                    ]
                )[0]
                summary = model.summary
                summary.pk, summary.municipality = None, copy
                summary.save()
                items = list(model.due_items.all())
                for item in items:
                    item.pk, item.municipality = None, copy
                DueItem.objects.bulk_create(items)
                Membership.objects.create(user=admin, municipality=copy, role=Role.CONSULTANT)

        provision(5)
        print(
            f"municipality_create: median {statistics.median(provisioning):.3f} s over "
            f"{len(provisioning)} (first {provisioning[0]:.3f} s, max {max(provisioning):.3f} s)"
        )
        # The same page, measured in the same minutes: a consultant on the five real
        # engagements, and the firm administrator, who reaches all of them.
        consultant = signed_in("consultant@bench.example", is_firm_staff=True)
        for municipality in Municipality.objects.exclude(schema_name="public"):
            Membership.objects.create(
                user=User.objects.get(email="consultant@bench.example"),
                municipality=municipality,
                role=Role.CONSULTANT,
            )
        if options.provision_all:
            provision(options.municipalities)
        else:
            add_public_rows(options.municipalities)
        clients = {"5": consultant, str(options.municipalities): browser}
        medians = page_times(clients)
        for name, client in clients.items():
            rows = client.get("/?sort=overdue").content.decode().count('<th scope="row">')
            print(
                f"portfolio reaching {name:>3}: {rows} rows, median {medians[name] * 1000:.1f} ms, "
                f"{queries_of(client)} queries"
            )
        ratio = medians[str(options.municipalities)] / medians["5"]
        print(f"ratio {ratio:.2f}× (target < 2×)")
    finally:
        scratch.drop(SCRATCH_DATABASE)
        print(f"scratch database {SCRATCH_DATABASE} dropped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
