"""Does the portfolio page stay fast as the consultancy grows? And what does provisioning cost?

    .venv/bin/python bench/portfolio.py [--municipalities 100] [--requests 20]

Creates a scratch database (wegweiser_bench_portfolio, on the server of DATABASE_URL or the
local one), migrates it, provisions 5 municipalities through
engagements.services.municipality_create (the real path: cloned schema, seeding through the
template library, summary; each timed), gives each a few dated activities, and times the
portfolio page for a firm administrator. Then it grows the portfolio to --municipalities and
times the page again. Each timing is the median of --requests requests after one warm-up.

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

        def page_time(label: str) -> tuple[float, int]:
            assert browser.get("/").status_code == 200  # warm-up
            queries = []

            def count(execute, sql, params, many, context):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                assert browser.get("/").status_code == 200
            times = []
            for _ in range(options.requests):
                started = time.perf_counter()
                response = browser.get("/?sort=overdue")
                times.append(time.perf_counter() - started)
                assert response.status_code == 200
            median = statistics.median(times)
            rows = response.content.decode().count('<th scope="row">')
            print(f"{label}: {rows} rows, median {median * 1000:.1f} ms, {len(queries)} queries")
            return median, len(queries)

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
        small, small_queries = page_time("portfolio with 5")
        print(
            f"municipality_create: median {statistics.median(provisioning):.3f} s over "
            f"{len(provisioning)} (first {provisioning[0]:.3f} s, max {max(provisioning):.3f} s)"
        )
        if options.provision_all:
            provision(options.municipalities)
        else:
            add_public_rows(options.municipalities)
        large, large_queries = page_time(f"portfolio with {options.municipalities}")
        print(
            f"ratio {large / small:.2f}× (target < 2×); queries {small_queries} vs {large_queries}"
        )
    finally:
        scratch.drop(SCRATCH_DATABASE)
        print(f"scratch database {SCRATCH_DATABASE} dropped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
