"""How much cloning the template schema saves over migrating each new municipality's schema.

    .venv/bin/python bench/provisioning.py [--rounds 5]

Creates a scratch database (wegweiser_bench, on the server of DATABASE_URL or the local one),
migrates it, and then provisions municipalities through engagements.services.municipality_create
both ways, alternating which goes first in each round: the normal path, which clones
TENANT_BASE_SCHEMA, and with TENANT_CREATION_FAKES_MIGRATIONS=False, which runs every tenant
migration on an empty schema. Both include the same seeding (phases, activities, taxonomy).
One untimed warm-up of each comes first. The scratch database is dropped at the end.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import scratch  # noqa: E402

SCRATCH_DATABASE = "wegweiser_bench"


def timed(provision: Callable[[], object]) -> float:
    started = time.perf_counter()
    provision()
    return time.perf_counter() - started


def recording_schema_step(model: type, seconds: list[float]) -> None:
    """Record how long each `create_schema` takes: the one step in which the paths differ."""
    create_schema = model.create_schema

    def timed_create_schema(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return create_schema(self, *args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - started)

    model.create_schema = timed_create_schema


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed runs of each path")
    rounds = parser.parse_args().rounds

    # Before Django reads its settings: the local settings, on the scratch database.
    scratch.django_setup(SCRATCH_DATABASE)

    from django.core.management import call_command
    from django.test import override_settings

    from engagements.models import Municipality
    from engagements.services import municipality_create, public_site_ensure

    print(f"scratch database {SCRATCH_DATABASE}: creating and migrating …", flush=True)
    scratch.recreate(SCRATCH_DATABASE)
    try:
        started = time.perf_counter()
        call_command("migrate_all", verbosity=0)
        print(f"migrate_all (public + template schema): {time.perf_counter() - started:.2f} s")
        public_site_ensure()

        counter = iter(range(10_000))

        def by_cloning() -> None:
            n = next(counter)
            municipality_create(name=f"Klonstadt {n}", slug=f"klon-{n}", created_by=None)

        def by_migrating() -> None:
            n = next(counter)
            with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
                municipality_create(name=f"Migrierstadt {n}", slug=f"mig-{n}", created_by=None)

        warm_clone, warm_migrate = timed(by_cloning), timed(by_migrating)
        print(f"warm-up (not counted): clone {warm_clone:.3f} s, migrations {warm_migrate:.3f} s")

        schema_step: list[float] = []
        recording_schema_step(Municipality, schema_step)
        times: dict[str, list[float]] = {"clone": [], "migrations": []}
        steps: dict[str, list[float]] = {"clone": [], "migrations": []}
        for round_ in range(rounds):
            order = [("clone", by_cloning), ("migrations", by_migrating)]
            for name, provision in order if round_ % 2 == 0 else reversed(order):
                times[name].append(timed(provision))
                steps[name].append(schema_step.pop())

        print(f"municipality_create, {rounds} runs each, interleaved:")
        for name, values in times.items():
            runs = ", ".join(f"{value:.3f}" for value in values)
            print(f"{name:>12}: median {statistics.median(values):.3f} s  (runs: {runs})")
            print(f"{'':>12}  of which the schema step: {statistics.median(steps[name]):.3f} s")
        ratio = statistics.median(times["clone"]) / statistics.median(times["migrations"])
        print(f"clone / migrations = {ratio:.2f}  (migrations take {1 / ratio:.1f}× as long)")
    finally:
        scratch.drop(SCRATCH_DATABASE)
        print(f"scratch database {SCRATCH_DATABASE} dropped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
