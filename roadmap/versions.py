"""What a roadmap version holds (a snapshot) and how two snapshots differ.

A snapshot is plain JSON, written once when the version is frozen: it keeps the names as they
were, so a version reads the same after measures, topics or partners change. Priority and
status are kept as codes and shown in the reader's language; versions frozen before that hold
labels in the language of whoever froze them, which `snapshot_records` maps back to codes.
Measures are matched across snapshots by their id.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Choices
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Dimension

from .models import ITPartner, Measure

# The fields compared, in the order a reader expects them, with their labels.
FIELDS = [
    ("title", _("Title")),
    ("goal", _("Goal")),
    ("description", _("Description")),
    ("dimension", _("Dimension")),
    ("topics", _("Topics")),
    ("priority", _("Priority")),
    ("owner_department", _("Owner (department)")),
    ("partners", _("IT partners")),
    ("schedule", _("Schedule")),
    ("depends_on", _("Depends on")),
    ("effort_estimate", _("Effort estimate")),
    ("cost_estimate", _("Cost estimate (EUR)")),
    ("kpi", _("Success indicator (KPI)")),
    ("kpi_target", _("KPI target")),
    ("status", _("Status")),
]

# The fields whose snapshot value is a choice's code.
CHOICES: dict[str, type[Choices]] = {"priority": Measure.Priority, "status": Measure.Status}


def measure_record(measure: Measure) -> dict:
    """One measure as a snapshot keeps it (topics, partners, depends_on must be prefetched)."""
    topics = list(measure.topics.all())
    return {
        "id": measure.pk,
        "title": measure.title,
        "goal": measure.goal,
        "description": measure.description,
        "dimension": topics[0].dimension.name if topics else "",
        "topics": sorted(topic.name for topic in topics),
        "priority": measure.priority,
        "owner_department": measure.owner_department,
        "partners": sorted(partner.name for partner in measure.partners.all()),
        "starts_on": measure.starts_on.isoformat() if measure.starts_on else None,
        "ends_on": measure.ends_on.isoformat() if measure.ends_on else None,
        "schedule": measure.schedule_label,
        "depends_on": sorted(other.title for other in measure.depends_on.all()),
        "effort_estimate": measure.effort_estimate,
        "cost_estimate": None if measure.cost_estimate is None else f"{measure.cost_estimate:.2f}",
        "kpi": measure.kpi,
        "kpi_target": measure.kpi_target,
        "status": measure.status,
    }


def current_snapshot() -> dict:
    """The roadmap as it is now (the draft): every measure, its dependencies and partners."""
    measures = Measure.objects.prefetch_related(
        "topics__dimension", "partners", "depends_on"
    ).order_by("pk")
    return {
        "measures": [measure_record(measure) for measure in measures],
        "partners": list(ITPartner.objects.order_by("name").values_list("name", flat=True)),
    }


def _codes_by_label(choices: type[Choices]) -> dict[str, object]:
    """Each label of `choices`, in every language the site speaks, with its code."""
    codes: dict[str, object] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            codes.update({str(label): code for code, label in choices.choices})
    return codes


def _code(value: object, choices: type[Choices], codes_by_label: dict[str, object]) -> object:
    # Versions can never be rewritten (migration 0002 refuses it in the database), so a label
    # stored by an older version is translated back here, each time it is read. A label of a
    # language the site no longer speaks stays as it is and is shown as it was stored.
    if value in choices.values:
        return value
    return codes_by_label.get(value, value) if isinstance(value, str) else value


def _label(value: object, choices: type[Choices]) -> str:
    if value in choices.values:
        return str(choices(value).label)
    return "" if value is None else str(value)


def snapshot_records(snapshot: dict) -> list[dict]:
    """The snapshot's measures with priority and status as codes, whenever the version was
    frozen, and their labels in the current language beside them (`priority_label`,
    `status_label`)."""
    codes = {name: _codes_by_label(choices) for name, choices in CHOICES.items()}
    records = []
    for stored in snapshot.get("measures", []):
        record = dict(stored)
        for name, choices in CHOICES.items():
            record[name] = _code(stored.get(name), choices, codes[name])
            record[f"{name}_label"] = _label(record[name], choices)
        records.append(record)
    return records


def _shown(value: object) -> object:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else value


def shown(record: dict, name: str) -> object:
    """A field of a record as a reader sees it: lists joined, choices by their label."""
    value = record.get(name)
    if name in CHOICES:
        choices = CHOICES[name]
        return _label(_code(value, choices, _codes_by_label(choices)), choices)
    return _shown(value)


@dataclass(frozen=True)
class DimensionRecords:
    name: str
    records: list[dict]


def records_by_dimension(records: list[dict]) -> list[DimensionRecords]:
    """Records grouped by dimension in the taxonomy's order; a dimension no longer in the
    taxonomy (renamed since the version was frozen) follows alphabetically, measures without
    a dimension come last. Within a group the records keep their order."""
    order: dict[str, int] = {}
    for name in Dimension.objects.order_by("position", "id").values_list("name", flat=True):
        order.setdefault(name, len(order))

    def rank(name: str) -> tuple:
        return (not name, name not in order, order.get(name, 0), name)

    groups: dict[str, list[dict]] = {}
    for record in records:
        groups.setdefault(record.get("dimension") or "", []).append(record)
    return [DimensionRecords(name, groups[name]) for name in sorted(groups, key=rank)]


@dataclass
class Change:
    field: str
    label: str
    before: object
    after: object


@dataclass
class MeasureChanges:
    id: int
    title: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class Diff:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[MeasureChanges] = field(default_factory=list)
    partners_added: list[str] = field(default_factory=list)
    partners_removed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.partners_added
            or self.partners_removed
        )


def snapshot_diff(older: dict, newer: dict) -> Diff:
    """Added, removed and changed measures (field by field) from `older` to `newer`.

    Priority and status are compared by code, so two versions frozen in different languages
    differ only where the roadmap did."""
    before = {record["id"]: record for record in snapshot_records(older)}
    after = {record["id"]: record for record in snapshot_records(newer)}
    diff = Diff(
        added=[after[key] for key in sorted(after.keys() - before.keys())],
        removed=[before[key] for key in sorted(before.keys() - after.keys())],
    )
    for key in sorted(before.keys() & after.keys()):
        old, new = before[key], after[key]
        changes = [
            Change(name, str(label), shown(old, name), shown(new, name))
            for name, label in FIELDS
            if _shown(old.get(name)) != _shown(new.get(name))
        ]
        if changes:
            diff.changed.append(MeasureChanges(key, new["title"], changes))
    old_partners, new_partners = set(older.get("partners", [])), set(newer.get("partners", []))
    diff.partners_added = sorted(new_partners - old_partners)
    diff.partners_removed = sorted(old_partners - new_partners)
    return diff
