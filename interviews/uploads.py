"""What an uploaded document really is, judged by its content and never by its name.

Office files are ZIP containers: OOXML names its main part in `[Content_Types].xml`, ODF
writes its type into an uncompressed `mimetype` entry. Only the few small entries needed are
read, with a cap, so a crafted archive cannot make us unpack gigabytes.
"""

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", ".pdf", "PDF")
PNG = FileType("image/png", ".png", "PNG")
JPEG = FileType("image/jpeg", ".jpg", "JPEG")
WEBP = FileType("image/webp", ".webp", "WebP")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word"
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel"
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pptx",
    "PowerPoint",
)
ODT = FileType("application/vnd.oasis.opendocument.text", ".odt", "OpenDocument Text")
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", ".ods", "OpenDocument Spreadsheet")
ODP = FileType(
    "application/vnd.oasis.opendocument.presentation", ".odp", "OpenDocument Presentation"
)

# The main part of each accepted OOXML type. Macro-enabled variants (docm, xlsm) have other
# main parts and are refused.
_OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_ODF_TYPES = {kind.content_type: kind for kind in (ODT, ODS, ODP)}
_SMALL_ENTRY = 512 * 1024
ACCEPTED_LABEL = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, WebP"


def max_bytes() -> int:
    return settings.DOCUMENT_MAX_BYTES


def _zip_type(file: BinaryIO) -> FileType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return _ODF_TYPES.get(declared)
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > _SMALL_ENTRY:
                    return None
                manifest = archive.read(info).decode("utf-8", "replace")
                return next(
                    (kind for part, kind in _OOXML_MAIN_PARTS.items() if part in manifest), None
                )
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    return None


def sniff(file: BinaryIO) -> FileType | None:
    """The type the content shows, or None for anything not accepted."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        found = _zip_type(file)
        file.seek(0)
        return found
    return None


def document_check(file) -> FileType:
    """Refuse an empty, oversized or unaccepted file with a message the uploader understands."""
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if file.size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; documents may be at most %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    found = sniff(file)
    if found is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a file type we accept, whatever its name says. Accepted: "
                "%(types)s."
            )
            % {"name": file.name, "types": ACCEPTED_LABEL},
            code="type",
        )
    return found
