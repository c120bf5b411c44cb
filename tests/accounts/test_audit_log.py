"""The audit log: read by firm administrators only, filtered, and append-only in the database."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.models import AuditEntry
from accounts.services import audit_record, client_ip
from tests.conftest import browser_of, persona, signed_in_client

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def noon(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=BERLIN)


@pytest.fixture
def history(alpha, beta) -> dict[str, AuditEntry]:
    """Three entries from long before the session's own, so date filters can isolate them."""

    def entry(key: str, when: datetime, action: str, actor: str, municipality) -> AuditEntry:
        user = persona(actor)
        return AuditEntry.objects.create(
            created_at=when,
            action=action,
            actor=user,
            actor_email=user.email,
            municipality=municipality,
            municipality_name=municipality.name if municipality else "",
            target=key,
        )

    return {
        "carla_login": entry("carla_login", noon(2024, 1, 10), "login", "carla", None),
        "carla_role": entry("carla_role", noon(2024, 2, 10), "role_changed", "carla", alpha),
        "bert_update": entry(
            "bert_update", noon(2024, 3, 10), "municipality_updated", "bert", beta
        ),
    }


def listed(response) -> list[AuditEntry]:
    return list(response.context["page"].object_list)


def targets(response) -> set[str]:
    return {entry.target for entry in listed(response)}


# --- Who reads it ----------------------------------------------------------------------------


def test_firm_admin_reads_the_audit_log_newest_first(history):
    response = browser_of("fiona").get("/audit/")

    assert response.status_code == 200
    entries = listed(response)
    assert [entry.created_at for entry in entries] == sorted(
        (entry.created_at for entry in entries), reverse=True
    )
    assert {"carla_login", "carla_role", "bert_update"} <= targets(response)
    assert "carla@example.org" in response.content.decode()


@pytest.mark.parametrize("name", ["carla", "leo", "mia", "bert", "otto"])
def test_nobody_but_a_firm_admin_reads_the_audit_log(name):
    assert browser_of(name).get("/audit/").status_code == 403


def test_anonymous_visitor_is_sent_to_login_from_the_audit_log():
    response = browser_of(None).get("/audit/")

    assert response.status_code == 302
    assert response.url == "/login/?next=/audit/"


def test_the_audit_log_is_not_served_on_a_municipality_host(alpha):
    assert signed_in_client(persona("fiona"), alpha).get("/audit/").status_code == 404


# --- Filters ---------------------------------------------------------------------------------


def test_audit_log_filters_by_municipality(history, alpha):
    response = browser_of("fiona").get("/audit/", {"municipality": alpha.pk})

    entries = listed(response)
    assert entries
    assert {entry.municipality_id for entry in entries} == {alpha.pk}
    assert "carla_role" in targets(response)
    assert not {"carla_login", "bert_update"} & targets(response)


def test_audit_log_filters_by_action(history):
    response = browser_of("fiona").get("/audit/", {"action": "municipality_updated"})

    assert {entry.action for entry in listed(response)} == {"municipality_updated"}
    assert targets(response) == {"bert_update"}


def test_audit_log_filters_by_part_of_the_actor_address(history):
    response = browser_of("fiona").get("/audit/", {"actor": "CARLA@"})

    assert targets(response) == {"carla_login", "carla_role"}


def test_audit_log_filters_by_a_date_range_including_both_ends(history):
    response = browser_of("fiona").get(
        "/audit/", {"date_from": "2024-01-10", "date_to": "2024-02-10"}
    )

    assert targets(response) == {"carla_login", "carla_role"}


def test_audit_log_filters_combine(history):
    response = browser_of("fiona").get(
        "/audit/", {"actor": "carla", "action": "role_changed", "date_to": "2024-12-31"}
    )

    assert targets(response) == {"carla_role"}


def test_a_filter_that_matches_nothing_says_so(history):
    response = browser_of("fiona").get("/audit/", {"date_to": "2000-01-01"})

    assert listed(response) == []
    assert "No entries match." in response.content.decode()


def test_filters_that_are_not_understood_are_ignored_with_a_message(history):
    response = browser_of("fiona").get("/audit/", {"date_from": "yesterday", "action": "login"})

    assert "Some filters were not understood and were ignored." in response.content.decode()
    assert {"carla_login", "carla_role", "bert_update"} <= targets(response)


def test_the_audit_log_is_paged_by_fifty_and_pages_keep_the_filters(history):
    for number in range(60):
        audit_record(action="exported", actor=persona("fiona"), target=f"export {number}")

    first = browser_of("fiona").get("/audit/", {"action": "exported"})
    second = browser_of("fiona").get("/audit/", {"action": "exported", "page": 2})

    assert len(listed(first)) == 50
    assert len(listed(second)) == 10
    assert "?action=exported&page=2" in first.content.decode()


# --- Append-only -----------------------------------------------------------------------------


@pytest.fixture
def entry() -> AuditEntry:
    return audit_record(action="login", actor=persona("carla"), target="the original")


def assert_unchanged(entry: AuditEntry) -> None:
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.target, stored.actor_email) == ("the original", "carla@example.org")


# Each refused statement runs in its own savepoint: PostgreSQL aborts the transaction it fails
# in, and the test's own transaction has to survive to check that nothing changed.


def test_updating_an_audit_entry_through_the_orm_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(target="rewritten")

    assert_unchanged(entry)


def test_saving_a_changed_audit_entry_is_refused_by_the_database(entry):
    entry.target = "rewritten"

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.save()

    assert_unchanged(entry)


def test_deleting_audit_entries_through_the_orm_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.delete()

    assert_unchanged(entry)


def test_raw_sql_cannot_change_or_remove_audit_entries_either(entry):
    for statement in (
        "UPDATE accounts_auditentry SET target = 'rewritten' WHERE id = %s",
        "DELETE FROM accounts_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])

    assert_unchanged(entry)


def test_truncating_the_audit_log_is_refused_by_the_database(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # Run the test transaction's deferred checks first: PostgreSQL refuses TRUNCATE while
        # any are pending, which would hide whether the trigger fires.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE accounts_auditentry CASCADE")

    assert_unchanged(entry)


def test_new_audit_entries_can_still_be_added(entry):
    audit_record(action="logout", actor=persona("carla"))

    assert AuditEntry.objects.filter(action="logout", actor=persona("carla")).count() == 1


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),  # no proxy trusted: the header could be made up
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the visitor's own entry is not believed
        (2, "203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.2"),  # fewer entries than proxies: the header is wrong
    ],
)
def test_the_client_address_is_the_one_the_outermost_trusted_proxy_saw(
    settings, rf, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected
