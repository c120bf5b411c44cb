"""Desktop analysis documents: what may be uploaded, where it is kept, and who may fetch it."""

import html
import importlib

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import AuditEntry
from engagements.models import Municipality
from interviews.models import Document
from interviews.sample_files import _zip, docx_bytes, odt_bytes, pdf_bytes, xlsx_bytes
from tests.conftest import browser_of

from .factories import document, upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def post_upload(content: bytes, name: str, persona: str = "carla", **extra):
    return browser_of(persona, extra.pop("municipality", None) or _alpha()).post(
        "/analysis/documents/upload/",
        {"file": upload(content, name), "title": extra.get("title", ""), "kind": "strategy"},
    )


def _alpha() -> Municipality:
    return Municipality.objects.get(slug="alpha")


PPTX_TYPES = (
    '<Types><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>'
)


def stored_documents(schema: str = "alpha") -> list[Document]:
    with schema_context(schema):
        return list(Document.objects.all())


@pytest.mark.parametrize(
    ("content", "name", "expected_type", "expected_name"),
    [
        (pdf_bytes("Strategie", ["Text"]), "Strategie.pdf", "application/pdf", "Strategie.pdf"),
        (
            docx_bytes("IT-Plan", ["Absatz"]),
            "IT-Plan.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "IT-Plan.docx",
        ),
        (
            xlsx_bytes([["Amt", 3]]),
            "Stellen.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Stellen.xlsx",
        ),
        (
            odt_bytes("Beschluss", ["Text"]),
            "Beschluss.odt",
            "application/vnd.oasis.opendocument.text",
            "Beschluss.odt",
        ),
        (
            _zip({"[Content_Types].xml": PPTX_TYPES, "ppt/presentation.xml": "<p/>"}),
            "Klausur.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "Klausur.pptx",
        ),
        (b"\xff\xd8\xff\xe0" + b"\0" * 40, "foto.jpeg", "image/jpeg", "foto.jpg"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "organigramm.png", "image/png", "organigramm.png"),
        (b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 40, "foto.webp", "image/webp", "foto.webp"),
        # A real PDF with the wrong name is a PDF: it is stored and served as one.
        (pdf_bytes("Plan", []), "plan.docx", "application/pdf", "plan.pdf"),
    ],
)
def test_accepted_documents_are_typed_by_their_content(
    alpha, media_root, content, name, expected_type, expected_name
):
    response = post_upload(content, name)

    assert response.status_code == 302
    (stored,) = stored_documents()
    assert stored.content_type == expected_type
    assert stored.original_name == expected_name
    assert stored.size == len(content)
    path = media_root / "alpha" / stored.file.name
    assert path.read_bytes() == content
    assert stored.file.name.startswith("documents/") and name not in stored.file.name


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 100, "strategie.pdf"),  # a renamed .exe
        (b"Dies ist nur Text, kein PDF.\n" * 20, "konzept.pdf"),
        (b"PK\x03\x04 not really a zip archive" * 5, "plan.docx"),
        (b"<html><script>alert(1)</script></html>", "bild.png"),
    ],
)
def test_a_file_disguised_by_its_extension_is_refused(alpha, media_root, content, name):
    response = post_upload(content, name)

    assert response.status_code == 200
    error = response.context["form"].errors["file"][0]
    assert "is not a file type we accept, whatever its name says" in error
    assert error.split("“")[0] in response.content.decode()
    assert stored_documents() == []
    assert not any(media_root.rglob("*.*"))


def test_a_macro_enabled_office_file_is_refused(alpha, media_root):
    macro = _zip(
        {
            "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
            "word/document.xml": "<w:document/>",
            "word/vbaProject.bin": "macro",
        }
    )

    response = post_upload(macro, "makro.docx")

    assert response.status_code == 200
    assert stored_documents() == []


def test_an_empty_file_is_refused(alpha):
    response = post_upload(b"", "leer.pdf")

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The submitted file is empty."]
    assert stored_documents() == []


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(alpha, settings, media_root):
    settings.DOCUMENT_MAX_BYTES = 1024
    content = pdf_bytes("Groß", ["x" * 80] * 20)
    assert len(content) > 1024

    response = post_upload(content, "gross.pdf")

    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    error = error.replace("\xa0", " ")
    assert error.startswith("The file is ")
    assert error.endswith("documents may be at most 1.0 KB.")
    assert stored_documents() == []
    assert not any(media_root.rglob("*.*"))


def test_the_default_size_limit_is_25_megabytes(monkeypatch):
    monkeypatch.delenv("DOCUMENT_MAX_BYTES", raising=False)
    base = importlib.reload(importlib.import_module("config.settings.base"))
    assert base.DOCUMENT_MAX_BYTES == 25 * 1024 * 1024


def test_the_size_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DOCUMENT_MAX_BYTES", "1000")
    base = importlib.reload(importlib.import_module("config.settings.base"))
    assert base.DOCUMENT_MAX_BYTES == 1000
    monkeypatch.delenv("DOCUMENT_MAX_BYTES")
    importlib.reload(base)


@pytest.fixture
def alpha_document(alpha):
    with schema_context("alpha"):
        connection.set_tenant(alpha)
        stored = document("Digitalstrategie 2030")
    connection.set_schema_to_public()
    return stored


@pytest.mark.parametrize("persona", ["carla", "leo", "fiona"])
def test_consultants_and_leads_download_a_document_as_an_attachment(persona, alpha_document):
    response = browser_of(persona, _alpha()).get(f"/analysis/documents/{alpha_document.pk}/file/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Digitalstrategie 2030.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_member_sees_the_document_review_but_may_not_fetch_the_file(alpha_document):
    member = browser_of("mia", _alpha())

    assert member.get(f"/analysis/documents/{alpha_document.pk}/").status_code == 200
    assert member.get(f"/analysis/documents/{alpha_document.pk}/file/").status_code == 403
    page = member.get(f"/analysis/documents/{alpha_document.pk}/").content.decode()
    assert "Download file" not in page


@pytest.mark.parametrize("persona", ["otto", "bert"])
def test_a_user_without_a_role_here_cannot_fetch_the_file(persona, alpha_document):
    response = browser_of(persona, _alpha()).get(f"/analysis/documents/{alpha_document.pk}/file/")

    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in_for_a_file(alpha_document):
    response = browser_of(None, _alpha()).get(f"/analysis/documents/{alpha_document.pk}/file/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_another_municipality_s_file_url_guessed_on_its_own_site_is_not_found(alpha_document, beta):
    # Bert is Bergdorf's consultant: on his own site, Altstadt's document id means nothing.
    with schema_context("beta"):
        assert not Document.objects.filter(pk=alpha_document.pk).exists()

    response = browser_of("bert", beta).get(f"/analysis/documents/{alpha_document.pk}/file/")

    assert response.status_code == 404


def test_stored_files_are_not_served_under_the_media_url(alpha_document):
    response = browser_of("carla", _alpha()).get(f"/media/alpha/{alpha_document.file.name}")

    assert response.status_code == 404


def test_a_file_missing_from_storage_gives_not_found_not_an_error(alpha_document, media_root):
    (media_root / "alpha" / alpha_document.file.name).unlink()

    response = browser_of("carla", _alpha()).get(f"/analysis/documents/{alpha_document.pk}/file/")

    assert response.status_code == 404


def test_removing_a_document_deletes_its_file_after_commit_and_is_audited(
    alpha_document, media_root, django_capture_on_commit_callbacks
):
    path = media_root / "alpha" / alpha_document.file.name
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = browser_of("carla", _alpha()).post(
            f"/analysis/documents/{alpha_document.pk}/delete/"
        )

    assert response.status_code == 302
    assert stored_documents() == []
    assert not path.exists()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETED, target="Digitalstrategie 2030"
    ).exists()


def test_a_refused_review_leaves_the_page_naming_the_document_as_saved(alpha_document):
    response = browser_of("carla", _alpha()).post(
        f"/analysis/documents/{alpha_document.pk}/review/",
        {"title": "Umbenannt", "kind": "strategy", "summary": "", "relevance": "9"},
    )

    page = html.unescape(response.content.decode())
    assert "relevance" in response.context["form"].errors
    assert "Review of “Digitalstrategie 2030”" in page
    assert "Review of “Umbenannt”" not in page
