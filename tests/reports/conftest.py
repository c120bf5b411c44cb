"""Fixtures of the report tests: files in a folder of the test's own, PDFs read back as text."""

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection
from pypdf import PdfReader


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def in_beta(beta) -> Iterator:
    from django_tenants.utils import schema_context

    with schema_context(beta.schema_name):
        connection.set_tenant(beta)
        yield beta


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, whitespace collapsed so wrapped lines still match."""
    reader = PdfReader(BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))
