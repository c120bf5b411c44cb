# Wegweiser for development: `docker compose up` (see docker-compose.yml and README.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# WeasyPrint renders PDFs through Pango and HarfBuzz; DejaVu gives it fonts to draw with.
# gettext lets `manage.py compilemessages` run inside the container.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. pyproject.toml lists no
# packages (the apps run from /app), so installing "." installs just the dependencies.
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Sent mail and uploads live in volumes mounted here; a new volume takes this ownership.
RUN useradd --create-home --uid 1000 wegweiser \
    && mkdir -p /var/wegweiser/outbox /var/wegweiser/media \
    && chown -R wegweiser:wegweiser /var/wegweiser
USER wegweiser

ENV DJANGO_SETTINGS_MODULE=config.settings.local \
    EMAIL_FILE_PATH=/var/wegweiser/outbox \
    MEDIA_ROOT=/var/wegweiser/media

EXPOSE 8000
CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
