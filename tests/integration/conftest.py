"""Fixtures of the browser tests: one scratch site per run, one Chromium per test module."""

from collections.abc import Iterator

import pytest

from .live_site import Site, chromium, running_site


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[Site]:
    """Teststadt and the demo municipalities, served by runserver on a database of their own.

    Shared by the browser tests of a run: each works in municipalities of its own (the gate
    story in Teststadt, the accessibility check in the demo municipalities).
    """
    with running_site(tmp_path_factory.mktemp("browser")) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator:
    # Module scope: Playwright's sync API keeps an event loop running on this thread, under
    # which Django refuses ORM calls, so it must not outlive the browser tests' module.
    with chromium() as launched:
        yield launched
