"""A frozen roadmap version never changes, and any two versions (or the draft) compare."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from roadmap import services
from roadmap.forms import CompareForm
from roadmap.models import Measure, RoadmapVersion
from roadmap.versions import current_snapshot, snapshot_diff
from tests.conftest import persona, signed_in_client
from tests.roadmap import helpers


@pytest.fixture
def frozen(in_alpha) -> RoadmapVersion:
    first = helpers.measure("E-Akte einführen", owner_department="Hauptamt")
    second = helpers.measure("Bürger-App")
    second.depends_on.add(first)
    first.partners.add(helpers.partner("Rechenzentrum Nord"))
    return services.version_freeze(name="Erste Fassung", actor=persona("carla"))


def test_freezing_keeps_measures_dependencies_and_partners(frozen) -> None:
    records = {record["title"]: record for record in frozen.snapshot["measures"]}
    assert records["Bürger-App"]["depends_on"] == ["E-Akte einführen"]
    assert records["E-Akte einführen"]["partners"] == ["Rechenzentrum Nord"]
    assert records["E-Akte einführen"]["owner_department"] == "Hauptamt"
    assert records["E-Akte einführen"]["schedule"] == "Q1 2027 – Q2 2027"
    assert frozen.snapshot["partners"] == ["Rechenzentrum Nord"]
    assert frozen.frozen_by_name == "Carla"


def test_a_version_does_not_follow_later_changes_of_the_roadmap(frozen) -> None:
    Measure.objects.filter(title="E-Akte einführen").update(title="E-Akte überall")
    frozen.refresh_from_db()
    assert {r["title"] for r in frozen.snapshot["measures"]} == {"E-Akte einführen", "Bürger-App"}


def test_the_model_refuses_to_save_a_frozen_version_again(frozen) -> None:
    frozen.name = "Umbenannt"
    with pytest.raises(ValidationError):
        frozen.save()
    with pytest.raises(ValidationError):
        frozen.delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE roadmap_roadmapversion SET name = 'Umbenannt'",
        "UPDATE roadmap_roadmapversion SET snapshot = '{}'::jsonb",
        "DELETE FROM roadmap_roadmapversion",
    ],
)
def test_the_database_refuses_raw_changes_to_a_version(frozen, statement: str) -> None:
    refused = pytest.raises(DatabaseError, match="cannot be changed")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert RoadmapVersion.objects.get(pk=frozen.pk).name == "Erste Fassung"


def test_queryset_update_is_refused_too(frozen) -> None:
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        RoadmapVersion.objects.filter(pk=frozen.pk).update(note="nachträglich")


def test_a_version_needs_a_name(in_alpha) -> None:
    with pytest.raises(ValidationError):
        services.version_freeze(name="  ", actor=persona("carla"))


def test_only_editors_may_freeze(in_alpha) -> None:
    with pytest.raises(PermissionDenied):
        services.version_freeze(name="Von der Leitung", actor=persona("leo"))
    assert not RoadmapVersion.objects.exists()


def test_diff_lists_added_removed_and_changed_measures_field_by_field(frozen) -> None:
    changed = Measure.objects.get(title="E-Akte einführen")
    changed.owner_department = "Bauamt"
    changed.partners.clear()
    changed.save()
    Measure.objects.get(title="Bürger-App").delete()
    helpers.measure("Open-Data-Portal")

    diff = snapshot_diff(frozen.snapshot, current_snapshot())

    assert [record["title"] for record in diff.added] == ["Open-Data-Portal"]
    assert [record["title"] for record in diff.removed] == ["Bürger-App"]
    [measure] = diff.changed
    changes = {change.field: (change.before, change.after) for change in measure.changes}
    assert changes == {
        "owner_department": ("Hauptamt", "Bauamt"),
        "partners": ("Rechenzentrum Nord", ""),
    }
    assert diff.partners_added == diff.partners_removed == []


def test_diff_of_a_version_with_itself_is_empty(frozen) -> None:
    assert snapshot_diff(frozen.snapshot, frozen.snapshot).is_empty


def test_two_frozen_versions_compare_in_the_browser(frozen, alpha) -> None:
    Measure.objects.filter(title="Bürger-App").update(kpi="10.000 Downloads")
    later = services.version_freeze(name="Integrierte Roadmap", actor=persona("carla"))
    client = signed_in_client(persona("mia"), alpha)
    response = client.get(f"/roadmap/versions/compare/?older={frozen.pk}&newer={later.pk}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 measure changed" in page
    assert "10.000 Downloads" in page


def test_a_version_compares_with_the_current_draft(frozen, alpha) -> None:
    helpers.measure("Open-Data-Portal")
    client = signed_in_client(persona("leo"), alpha)
    response = client.get(f"/roadmap/versions/compare/?older={frozen.pk}&newer=draft")
    assert "1 measure added" in response.content.decode()
    assert "Open-Data-Portal" in response.content.decode()


def test_comparing_an_unknown_version_is_a_clear_error(frozen, alpha) -> None:
    client = signed_in_client(persona("leo"), alpha)
    response = client.get("/roadmap/versions/compare/?older=999999&newer=draft")
    assert response.status_code == 200
    assert "Choose two versions to compare." in response.content.decode()


def test_a_version_frozen_in_german_differs_in_nothing_from_the_unchanged_draft_in_english(
    in_alpha,
) -> None:
    helpers.measure("E-Akte einführen", priority=Measure.Priority.HIGH)
    with translation.override("de"):
        version = services.version_freeze(name="Erste Fassung", actor=persona("carla"))

    assert snapshot_diff(version.snapshot, current_snapshot()).is_empty


@pytest.mark.parametrize(("priority", "status"), [("Hoch", "Geplant"), ("High", "Planned")])
def test_a_version_that_holds_labels_from_before_codes_were_kept_still_compares(
    in_alpha, alpha, priority: str, status: str
) -> None:
    measure = helpers.measure("E-Akte einführen", priority=Measure.Priority.HIGH)
    record = {**current_snapshot()["measures"][0], "priority": priority, "status": status}
    old = RoadmapVersion.objects.create(name="Alte Fassung", snapshot={"measures": [record]})
    Measure.objects.filter(pk=measure.pk).update(status=Measure.Status.IN_PROGRESS)

    [changed] = snapshot_diff(old.snapshot, current_snapshot()).changed

    assert [(c.field, c.before, c.after) for c in changed.changes] == [
        ("status", "Planned", "In progress")
    ]
    client = signed_in_client(persona("mia"), alpha)
    page = client.get(f"/roadmap/versions/{old.pk}/").content.decode()
    assert "High · Planned" in page


def test_comparing_in_english_with_a_version_frozen_in_german_shows_no_differences(
    in_alpha, alpha
) -> None:
    helpers.measure("E-Akte einführen")
    with translation.override("de"):
        version = services.version_freeze(name="Erste Fassung", actor=persona("carla"))
    client = signed_in_client(persona("mia"), alpha)
    response = client.get(f"/roadmap/versions/compare/?older={version.pk}&newer=draft")
    page = response.content.decode()
    assert "No differences." in page and "measure changed" not in page


def test_a_second_version_of_the_same_name_in_any_case_is_refused(frozen, alpha) -> None:
    with pytest.raises(ValidationError) as refused:
        services.version_freeze(name=" erste fassung ", actor=persona("carla"))
    assert "has already been frozen" in str(refused.value)

    client = signed_in_client(persona("carla"), alpha)
    response = client.post(
        "/roadmap/versions/freeze/", {"name": "ERSTE FASSUNG", "note": "Nach Workshop 2"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A version named “ERSTE FASSUNG” has already been frozen" in page
    assert 'value="ERSTE FASSUNG"' in page and "Nach Workshop 2" in page
    assert RoadmapVersion.objects.count() == 1


def test_versions_of_the_same_name_are_told_apart_by_when_they_were_frozen(in_alpha) -> None:
    # Versions frozen before names had to differ.
    for day in (3, 17):
        RoadmapVersion.objects.create(
            name="Erste Fassung",
            snapshot=current_snapshot(),
            frozen_at=datetime(2026, 3, day, 10, tzinfo=UTC),
        )

    labels = [label for _value, label in CompareForm().fields["older"].choices][1:]

    assert len(set(labels)) == 2
    assert all(label.startswith("Erste Fassung (03/") for label in labels)
