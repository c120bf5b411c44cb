"""Test processes in parallel (pytest-xdist) never share a Redis database."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.test import _own_redis_database


def test_each_test_process_takes_the_redis_database_below_the_runs(monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    alone = _own_redis_database("redis://127.0.0.1:6379/15")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    first = _own_redis_database("redis://127.0.0.1:6379/15")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw3")
    fourth = _own_redis_database("redis://127.0.0.1:6379/15")

    assert (alone, first, fourth) == (
        "redis://127.0.0.1:6379/15",
        "redis://127.0.0.1:6379/15",
        "redis://127.0.0.1:6379/12",
    )


def test_no_test_process_takes_the_development_servers_database(monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw2")

    with pytest.raises(ImproperlyConfigured, match="too many test processes"):
        _own_redis_database("redis://127.0.0.1:6379/2")
