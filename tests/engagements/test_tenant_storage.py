"""What a municipality keeps outside its schema stays apart too: cache entries and files."""

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django_tenants.utils import schema_context


def test_cache_entries_are_keyed_by_municipality(alpha, beta):
    with schema_context("alpha"):
        cache.set("engagement-summary", "Altstadt's figures", 30)
    try:
        with schema_context("beta"):
            assert cache.get("engagement-summary") is None
            cache.set("engagement-summary", "Bergdorf's figures", 30)
        with schema_context("alpha"):
            assert cache.get("engagement-summary") == "Altstadt's figures"
    finally:
        for schema in ("alpha", "beta"):
            with schema_context(schema):
                cache.delete("engagement-summary")


def test_files_are_stored_in_the_municipality_s_own_folder(alpha, beta, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with schema_context("alpha"):
        connection.set_tenant(alpha)
        name = default_storage.save("documents/strategy.pdf", ContentFile(b"%PDF-1.4 alpha"))
        assert (tmp_path / "alpha" / name).read_bytes() == b"%PDF-1.4 alpha"
    with schema_context("beta"):
        connection.set_tenant(beta)
        assert not default_storage.exists(name)
