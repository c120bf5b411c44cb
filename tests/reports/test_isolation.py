"""A document shows its own municipality's data only, and stays in its own folder."""

from django.db import connection
from django_tenants.utils import schema_context

from reports.models import Kind, ReportVersion
from reports.services import report_build_now
from tests.conftest import browser_of

from .conftest import pdf_text
from .data import analysis_data, council_data, roadmap_data, survey_data

ALPHA = "ALPHA-ONLY-7a1c"
BETA = "BETA-ONLY-93fe"


def test_a_report_never_contains_another_municipalitys_data(alpha, beta, media):
    for municipality, marker in ((alpha, ALPHA), (beta, BETA)):
        with schema_context(municipality.schema_name):
            connection.set_tenant(municipality)
            analysis_data(marker)
            council_data(marker)
            survey_data(marker, small_group_size=6)
            roadmap_data(marker)
    with schema_context(alpha.schema_name):
        connection.set_tenant(alpha)
        built = [report_build_now(kind=kind, actor=None, language="en") for kind in Kind.values]
        texts = [pdf_text(version.file.read()) for version in built]
        names = [version.file.path for version in built]

    for text in texts:
        assert ALPHA in text
        assert BETA not in text
        assert "Bergdorf" not in text
    assert all("/alpha/reports/" in name for name in names), names
    with schema_context(beta.schema_name):
        assert not ReportVersion.objects.exists()


def test_another_municipalitys_versions_cannot_be_downloaded(alpha, beta, media):
    with schema_context(alpha.schema_name):
        connection.set_tenant(alpha)
        report_build_now(kind=Kind.PHASE1_RESULTS, actor=None, language="en")
    connection.set_schema_to_public()

    # Bergdorf's consultant on Bergdorf's site: version 1 does not exist there.
    on_beta = browser_of("bert", beta).get("/reports/1/download/?version=1")
    # Altstadt's consultant on Bergdorf's site: no role there.
    carla_on_beta = browser_of("carla", beta).get("/reports/1/download/?version=1")

    assert on_beta.status_code == 404
    assert carla_on_beta.status_code == 403
