"""The connection sets a municipality's search_path once, and never trusts one PostgreSQL undid.

With TENANT_LIMIT_SET_CALLS the `SET search_path` is issued once per switch of municipality,
not before every query. A SET is transactional: a rollback or a savepoint rollback reverts
it, and the next query must then set it again, or it would read the previous municipality.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from phases.models import Engagement

pytestmark = pytest.mark.django_db


class Undone(Exception):
    pass


def engagement_titles() -> list[str]:
    return list(Engagement.objects.values_list("title", flat=True))


@pytest.fixture
def titles(alpha, beta) -> dict[str, list[str]]:
    titles = {}
    for municipality in (alpha, beta):
        with schema_context(municipality.schema_name):
            titles[municipality.slug] = engagement_titles()
    assert titles["alpha"] != titles["beta"]
    return titles


def test_the_search_path_is_set_once_per_municipality_not_per_query(alpha, titles):
    connection.set_tenant(alpha)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            engagement_titles()
    statements = [query["sql"] for query in queries]
    assert statements.count(f'SET search_path = "{alpha.schema_name}","public"') == 1
    assert len(statements) == 4


def test_a_search_path_set_in_a_rolled_back_savepoint_is_set_again(alpha, beta, titles):
    connection.set_tenant(alpha)
    assert engagement_titles() == titles["alpha"]

    with pytest.raises(Undone), transaction.atomic():
        connection.set_tenant(beta)
        assert engagement_titles() == titles["beta"]  # the SET for Bergdorf is issued in here
        raise Undone

    # PostgreSQL is back on Altstadt's search_path; the connection must not believe otherwise.
    assert engagement_titles() == titles["beta"]
