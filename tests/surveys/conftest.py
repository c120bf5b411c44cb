import pytest
from django.core.cache import cache

from surveys.models import Survey
from tests.surveys.factories import small_survey


@pytest.fixture
def survey(in_alpha) -> Survey:
    """The factories' small two-page survey, open, in Altstadt (a module may define its own)."""
    return small_survey()


@pytest.fixture
def empty_cache():
    """Rate limits, kept questionnaires and kept results start from nothing and leave nothing."""
    cache.clear()
    yield
    cache.clear()
