"""Settings shared by every environment; each value can be overridden from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)

# Every municipality lives at <slug>.<BASE_DOMAIN>; the consultancy's own site at BASE_DOMAIN.
BASE_DOMAIN = os.environ.get("BASE_DOMAIN", "localhost")
ALLOWED_HOSTS = [BASE_DOMAIN, f".{BASE_DOMAIN}"]

# --- Tenancy -------------------------------------------------------------------------------
SHARED_APPS = [
    "django_tenants",
    "engagements",
    "accounts",
    "library",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
]
TENANT_APPS = [
    # contenttypes in every schema, as django-tenants recommends, so generic relations resolve.
    "django.contrib.contenttypes",
    "phases",
    "taxonomy",
    "surveys",
    "interviews",
    "roadmap",
    "reports",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "engagements.Municipality"
TENANT_DOMAIN_MODEL = "engagements.Domain"
# One `SET search_path` when a request or task picks its municipality, not one before every
# query (half the round trips of a survey submission). Safe with django-tenants 4: the SET is
# issued again after a rollback or a savepoint rollback, which undo it in PostgreSQL
# (tests/engagements/test_search_path.py).
TENANT_LIMIT_SET_CALLS = True
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenants"
# New municipalities are cloned from this kept-migrated schema instead of being migrated.
TENANT_BASE_SCHEMA = "tenant_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIDDLEWARE = [
    "engagements.middleware.MunicipalityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SignInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Database, cache, broker ---------------------------------------------------------------
# No pgbouncer in transaction mode: it would hand one search_path to another municipality.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wegweiser"),
        engine="django_tenants.postgresql_backend",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "config.cache.RedisCache",
        "LOCATION": REDIS_URL,
        # Keys carry the schema name, so one municipality never reads another's cache entry.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
    }
}

# --- Accounts and security -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "engagements:portfolio"

# Cookies stay host-only: a municipality's site never sees the consultancy site's session.
# Moving between them goes through a signed single-use hand-off link (accounts.services).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Read from Redis, written through to the database: a session is only ever used on its own
# host, so in one schema, whose prefix the cache keys carry (CACHES' KEY_FUNCTION).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 60 * 60 * 10
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HANDOFF_TOKEN_TTL = timedelta(seconds=60)

# Reverse proxies in front of the app (a TLS terminator: 1). Their X-Forwarded-For entries give
# the visitor's address for lockouts and rate limits (accounts.services.client_ip); with 0 the
# header is ignored, as anyone could send it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.services.client_ip"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts the address as "username" (Django's AuthenticationForm). Left to its
# default (the user model's USERNAME_FIELD, "email"), axes finds no username in the failures,
# counts them against nobody, and lets the right password in during a lockout.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    # Files land under MEDIA_ROOT/<schema_name>/: each municipality has its own folder.
    "default": {"BACKEND": "engagements.storage.MunicipalityFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"

# --- E-mail --------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
# STARTTLS (usually port 587) or SMTPS, TLS from the first byte (usually port 465): one or
# neither. Django would only refuse the pair when the first mail goes out, in a worker.
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL are both set: use EMAIL_USE_SSL for SMTPS (port 465) "
        "or EMAIL_USE_TLS for STARTTLS (port 587), not both."
    )
# Seconds per step of the SMTP conversation: a hung mail server fails the attempt, which is
# retried, instead of holding a worker until the task's time limit.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "outbox"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Wegweiser <wegweiser@localhost>")

# --- Celery --------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "wegweiser")
# A task is acknowledged only once it has run, so a lost worker's task is delivered again;
# tasks are written to be idempotent for that reason.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
# A document build stops (and is recorded as failed) after this long; the hard limit is the
# backstop if WeasyPrint does not return to Python in time.
REPORTS_BUILD_SOFT_TIME_LIMIT = int(os.environ.get("REPORTS_BUILD_SOFT_TIME_LIMIT", "90"))
REPORTS_BUILD_TIME_LIMIT = int(os.environ.get("REPORTS_BUILD_TIME_LIMIT", "120"))
# A worker child whose memory grew past this (KiB) is replaced after its task: one runaway
# document cannot keep a worker bloated (prefork pool; the solo pool ignores it).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(
    os.environ.get("CELERY_WORKER_MAX_MEMORY_PER_CHILD", str(512 * 1024))
)
# Must outlast the longest countdown or retry backoff, or Redis redelivers a task still waiting.
CELERY_TASK_MAX_RETRY_COUNTDOWN = 600
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TASK_TENANT_CACHE_SECONDS = 30
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
# Periodic work (run `celery -A config beat` beside the worker). Each task visits every
# municipality itself; surveys also close by date on access, so a missed beat does no harm.
CELERY_BEAT_SCHEDULE = {
    "surveys-housekeeping": {"task": "surveys.tasks.surveys_housekeeping", "schedule": 15 * 60},
    "gate-reminders": {"task": "phases.tasks.gate_reminders", "schedule": 60 * 60},
}
# A phase waiting this many days for its sign-off reminds the municipal leads, and again
# after as many days more.
GATE_REMINDER_DAYS = int(os.environ.get("GATE_REMINDER_DAYS", "7"))

# --- UI ------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant_context": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {
        "tenant": {"format": "%(asctime)s %(levelname)s [%(schema_name)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["tenant_context"],
            "formatter": "tenant",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # axes logs every successful login at INFO; the audit log already records them.
    # WeasyPrint narrates every layout step at INFO; a report's state is on the version.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# How links in e-mails reach the sites (requests know their own host; Celery tasks do not).
SITE_SCHEME = os.environ.get("SITE_SCHEME", "https")
SITE_PORT = os.environ.get("SITE_PORT", "")
DEFAULT_NOT_FOUND_TENANT_VIEW = "engagements.views.unknown_host"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest document a consultant may upload for the desktop analysis.
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 25 * 1024 * 1024))
