"""Test run: the real PostgreSQL and Redis, a separate Redis database, fast password hashing."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-a-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The worker tests point a real worker at an SMTP sink (EMAIL_HOST and EMAIL_PORT: base settings).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")


def _own_redis_database(url: str) -> str:
    """Under pytest-xdist (make test runs a process per core), process gwN takes the database
    N below the run's in Redis (15, 14, ...), as pytest-django gives each a test database of
    its own: each empties its Redis database as it starts."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base, database = url.rsplit("/", 1)
    own = int(database) - int(worker.removeprefix("gw"))
    if own < 1:  # database 0 is the development server's
        raise ImproperlyConfigured(f"too many test processes for Redis databases below {url}")
    return f"{base}/{own}"


REDIS_URL = _own_redis_database(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# Unit tests run tasks in-process; the worker tests start a real worker with CELERY_EAGER=0.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_EAGER", "1") == "1"
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several test runs may share one PostgreSQL server; each can name its own database.
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": os.environ.get("TEST_DATABASE_NAME", "test_wegweiser")
}
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", "/tmp/wegweiser-test-media")) / os.environ.get(
    "PYTEST_XDIST_WORKER", "main"
)
WHITENOISE_AUTOREFRESH = True
# Assertions read the English source texts; German is tested by asking for it explicitly.
LANGUAGE_CODE = "en"
