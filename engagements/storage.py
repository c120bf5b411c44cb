"""Where uploaded files live: a folder per municipality under MEDIA_ROOT."""

from django.core.files.storage import FileSystemStorage
from django_tenants.files.storage import TenantFileSystemStorage


class MunicipalityFileStorage(TenantFileSystemStorage):
    """django-tenants' per-schema storage, forgetting MEDIA_ROOT when the setting changes.

    Its own reset passes the settings object where the setting's name belongs, so the folder
    it saw first stayed cached: a changed MEDIA_ROOT (tests, a reconfigured process) would
    still write into the old place.
    """

    def _clear_cached_properties(self, setting: str, **kwargs) -> None:
        FileSystemStorage._clear_cached_properties(self, setting, **kwargs)
        if setting in ("MEDIA_ROOT", "MEDIA_URL", "MULTITENANT_RELATIVE_MEDIA_ROOT"):
            self.__dict__.pop("relative_media_root", None)
            self.__dict__.pop("relative_media_url", None)
