"""From a version to PDF bytes: gather the content, render the template, let WeasyPrint lay out."""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from .documents import build_document
from .fetcher import MunicipalityURLFetcher
from .models import ReportVersion


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    page_count: int
    roadmap_version: int | None


def _logo_uri(municipality) -> str:
    # A file: URL the fetcher allows: the logo lives in the municipality's own media folder.
    if not municipality.logo:
        return ""
    try:
        return municipality.logo.path and f"file://{municipality.logo.path}"
    except (NotImplementedError, ValueError):
        return ""


def document_html(version: ReportVersion) -> tuple[str, int | None]:
    municipality = connection.tenant
    with translation.override(version.language):
        document = build_document(version.kind)
        html = render_to_string(
            document.template,
            {
                "document": document,
                "version": version,
                "municipality": municipality,
                "brand": municipality.brand_colour,
                "logo_uri": _logo_uri(municipality),
                "generated_at": timezone.localtime(),
                "language": version.language,
                **document.context,
            },
        )
    return html, document.roadmap_version


def render_document(version: ReportVersion) -> Rendered:
    html, roadmap_version = document_html(version)
    base_url = (settings.BASE_DIR / "static").as_uri() + "/"
    layout = HTML(
        string=html,
        base_url=base_url,
        url_fetcher=MunicipalityURLFetcher(connection.schema_name),
    ).render()
    return Rendered(
        pdf=layout.write_pdf(),
        page_count=len(layout.pages),
        roadmap_version=roadmap_version,
    )
