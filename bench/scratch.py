"""The benches' scratch databases: each bench makes its own on the server of DATABASE_URL (or
the local one), runs Django against it with the local settings, and drops it at the end.

Their cache and Celery queue are a Redis database of their own, emptied at the end too: tasks
a bench queues (summary refreshes after commit) name schemas of the scratch database, and
left in the developer's queue they would fail in the next `make run`."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"
BENCH_REDIS_DATABASE = 14
PROJECT = Path(__file__).resolve().parent.parent


def database_url(name: str) -> str:
    """DATABASE_URL's server (or the local one), with the database `name`."""
    parts = urlsplit(os.environ.get("DATABASE_URL", LOCAL_SERVER))
    return urlunsplit(parts._replace(path=f"/{name}"))


def redis_url() -> str:
    """REDIS_URL's server (or the local one), with the benches' own database."""
    parts = urlsplit(os.environ.get("REDIS_URL", LOCAL_REDIS))
    return urlunsplit(parts._replace(path=f"/{BENCH_REDIS_DATABASE}"))


def recreate(name: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop(name: str) -> None:
    import psycopg

    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    import redis

    redis.Redis.from_url(redis_url()).flushdb()


def django_setup(name: str, **environ: str) -> None:
    """Django against the scratch database `name`, with quiet logs and `environ` set."""
    sys.path.insert(0, str(PROJECT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ["REDIS_URL"] = os.environ["CELERY_BROKER_URL"] = redis_url()
    os.environ["CELERY_RESULT_BACKEND"] = redis_url()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.update(environ)
    import django

    django.setup()
