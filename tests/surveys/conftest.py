import pytest
from django.core.cache import cache

from surveys.models import Survey
from tests.conftest import signed_in_client
from tests.surveys.factories import small_survey


@pytest.fixture
def survey(in_alpha) -> Survey:
    """The factories' small two-page survey, open, in Altstadt (a module may define its own)."""
    return small_survey()


@pytest.fixture
def browser(alpha):
    """An anonymous browser on Altstadt's host: a respondent's."""
    return signed_in_client(None, alpha)


@pytest.fixture
def empty_cache():
    """Rate limits, kept questionnaires and kept results start from nothing and leave nothing."""
    cache.clear()
    yield
    cache.clear()
