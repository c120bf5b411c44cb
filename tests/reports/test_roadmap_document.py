"""The roadmap document: dimensions in the taxonomy's order, tables within the page."""

from django.conf import settings
from weasyprint import HTML

from reports.models import Kind, ReportVersion
from reports.rendering import document_html
from taxonomy.models import Dimension
from tests.roadmap import helpers

from .conftest import pdf_pages
from .test_build import build


def _measure_in_each_dimension() -> list[str]:
    """One measure per dimension; the dimensions' names, in the taxonomy's order."""
    dimensions = list(Dimension.objects.order_by("position", "id").prefetch_related("topics"))
    for dimension in reversed(dimensions):
        measure = helpers.measure(f"Maßnahme in {dimension.name}")
        measure.topics.set([dimension.topics.all()[0]])
    return [dimension.name for dimension in dimensions]


def test_the_dimensions_follow_the_taxonomy_not_the_alphabet(in_alpha) -> None:
    names = _measure_in_each_dimension()
    assert names != sorted(names)

    contents = pdf_pages(build(Kind.ROADMAP).file.read())[1]

    assert sorted(names, key=contents.index) == names


def test_the_owners_and_partners_table_stays_within_the_margins(in_alpha) -> None:
    first = helpers.measure(
        "Sprechstunde Digital für Seniorinnen und Senioren",
        owner_department="Seniorenbeauftragte",
        kpi_target="Teilnehmende pro Quartal 60",
    )
    first.partners.add(helpers.partner("Seenet Systemhaus GmbH"))
    for title in ("Datenstrategie mit Datenverantwortlichen", "Digitaler Rechnungseingang"):
        measure = helpers.measure(title, owner_department="Digitalisierungsbeauftragter")
        measure.depends_on.add(first)
        measure.partners.add(helpers.partner("Kommunales Rechenzentrum Oberland"))
    html, _document = document_html(ReportVersion(kind=Kind.ROADMAP, language="de", number=1))

    layout = HTML(string=html, base_url=(settings.BASE_DIR / "static").as_uri() + "/").render()

    page = layout.pages[-1]._page_box
    right = page.content_box_x() + page.width
    cells = [box for box in page.descendants() if getattr(box, "element_tag", "") == "td"]
    assert cells, "the last page holds the table"
    assert max(box.position_x + box.margin_width() for box in cells) <= right + 0.5


def test_costs_are_written_as_the_document_s_language_writes_money(in_alpha) -> None:
    helpers.measure("Bürgerportal", cost_estimate=480000)

    german = "".join(pdf_pages(build(Kind.ROADMAP, language="de").file.read()))

    assert "480.000\xa0€" in german or "480.000 €" in german
    assert "480000.00" not in german
