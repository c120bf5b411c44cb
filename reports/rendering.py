"""From a version to PDF bytes: gather the content, render the template, let WeasyPrint lay out."""

import hashlib
import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from .documents import Document, build_document
from .fetcher import MunicipalityURLFetcher
from .models import ReportVersion

# The opening tag of a section of the contents (Document.section): its id is the anchor.
SECTION_START = re.compile(r'<section\b[^>]*\bid="([^"]+)"')


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    page_count: int
    roadmap_version: int | None
    content_hash: str
    section_hashes: dict[str, list[str]]


def content_hash(html: str) -> str:
    """What a version says, in short: the same engagement renders the same HTML again."""
    return hashlib.sha256(html.encode()).hexdigest()


def section_hashes(html: str, document: Document) -> dict[str, list[str]]:
    """anchor: [title, content_hash] of each section, from its start to the next one's, so that
    a version out of date can say where it reads differently."""
    titles = {section.anchor: section.title for section in document.sections}
    starts = [(found.start(), found.group(1)) for found in SECTION_START.finditer(html)]
    ends = [start for start, _anchor in starts[1:]] + [len(html)]
    return {
        anchor: [titles.get(anchor, anchor), content_hash(html[start:end])]
        for (start, anchor), end in zip(starts, ends, strict=True)
    }


def _logo_uri(municipality) -> str:
    # A file: URL the fetcher allows: the logo lives in the municipality's own media folder.
    if not municipality.logo:
        return ""
    try:
        return municipality.logo.path and f"file://{municipality.logo.path}"
    except (NotImplementedError, ValueError):
        return ""


def document_html(version: ReportVersion) -> tuple[str, Document]:
    municipality = connection.tenant
    with translation.override(version.language):
        document = build_document(version.kind, version.requested_at)
        html = render_to_string(
            document.template,
            {
                "document": document,
                "version": version,
                "municipality": municipality,
                "brand": municipality.brand_colour,
                "logo_uri": _logo_uri(municipality),
                # The day it was asked for: the version list shows the same.
                "generated_at": timezone.localtime(version.requested_at),
                "language": version.language,
                **document.context,
            },
        )
    return html, document


@cache
def _fonts() -> FontConfiguration:
    """The installed fonts, looked up once per process instead of once per document.

    The documents bring no fonts of their own (no @font-face), so one configuration serves
    them all, and its caches of loaded faces and shaped text are kept between builds.
    """
    return FontConfiguration()


def warm_up() -> None:
    """Look the fonts up and lay out a line of text once, before any build.

    Called in the worker's main process before it forks its children (reports/tasks.py):
    each child inherits the loaded fonts instead of loading them for its first document.
    """
    HTML(string="<p>Wegweiser</p>").write_pdf(font_config=_fonts())


def _layout(html: str):
    """The pages of `html`: static files and this municipality's own media may be linked."""
    base_url = (settings.BASE_DIR / "static").as_uri() + "/"
    return HTML(
        string=html,
        base_url=base_url,
        url_fetcher=MunicipalityURLFetcher(connection.schema_name),
    ).render(font_config=_fonts())


def pdf_of(html: str) -> bytes:
    """A PDF laid out from `html` (a printable form, built while the user waits)."""
    return _layout(html).write_pdf()


def render_document(version: ReportVersion) -> Rendered:
    html, document = document_html(version)
    layout = _layout(html)
    return Rendered(
        pdf=layout.write_pdf(),
        page_count=len(layout.pages),
        roadmap_version=document.roadmap_version,
        content_hash=content_hash(html),
        section_hashes=section_hashes(html, document),
    )
