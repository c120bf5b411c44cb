"""What a roadmap version holds (a snapshot) and how two snapshots differ.

A snapshot is plain JSON, written once when the version is frozen: it keeps the names and
labels as they were, so a version reads the same after measures, topics or partners change.
Measures are matched across snapshots by their id.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

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
        "priority": str(measure.get_priority_display()),
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
        "status": str(measure.get_status_display()),
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


def _shown(value: object) -> object:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else value


def snapshot_diff(older: dict, newer: dict) -> Diff:
    """Added, removed and changed measures (field by field) from `older` to `newer`."""
    before = {record["id"]: record for record in older.get("measures", [])}
    after = {record["id"]: record for record in newer.get("measures", [])}
    diff = Diff(
        added=[after[key] for key in sorted(after.keys() - before.keys())],
        removed=[before[key] for key in sorted(before.keys() - after.keys())],
    )
    for key in sorted(before.keys() & after.keys()):
        old, new = before[key], after[key]
        changes = [
            Change(name, str(label), _shown(old.get(name)), _shown(new.get(name)))
            for name, label in FIELDS
            if _shown(old.get(name)) != _shown(new.get(name))
        ]
        if changes:
            diff.changed.append(MeasureChanges(key, new["title"], changes))
    old_partners, new_partners = set(older.get("partners", [])), set(newer.get("partners", []))
    diff.partners_added = sorted(new_partners - old_partners)
    diff.partners_removed = sorted(old_partners - new_partners)
    return diff
