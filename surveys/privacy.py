"""When a survey figure may be shown: the privacy rules of results, exports and reports.

Everything that shows survey results (the results page, the CSV and XLSX exports, the PDF
reports) asks here; nothing else decides what is suppressed.

Responses fall into partitions: one per (target group, department) pair. A *scope* is what a
reader asks to see: all responses, one group, one department, or one group in one department.
For each figure the caller passes how many responses stand behind it in each partition.

The rules, with k the municipality's `SurveySettings.min_group_size` (at least 3):
1. A figure based on fewer than k responses is suppressed. Free-text answers need 2k.
2. A filtered scope is refused when it leaves a remainder of 1 to k-1 responses in a wider
   scope the reader can also see: otherwise the wider figure minus the filtered one would give
   the remainder's figure. Wider is what holds all of its responses, in the data too: a
   department answered only by employees lies within the employees.
3. A breakdown by group shows each column only if rules 1 and 2 allow that group's scope; and
   when the hidden columns add up to 1 to k-1 responses, the smallest shown columns are hidden
   too, so that the total minus the shown columns does not give the hidden ones away. Every
   group with responses counts, shown as a column or not. A filter is a column seen alone: a
   group (or department) is refused whenever the breakdown it belongs to hides its column,
   else the total minus a few allowed filters would give the hidden columns away.
4. Free-text answers split by group (an export's rows) are given whole or not at all: only if
   every part, the left-out groups taken together included, holds none or at least 2k texts.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

#: (target group id, department; "" when the response has none)
Partition = tuple[int, str]
Counts = Mapping[Partition, int]


class Suppressed(StrEnum):
    """Why a figure is not shown."""

    TOO_FEW = "too_few"
    REMAINDER = "remainder"
    COMPLEMENT = "complement"

    @property
    def note(self) -> str:
        return str(SUPPRESSION_NOTES[self])


SUPPRESSION_NOTES = {
    Suppressed.TOO_FEW: _("hidden: too few responses"),
    Suppressed.REMAINDER: _("hidden: the remaining responses would be too few"),
    Suppressed.COMPLEMENT: _("hidden: would reveal a smaller group"),
}


@dataclass(frozen=True)
class Scope:
    """Which responses a view covers: all (None, None), a group, a department, or both."""

    group: int | None = None
    department: str | None = None

    def contains(self, partition: Partition) -> bool:
        group, department = partition
        return (self.group is None or self.group == group) and (
            self.department is None or self.department == department
        )

    def count(self, counts: Counts) -> int:
        return sum(n for partition, n in counts.items() if self.contains(partition))

    def with_group(self, group: int) -> "Scope":
        return Scope(group, self.department)

    @property
    def is_filtered(self) -> bool:
        return self.group is not None or self.department is not None

    def wider(self, counts: Counts) -> set["Scope"]:
        """The other scopes a reader may also be shown that hold every response of this one:
        those that contain it by definition, and those that happen to (a department whose
        responses all come from one group lies within that group, and the other way round)."""
        if not self.is_filtered:
            return set()
        mine = [partition for partition, n in counts.items() if n and self.contains(partition)]
        shown = {
            Scope(),
            *(Scope(group) for group, _department in counts),
            *(Scope(department=department) for _group, department in counts if department),
        }
        return {
            scope
            for scope in shown - {self}
            if all(scope.contains(partition) for partition in mine)
        }


@dataclass(frozen=True)
class Rules:
    min_group_size: int

    def __post_init__(self) -> None:
        # The settings model validates this too; a PDF or an export must never get less.
        if self.min_group_size < 3:
            raise ValueError("the minimum group size is never below 3")

    @property
    def free_text_minimum(self) -> int:
        return 2 * self.min_group_size

    def minimum(self, free_text: bool = False) -> int:
        return self.free_text_minimum if free_text else self.min_group_size

    def check(self, counts: Counts, scope: Scope, free_text: bool = False) -> Suppressed | None:
        """None if the figure of `scope` may be shown (rules 1 to 3), else why not."""
        verdict = self._alone(counts, scope, free_text)
        if verdict:
            return verdict
        if scope.group is not None:
            by_group = self.breakdown(counts, Scope(department=scope.department), [], free_text)
            verdict = by_group.get(scope.group)
        if not verdict and scope.department is not None:
            departments = sorted({department for _group, department in counts} | {scope.department})
            by_department = self.columns(
                {d: Scope(scope.group, d) for d in departments}, counts, free_text
            )
            verdict = by_department[scope.department]
        return verdict

    def _alone(self, counts: Counts, scope: Scope, free_text: bool) -> Suppressed | None:
        """Rules 1 and 2."""
        minimum = self.minimum(free_text)
        selected = scope.count(counts)
        if selected < minimum:
            return Suppressed.TOO_FEW
        for wider in scope.wider(counts):
            remainder = wider.count(counts) - selected
            if 0 < remainder < minimum:
                return Suppressed.REMAINDER
        return None

    def breakdown(
        self, counts: Counts, scope: Scope, groups: Sequence[int], free_text: bool = False
    ) -> dict[int, Suppressed | None]:
        """Rule 3: the verdict for each group's column of a breakdown of `scope` by group.

        Groups with responses that are not among `groups` (a group of an earlier wave, say)
        are columns too, hidden or not: the total contains them.
        """
        every = list(dict.fromkeys([*groups, *sorted(group for group, _department in counts)]))
        verdicts = self.columns(
            {group: scope.with_group(group) for group in every}, counts, free_text
        )
        return {group: verdicts[group] for group in every}

    def columns(
        self, scopes: Mapping[Hashable, Scope], counts: Counts, free_text: bool = False
    ) -> dict:
        """Rule 3 for any set of disjoint scopes that together make up a shown total."""
        minimum = self.minimum(free_text)
        verdicts = {key: self._alone(counts, scope, free_text) for key, scope in scopes.items()}
        sizes = {key: scope.count(counts) for key, scope in scopes.items()}
        hidden = sum(sizes[key] for key, verdict in verdicts.items() if verdict)
        shown = sorted((key for key, verdict in verdicts.items() if not verdict), key=sizes.get)
        while 0 < hidden < minimum and shown:
            smallest = shown.pop(0)
            verdicts[smallest] = Suppressed.COMPLEMENT
            hidden += sizes[smallest]
        return verdicts

    def whole_breakdown_allowed(self, sizes: Sequence[int], free_text: bool = False) -> bool:
        """Rule 4: may every part of a breakdown be shown, knowing the total is shown too?"""
        minimum = self.minimum(free_text)
        return all(size == 0 or size >= minimum for size in sizes)
