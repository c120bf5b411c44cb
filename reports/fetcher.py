"""What WeasyPrint may read while it renders a document: nothing from the network, and no
local file outside the project's own static files and the municipality's own media folder.

A document carries user text; a stray <img src> or url() in it (or in a template bug) must
not make the worker read /etc/passwd, reach the cloud metadata address or another
municipality's files.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """WeasyPrint catches it, logs a warning and renders the document without the resource."""


def allowed_roots(schema_name: str) -> list[Path]:
    """The folders a document of the municipality with this schema may read from."""
    roots = [Path(directory) for directory in settings.STATICFILES_DIRS]
    roots.append(Path(settings.STATIC_ROOT))
    # The logo (engagements.models.logo_path) and the files of the default storage both live
    # in MEDIA_ROOT/<schema_name>/.
    roots.append(Path(settings.MEDIA_ROOT) / schema_name)
    return [root.resolve() for root in roots]


class MunicipalityURLFetcher(URLFetcher):
    def __init__(self, schema_name: str) -> None:
        # No redirects and only data: for urllib; file: URLs are answered below, by hand.
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)
        self.roots = allowed_roots(schema_name)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._local_file(url)
        logger.warning("Document rendering refused to fetch %s", url[:200])
        raise RefusedURL(f"Refused to fetch {url[:200]}: documents load nothing from the network")

    def _local_file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"Refused to fetch {url[:200]}: not a local file")
        # resolve() follows symbolic links and "..", so neither leads out of a root.
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            logger.warning("Document rendering refused to read %s", path)
            raise RefusedURL(f"Refused to read {path}: outside the document's own files")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )
