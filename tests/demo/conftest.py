"""One `seed_demo` for every demo test, loaded twice, and rolled back after the last of them.

Loading the demo provisions a dozen municipalities and builds PDFs: far too slow to repeat for
each test. The package fixture seeds inside a transaction of its own, which each test's
transaction nests in, and rolls it back at the end, so the rest of the suite never sees the
demo. Counting every table after the first and after the second load shows that loading the
demo again adds nothing.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context

from engagements.models import Municipality
from tests.conftest import rolled_back_afterwards

Counts = dict[str, int]


@dataclass(frozen=True)
class Demo:
    media_root: Path
    said: str  # what the first load printed
    first_load: dict[str, Counts]  # schema -> "app.Model" -> rows, after the first load
    second_load: dict[str, Counts]


def _models_of(app_names: list[str]) -> list:
    return [
        model
        for config in apps.get_app_configs()
        if config.name in app_names
        for model in config.get_models()
        if model._meta.managed and not model._meta.proxy
    ]


def table_counts() -> dict[str, Counts]:
    """Rows per model: the shared models in the public schema, the rest in each municipality's."""
    schemas = {"public": _models_of(settings.SHARED_APPS)}
    tenant_models = _models_of(
        [app for app in settings.TENANT_APPS if app not in settings.SHARED_APPS]
    )
    for schema in Municipality.objects.exclude(schema_name="public").values_list(
        "schema_name", flat=True
    ):
        schemas[schema] = tenant_models
    counts = {}
    for schema, models in schemas.items():
        with schema_context(schema):
            counts[schema] = {model._meta.label: model.objects.count() for model in models}
    return counts


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Demo]:
    media_root = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media_root), rolled_back_afterwards(django_db_blocker):
        said = StringIO()
        call_command("seed_demo", verbosity=0, stdout=said)
        first = table_counts()
        call_command("seed_demo", verbosity=0)
        second = table_counts()
        connection.set_schema_to_public()
        yield Demo(
            media_root=media_root, said=said.getvalue(), first_load=first, second_load=second
        )
