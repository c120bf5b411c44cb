"""WeasyPrint reads nothing from the network and no file outside the project's static files
and the municipality's own media folder; a document with such references still builds."""

import socket
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from weasyprint import HTML

from reports.fetcher import MunicipalityURLFetcher, RefusedURL
from reports.models import Kind, ReportVersion
from reports.services import report_build_now

PNG_1PX = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
FORBIDDEN = [
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "https://example.org/tracking.png",
    # A URL of the site itself, which could redirect anywhere.
    "http://alpha.localhost/branding/logo/?next=http://169.254.169.254/",
    "ftp://example.org/logo.png",
    "file://remote-host/etc/hosts",
]


@pytest.fixture
def no_network(monkeypatch) -> list:
    """Any attempt to open a connection or a URL through urllib is recorded and fails."""
    attempts: list = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    return attempts


@pytest.mark.parametrize("url", FORBIDDEN)
def test_fetcher_refuses_the_network_and_foreign_files(url, no_network):
    with pytest.raises(RefusedURL):
        MunicipalityURLFetcher("alpha").fetch(url)
    assert no_network == []


class RecordingFetcher(MunicipalityURLFetcher):
    def __init__(self, schema_name: str) -> None:
        super().__init__(schema_name)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None):
        try:
            return super().fetch(url, headers)
        except RefusedURL:
            self.refused.append(url)
            raise


def test_document_with_forbidden_images_still_builds_and_fetches_none(no_network):
    html = "".join(f'<p>Image: <img src="{url}"></p>' for url in FORBIDDEN)
    html += '<div style="background: url(file:///etc/shadow)">x</div>'
    fetcher = RecordingFetcher("alpha")

    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()

    assert pdf.startswith(b"%PDF")
    assert no_network == []
    assert b"root:" not in pdf
    assert sorted(fetcher.refused) == sorted([*FORBIDDEN, "file:///etc/shadow"])


def test_fetcher_serves_the_projects_static_files_and_data_urls():
    fetcher = MunicipalityURLFetcher("alpha")
    static_file = Path(settings.STATICFILES_DIRS[0]) / "js" / "reports.js"

    assert b"refresh" in fetcher.fetch(static_file.as_uri()).read()
    assert fetcher.fetch(PNG_1PX).read().startswith(b"\x89PNG")


def test_fetcher_serves_only_the_municipalitys_own_media(media):
    (media / "alpha" / "branding").mkdir(parents=True)
    (media / "beta" / "branding").mkdir(parents=True)
    own = media / "alpha" / "branding" / "logo.png"
    other = media / "beta" / "branding" / "logo.png"
    own.write_bytes(b"\x89PNG alpha")
    other.write_bytes(b"\x89PNG beta")
    fetcher = MunicipalityURLFetcher("alpha")

    assert fetcher.fetch(own.as_uri()).read() == b"\x89PNG alpha"
    with pytest.raises(RefusedURL):
        fetcher.fetch(other.as_uri())
    with pytest.raises(RefusedURL):
        # ".." does not lead out of the folder.
        fetcher.fetch(f"file://{media}/alpha/../beta/branding/logo.png")


def test_a_symbolic_link_in_the_media_folder_does_not_lead_outside(media):
    (media / "alpha").mkdir(parents=True)
    link = media / "alpha" / "passwd.png"
    link.symlink_to("/etc/passwd")

    with pytest.raises(RefusedURL):
        MunicipalityURLFetcher("alpha").fetch(link.as_uri())


def test_the_municipalitys_logo_is_on_the_cover(in_alpha, media):
    from django.core.files.base import ContentFile

    from engagements.models import Municipality

    png = urllib.request.urlopen(PNG_1PX).read()  # noqa: S310 - a data: URL, no network
    in_alpha.logo.save("logo.png", ContentFile(png), save=False)
    Municipality.objects.filter(pk=in_alpha.pk).update(logo=in_alpha.logo.name)
    in_alpha.refresh_from_db()

    version = report_build_now(kind=Kind.PHASE1_RESULTS, actor=None, language="en")

    assert version.state == ReportVersion.State.READY
    assert b"/Subtype /Image" in version.file.read()
