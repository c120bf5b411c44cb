"""The results of a survey as a reader may see them: figures with their suppression built in.

`survey_results()` is the one entry point for the results page, and for the PDF reports, so
that both show the same figures and hide the same ones (the rules: surveys.privacy).

The database does the counting: one grouped query tallies every answer by question, matrix
row, option, value and partition (target group × department), and one more counts distinct
respondents where a respondent leaves several answers (multiple choice, matrix, the indices).
Everything else sums those few hundred tallies, so the number of queries and the Python work
stay the same whether a survey has a hundred responses or ten thousand.

The tallies are kept per survey with the responses they count (answers are never edited), in
the database (KeptCount): when responses have only been added since, only the new ones are
counted and added in (`_running`). The worker does that soon after responses arrive
(`counts_bring_up_to_date`), so a results page rarely counts anything itself. Figures, privacy
checks and labels are worked out afresh on every request from the current settings and
questions.

Index convention: likert and matrix answers 1..5 count (v-1)/4·100, ratings 0..10 count v·10,
"don't know" is left out. A dimension's index is the mean over all scale answers tagged with
it (a matrix row's own topic first, then its question's dimension); the change-readiness index
the mean over the scale answers of questions that count for readiness.
"""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import MD5, Left
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Dimension

from .models import (
    LIKERT_LABELS,
    TEXT_PREFIX,
    Answer,
    KeptCount,
    Question,
    Recipient,
    Response,
    Survey,
    SurveySettings,
    TargetGroup,
    TextCode,
)
from .privacy import Counts, Partition, Rules, Scope, Suppressed

DEFAULT_MIN_GROUP_SIZE = 5
# Off: every view counts all answers afresh (the benchmark's worst case, and the tests' yardstick).
KEEP_COUNTS = True
# How long the samples of free texts are cached, per version of the responses.
CACHE_SECONDS = 24 * 3600
T = TypeVar("T")
AGREEMENT_VALUES = (4, 5)
TEXT_SAMPLE = 5
# Any answer at all: a skipped optional question may still have left an empty row behind.
ANSWERED = Q(value__isnull=False) | Q(option__isnull=False) | Q(dont_know=True) | ~Q(text="")


def privacy_rules() -> Rules:
    """The municipality's threshold (rule 1 of surveys.privacy)."""
    size = SurveySettings.objects.values_list("min_group_size", flat=True).first()
    return Rules(max(size or DEFAULT_MIN_GROUP_SIZE, 3))


def score(value: float, kind: str) -> float:
    """One scale answer on the 0–100 scale of the indices."""
    return value * 10 if kind == Question.Kind.RATING else (value - 1) * 25


# --- What the reader gets ----------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One figure for one scope: how many responses stand behind it, and whether it is shown."""

    respondents: int
    suppressed: Suppressed | None
    value: float | None = None  # an index 0–100, or a mean
    share: float | None = None  # the agreement share 0–1

    @property
    def shown(self) -> bool:
        return self.suppressed is None

    @property
    def note(self) -> str:
        if self.respondents == 0:
            return str(_("no answers"))
        return self.suppressed.note if self.suppressed else ""

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


@dataclass(frozen=True)
class GroupFigure:
    group: TargetGroup
    figure: Figure


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    share: float  # of the question's respondents in the scope

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class RowResults:
    """A matrix row, or a scale question's own line."""

    label: str
    figure: Figure
    bars: list[Bar]
    dont_know: int
    by_group: list[GroupFigure]


@dataclass(frozen=True)
class TextSample:
    text: str
    count: int  # the answers that say exactly this


@dataclass
class TextAnswers:
    question: Question
    figure: Figure  # respondents: answers with a text
    sample: list[TextSample] = field(default_factory=list)  # the first few distinct texts
    matches: int = 0  # texts matching the search (all texts without one)
    is_other: bool = False  # the "other" texts of a choice question
    topics: list[Bar] = field(default_factory=list)  # coded answers per topic (TextCode)

    @property
    def sample_answers(self) -> int:
        """The answers the sample stands for."""
        return sum(entry.count for entry in self.sample)


@dataclass
class QuestionResults:
    question: Question
    figure: Figure  # respondents: responses that answered the question at all
    bars: list[Bar] = field(default_factory=list)
    rows: list[RowResults] = field(default_factory=list)
    texts: TextAnswers | None = None

    @property
    def scale(self) -> RowResults | None:
        """The single line of a likert or rating question."""
        return self.rows[0] if self.question.kind != Question.Kind.MATRIX and self.rows else None

    @cached_property
    def answering_groups(self) -> list[TargetGroup]:
        """The groups with answers to the question, in order: a breakdown shows only these,
        not a column of "no answers" for each group the question was never put to."""
        answered = {
            column.group.pk
            for row in self.rows
            for column in row.by_group
            if column.figure.respondents
        }
        columns = self.rows[0].by_group if self.rows else []
        return [column.group for column in columns if column.group.pk in answered]


@dataclass
class SectionResults:
    title: str
    questions: list[QuestionResults]


@dataclass(frozen=True)
class IndexRow:
    label: str
    dimension: Dimension | None  # None: the overall change-readiness index
    total: Figure
    by_group: list[GroupFigure]


@dataclass(frozen=True)
class Participation:
    group: TargetGroup | None  # None: all groups
    invited: int
    answered: int  # personal invitations answered
    open_responses: int  # through open links, counted apart: nobody was invited
    paper_responses: int  # paper questionnaires entered, counted apart too
    responses: int

    @property
    def rate(self) -> int | None:
        return round(self.answered / self.invited * 100) if self.invited else None


def _whole(value: float) -> int:
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class DeltaCell:
    group: TargetGroup | None
    before: Figure
    after: Figure

    @property
    def whole(self) -> tuple[int, int] | None:
        """Both indices in whole points, as the page shows them (half up): the change shown
        is their difference, so that 53 → 58 never reads +6."""
        if self.delta is None:
            return None
        return _whole(self.before.value), _whole(self.after.value)

    @property
    def points(self) -> int | None:
        """The change in whole points, without its sign (see `direction`)."""
        return None if self.whole is None else abs(self.whole[1] - self.whole[0])

    @property
    def direction(self) -> str:
        if self.whole is None or self.whole[0] == self.whole[1]:
            return "same"
        return "up" if self.whole[1] > self.whole[0] else "down"

    @property
    def delta(self) -> float | None:
        if (
            self.before.shown
            and self.after.shown
            and None not in (self.before.value, self.after.value)
        ):
            return self.after.value - self.before.value
        return None


@dataclass(frozen=True)
class DeltaRow:
    label: str
    cells: list[DeltaCell]


@dataclass
class WaveComparison:
    earlier: Survey
    later: Survey
    rows: list[DeltaRow]


@dataclass
class SurveyResults:
    survey: Survey
    rules: Rules
    scope: Scope
    refused: Suppressed | None  # the filter itself is refused: no figures at all
    groups: list[TargetGroup]  # the groups of this survey, in order
    departments: list[str]
    responses: int  # in the scope
    participation: list[Participation]
    participation_total: Participation
    readiness: IndexRow | None = None
    dimensions: list[IndexRow] = field(default_factory=list)
    sections: list[SectionResults] = field(default_factory=list)
    texts: list[TextAnswers] = field(default_factory=list)
    comparison: WaveComparison | None = None
    earlier_waves: list[Survey] = field(default_factory=list)

    @property
    def group(self) -> TargetGroup | None:
        return next((g for g in self.groups if g.pk == self.scope.group), None)

    @cached_property
    def agreement_extremes(self) -> tuple[list["Statement"], list["Statement"]]:
        """The statements (agreement scales and matrix rows) most and least agreed with, three
        each, among those shown; none in both lists, so a short survey lists fewer."""
        n = 3
        statements = [
            Statement(item.question, line.label, line.figure)
            for section in self.sections
            for item in section.questions
            if item.question.kind in (Question.Kind.LIKERT, Question.Kind.MATRIX)
            for line in item.rows
            if line.figure.shown and line.figure.share is not None
        ]
        ranked = sorted(statements, key=lambda s: (-s.figure.share, -(s.figure.value or 0)))
        most = ranked[: min(n, len(ranked) // 2)]
        least = ranked[::-1][: min(n, len(ranked) // 2)]
        return most, least


@dataclass(frozen=True)
class Statement:
    """One line of an agreement scale: a likert question, or a row of a matrix."""

    question: Question
    label: str
    figure: Figure


# --- The entry point ---------------------------------------------------------------------------


def survey_results(
    survey: Survey,
    group: TargetGroup | None = None,
    department: str | None = None,
    compare_with: Survey | None = None,
    text_sample: int = TEXT_SAMPLE,
    text_search: str = "",
) -> SurveyResults:
    """The results of `survey` for one group and/or department (None: all), as may be shown.

    `compare_with` is an earlier wave of the same instrument; without it, the wave just before.
    Of each question's free texts, the first `text_sample` (matching `text_search`) come along.
    """
    rules = privacy_rules()
    scope = Scope(group.pk if group else None, department or None)
    population = _population(survey)
    present = {partition[0] for partition in population} | set(
        Recipient.objects.filter(survey=survey)
        .values_list("group_id", flat=True)
        .order_by()
        .distinct()
    )
    groups = [g for g in TargetGroup.objects.all() if g.pk in present]
    counts = {partition: sum(by_channel.values()) for partition, by_channel in population.items()}
    participation, total = _participation(survey, population, groups)
    results = SurveyResults(
        survey=survey,
        rules=rules,
        scope=scope,
        refused=rules.check(counts, scope) if scope.is_filtered else None,
        groups=groups,
        departments=sorted({department for _group, department in population if department}),
        responses=scope.count(counts),
        participation=participation,
        participation_total=total,
        earlier_waves=list(
            Survey.objects.filter(instrument_id=survey.instrument_id, wave__lt=survey.wave)
            .exclude(pk=survey.pk)
            .order_by("-wave")
        ),
    )
    if results.refused:
        return results

    earlier = compare_with or next(iter(results.earlier_waves), None)
    questions = _questions(survey)
    compared = _questions(earlier) if earlier else []
    waves = [survey, earlier] if earlier else [survey]
    versions = _versions(waves)
    tallies: dict[int, list[_Tally]] = {}
    for wave in waves:
        tallies.update(_tallies_kept(wave, versions))
    distinct = {
        wave.pk: _distinct_counts(
            wave, [q for q in questions + compared if q.survey_id == wave.pk], tallies, versions
        )
        for wave in waves
    }

    context = _Context(rules, scope, groups)
    results.sections = _sections(questions, tallies, distinct[survey.pk], context)
    results.texts = [q.texts for section in results.sections for q in section.questions if q.texts]
    _fill_text_samples(results.texts, scope, text_sample, text_search, versions[survey.pk])
    _fill_text_topics(results.texts, scope)
    results.readiness, results.dimensions = _indices(questions, distinct[survey.pk], context)
    if earlier:
        results.comparison = _comparison(earlier, survey, compared, questions, distinct, context)
    return results


# --- Queries (each a fixed number, whatever the number of responses) ---------------------------


def _versions(surveys: list[Survey]) -> dict[int, tuple]:
    """What the answers of each survey depend on: responses are only ever added or deleted.

    (survey, created, responses, highest id, sum of the ids): the ids' sum tells a deleted
    response replaced by a new one from a survey that only grew.
    """
    found = {
        row["survey_id"]: (row["n"], row["last"], row["total"])
        for row in Response.objects.filter(survey__in=surveys)
        .values("survey_id")
        .annotate(n=Count("id"), last=Max("id"), total=Sum("id"))
        .order_by()
    }
    return {
        survey.pk: (survey.pk, survey.created_at.timestamp(), *found.get(survey.pk, (0, 0, 0)))
        for survey in surveys
    }


def counts_bring_up_to_date(survey: Survey) -> None:
    """Count the responses stored since the kept counts of `survey` (the worker, after
    responses arrive), so that the next results page need not."""
    versions = _versions([survey])
    _distinct_counts(survey, _questions(survey), _tallies_kept(survey, versions), versions)


def _tallies_kept(survey: Survey, versions: dict[int, tuple]) -> "dict[int, list[_Tally]]":
    return _running(
        versions[survey.pk],
        KeptCount.Kind.TALLIES,
        lambda after, through: _tallies(survey, after, through),
        _tallies_merged,
    )


def _running(
    version: tuple,
    kind: str,
    count: Callable[[int, int | None], T],
    merge: Callable[[T, T], T],
    basis: str = "",
) -> T:
    """A survey's counts of one kind, kept up to date by counting only the responses added since.

    `count(after, through)` counts the responses with after < id <= through (None: no upper
    bound). The counts are kept with the version they describe; when responses have only been
    added since, the new ones are counted and merged in, so the first view after a new
    response costs about what that response added, not what all ten thousand did. Anything
    else (a deleted response, one that committed late under a lower id, another `basis`)
    counts all afresh.
    """
    if not KEEP_COUNTS:
        return count(0, None)
    survey_id, _created, n, last, total = version
    encode, decode = _CODECS[kind]
    kept = KeptCount.objects.filter(survey_id=survey_id, kind=kind, basis=basis).first()
    if kept is not None:
        if (kept.responses, kept.last_response, kept.id_sum) == (n, last, total):
            return decode(kept.counts)
        if kept.last_response < last:
            added = Response.objects.filter(
                survey_id=survey_id, id__gt=kept.last_response, id__lte=last
            ).aggregate(n=Count("id"), total=Sum("id"))
            if (kept.responses + added["n"], kept.id_sum + (added["total"] or 0)) == (n, total):
                value = merge(decode(kept.counts), count(kept.last_response, last))
                _keep(survey_id, kind, basis, (n, last, total), encode(value))
                return value
    value = count(0, last)
    _keep(survey_id, kind, basis, (n, last, total), encode(value))
    return value


def _keep(survey_id: int, kind: str, basis: str, counted: tuple, counts: object) -> None:
    n, last, total = counted
    # An upsert: two views counting at once both keep a count that is right for its version.
    KeptCount.objects.bulk_create(
        [
            KeptCount(
                survey_id=survey_id,
                kind=kind,
                basis=basis,
                responses=n,
                last_response=last,
                id_sum=total,
                counts=counts,
            )
        ],
        update_conflicts=True,
        unique_fields=["survey", "kind"],
        update_fields=["basis", "responses", "last_response", "id_sum", "counts", "counted_at"],
    )


def _fingerprint(questions: list[Question]) -> str:
    """The question metadata the index sums depend on (tags can change after responses)."""
    parts = [(q.pk, q.kind, q.dimension_id, q.topic_id, q.counts_for_readiness) for q in questions]
    parts += sorted(_scale_targets(questions).items())
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _cached(key: str, compute: Callable[[], T]) -> T:
    """Something worked out from one version of the answers (see _versions), cached for
    CACHE_SECONDS: each new response makes a new key, and the old ones should not linger."""
    if not CACHE_SECONDS:
        return compute()
    key = f"survey-results:{hashlib.sha256(key.encode()).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def _population(survey: Survey) -> dict[Partition, dict[str, int]]:
    """Responses per partition and channel."""
    found: dict[Partition, dict[str, int]] = defaultdict(dict)
    rows = (
        Response.objects.filter(survey=survey)
        .values("group_id", "department", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        found[(row["group_id"], row["department"])][row["channel"]] = row["n"]
    return found


def _participation(
    survey: Survey, population: dict[Partition, dict[str, int]], groups: list[TargetGroup]
) -> tuple[list[Participation], Participation]:
    sent = Q(invitation_status=Recipient.MailStatus.SENT)
    invited = {
        row["group_id"]: row
        for row in Recipient.objects.filter(survey=survey)
        .values("group_id")
        .annotate(invited=Count("id", filter=sent), answered=Count("id", filter=Q(answered=True)))
        .order_by()
    }
    rows = []
    for group in groups:
        channels = [by for (g, _d), by in population.items() if g == group.pk]
        rows.append(
            Participation(
                group=group,
                invited=invited.get(group.pk, {}).get("invited", 0),
                answered=invited.get(group.pk, {}).get("answered", 0),
                open_responses=sum(by.get(Response.Channel.OPEN, 0) for by in channels),
                paper_responses=sum(by.get(Response.Channel.PAPER, 0) for by in channels),
                responses=sum(sum(by.values()) for by in channels),
            )
        )
    total = Participation(
        group=None,
        invited=sum(row.invited for row in rows),
        answered=sum(row.answered for row in rows),
        open_responses=sum(row.open_responses for row in rows),
        paper_responses=sum(row.paper_responses for row in rows),
        responses=sum(row.responses for row in rows),
    )
    return rows, total


def _questions(survey: Survey | None) -> list[Question]:
    if survey is None:
        return []
    return list(
        Question.objects.filter(survey=survey)
        .select_related("section", "dimension", "topic", "shown_if_scale")
        .prefetch_related("options", "matrix_rows__topic", "shown_if_options")
    )


@dataclass(frozen=True)
class _Tally:
    partition: Partition
    matrix_row: int | None
    option: int | None
    value: int | None
    dont_know: bool
    n: int
    texts: int


def _tallies(survey: Survey, after: int = 0, through: int | None = None) -> dict[int, list[_Tally]]:
    """Every answer of the survey's responses with after < id <= through, counted by what it
    says and by partition, per question."""
    answers = Answer.objects.filter(ANSWERED, response__survey_id=survey.pk, response_id__gt=after)
    if through is not None:
        answers = answers.filter(response_id__lte=through)
    rows = (
        answers.values(
            "question_id",
            "matrix_row_id",
            "option_id",
            "value",
            "dont_know",
            "response__group_id",
            "response__department",
        )
        .annotate(n=Count("id"), texts=Count("id", filter=~Q(text="")))
        .order_by()
    )
    by_question: dict[int, list[_Tally]] = defaultdict(list)
    for row in rows:
        by_question[row["question_id"]].append(
            _Tally(
                partition=(row["response__group_id"], row["response__department"]),
                matrix_row=row["matrix_row_id"],
                option=row["option_id"],
                value=row["value"],
                dont_know=row["dont_know"],
                n=row["n"],
                texts=row["texts"],
            )
        )
    return by_question


def _tallies_merged(
    earlier: dict[int, list[_Tally]], added: dict[int, list[_Tally]]
) -> dict[int, list[_Tally]]:
    merged = {question_id: list(tallies) for question_id, tallies in earlier.items()}
    for question_id, tallies in added.items():
        same = {_tally_key(tally): index for index, tally in enumerate(merged.get(question_id, []))}
        into = merged.setdefault(question_id, [])
        for tally in tallies:
            index = same.get(_tally_key(tally))
            if index is None:
                into.append(tally)
            else:
                into[index] = replace(
                    into[index], n=into[index].n + tally.n, texts=into[index].texts + tally.texts
                )
    return merged


def _tally_key(tally: _Tally) -> tuple:
    return (tally.partition, tally.matrix_row, tally.option, tally.value, tally.dont_know)


def _tallies_encoded(tallies: dict[int, list[_Tally]]) -> dict[str, list[list]]:
    return {
        str(question_id): [
            [*t.partition, t.matrix_row, t.option, t.value, t.dont_know, t.n, t.texts]
            for t in question_tallies
        ]
        for question_id, question_tallies in tallies.items()
    }


def _tallies_decoded(encoded: dict[str, list[list]]) -> dict[int, list[_Tally]]:
    return {
        int(question_id): [_Tally((group, department), *rest) for group, department, *rest in rows]
        for question_id, rows in encoded.items()
    }


def _masks_decoded(encoded: list[list]) -> list[tuple[int, str, int, int]]:
    return [tuple(row) for row in encoded]


def _dimension_of(question: Question, row=None) -> int | None:
    if row is not None and row.topic_id:
        return row.topic.dimension_id
    if question.dimension_id:
        return question.dimension_id
    return question.topic.dimension_id if question.topic_id else None


def _scale_targets(questions: Iterable[Question]) -> dict[str, tuple[list[int], list[int]]]:
    """Per index ("readiness", "d<dimension id>"): (question ids, matrix row ids) it averages."""
    targets: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for question in questions:
        if question.kind in (Question.Kind.LIKERT, Question.Kind.RATING):
            if question.counts_for_readiness:
                targets["readiness"][0].append(question.pk)
            dimension = _dimension_of(question)
            if dimension:
                targets[f"d{dimension}"][0].append(question.pk)
        elif question.kind == Question.Kind.MATRIX:
            for row in question.matrix_rows.all():
                if question.counts_for_readiness:
                    targets["readiness"][1].append(row.pk)
                dimension = _dimension_of(question, row)
                if dimension:
                    targets[f"d{dimension}"][1].append(row.pk)
    return targets


@dataclass
class _Distinct:
    """Per partition: respondents of each question and index, and each index's sum and count."""

    respondents: dict[str, dict[Partition, int]] = field(default_factory=lambda: defaultdict(dict))
    sums: dict[str, dict[Partition, float]] = field(default_factory=lambda: defaultdict(dict))
    answers: dict[str, dict[Partition, int]] = field(default_factory=lambda: defaultdict(dict))


def _distinct_counts(
    survey: Survey,
    questions: list[Question],
    tallies: dict[int, list[_Tally]],
    versions: dict[int, tuple],
) -> _Distinct:
    """Respondents where one response leaves several answers, and the sums of the indices.

    The sums and answer counts of the indices are added up from the tallies. Respondents need
    one pass over the answers: each response gets a bit mask of what it answered (a bit per
    multiple-choice or matrix question and per index), and the responses are then counted per
    partition and mask. The masks are few, so the figures come from a few rows whatever the
    number of responses, and the rows are kept up to date like the tallies (`_running`).
    """
    found = _Distinct()
    units: list[str] = []  # the key of each bit
    masks: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])  # any, valued
    for key, (question_ids, row_ids) in _scale_targets(questions).items():
        _index_sums(found, key, question_ids, row_ids, questions, tallies)
        bit = 1 << len(units)
        units.append(key)
        for question_id in question_ids:
            masks[(question_id, 0)][1] |= bit
        for question in questions:
            if question.kind == Question.Kind.MATRIX:
                for row in question.matrix_rows.all():
                    if row.pk in row_ids:
                        masks[(question.pk, row.pk)][1] |= bit
    for question in questions:
        if question.kind in (Question.Kind.MULTIPLE, Question.Kind.MATRIX):
            bit = 1 << len(units)
            units.append(f"q{question.pk}")
            masks[(question.pk, 0)][0] |= bit
            for row in question.matrix_rows.all():
                masks[(question.pk, row.pk)][0] |= bit
    partitions = list(
        Response.objects.filter(survey=survey)
        .values_list("group_id", "department")
        .order_by()
        .distinct()
    )
    for key in units:
        for partition in partitions:
            found.respondents[key][partition] = 0
    if not units or not partitions:
        return found
    rows = _running(
        versions[survey.pk],
        KeptCount.Kind.MASKS,
        lambda after, through: _respondent_masks(masks, len(units), after, through),
        _masks_merged,
        basis=_fingerprint(questions),
    )
    for group, department, mask, n in rows:
        for bit, key in enumerate(units):
            if mask >> bit & 1:
                found.respondents[key][(group, department)] += n
    return found


def _masks_merged(
    earlier: list[tuple[int, str, int, int]], added: list[tuple[int, str, int, int]]
) -> list[tuple[int, str, int, int]]:
    counts: Counter = Counter()
    for group, department, mask, n in earlier + added:
        counts[(group, department, mask)] += n
    return [(*shared, n) for shared, n in counts.items()]


# How each kind of count is kept as JSON, and read back.
_CODECS = {
    KeptCount.Kind.TALLIES: (_tallies_encoded, _tallies_decoded),
    KeptCount.Kind.MASKS: (list, _masks_decoded),
}

# Bits per bigint column of the masks (below the sign bit).
MASK_BITS = 62


def _respondent_masks(
    masks: dict[tuple[int, int], list[int]], bits: int, after: int, through: int | None
) -> list[tuple[int, str, int, int]]:
    """(group, department, mask, responses) for every mask some responses with
    after < id <= through share."""
    chunks = range((bits + MASK_BITS - 1) // MASK_BITS)
    low = (1 << MASK_BITS) - 1

    def part(mask: int, chunk: int) -> int:
        return mask >> (chunk * MASK_BITS) & low

    rows, parameters = [], []
    for (question_id, row_id), (any_mask, valued_mask) in masks.items():
        rows.append("(%s, %s" + ", %s::bigint, %s::bigint" * len(chunks) + ")")
        parameters += [question_id, row_id]
        for chunk in chunks:
            parameters += [part(any_mask, chunk), part(valued_mask, chunk)]
    columns = ", ".join(f"any{c}, valued{c}" for c in chunks)
    per_answer = ", ".join(
        f"bit_or(u.any{c} | CASE WHEN a.value IS NOT NULL THEN u.valued{c} ELSE 0 END) AS m{c}"
        for c in chunks
    )
    mask_columns = ", ".join(f"p.m{c}" for c in chunks)
    answer, response = Answer._meta.db_table, Response._meta.db_table
    # Only integers and table names are formatted in; every value is a parameter.
    sql = f"""
        WITH unit (question_id, matrix_row_id, {columns}) AS (VALUES {", ".join(rows)}),
        per_response AS (
            SELECT a.response_id, {per_answer}
            FROM {answer} a
            JOIN unit u ON u.question_id = a.question_id
                AND u.matrix_row_id = COALESCE(a.matrix_row_id, 0)
            WHERE a.question_id = ANY(%s::bigint[])
                AND a.response_id > %s AND (%s::bigint IS NULL OR a.response_id <= %s)
                AND (a.value IS NOT NULL OR a.option_id IS NOT NULL OR a.dont_know
                     OR a.text <> '')
            GROUP BY a.response_id
        )
        SELECT r.group_id, r.department, {mask_columns}, COUNT(*)
        FROM per_response p JOIN {response} r ON r.id = p.response_id
        GROUP BY r.group_id, r.department, {mask_columns}
    """  # noqa: S608
    parameters.append(sorted({question_id for question_id, _row in masks}))
    parameters += [after, through, through]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        found = cursor.fetchall()
    return [
        (
            group,
            department,
            sum((m or 0) << (chunk * MASK_BITS) for chunk, m in enumerate(row[:-1])),
            row[-1],
        )
        for group, department, *row in found
    ]


def _index_sums(
    target: _Distinct,
    key: str,
    question_ids: list[int],
    row_ids: list[int],
    questions: list[Question],
    tallies: dict[int, list[_Tally]],
) -> None:
    """An index's points and number of scale answers per partition, from the tallies."""
    rows = set(row_ids)
    kinds = {question.pk: question.kind for question in questions}
    matrix = [q.pk for q in questions if q.kind == Question.Kind.MATRIX]
    sums: dict[Partition, float] = defaultdict(float)
    answers: dict[Partition, int] = defaultdict(int)
    for question_id in [*question_ids, *(pk for pk in matrix if rows)]:
        for tally in tallies.get(question_id, []):
            if tally.value is None or (
                question_id not in question_ids and tally.matrix_row not in rows
            ):
                continue
            sums[tally.partition] += score(tally.value, kinds[question_id]) * tally.n
            answers[tally.partition] += tally.n
    target.sums[key] = dict(sums)
    target.answers[key] = dict(answers)


def _fill_text_samples(
    texts: list[TextAnswers], scope: Scope, sample: int, search: str, version: tuple
) -> None:
    """The first few texts (alphabetically: their order must not hint at who wrote them), each
    once, with the number of answers that say exactly it."""
    shown = {answers.question.pk: answers for answers in texts if answers.figure.shown}
    if not search:
        for answers in shown.values():
            answers.matches = answers.figure.respondents
    if not shown:
        return
    answers = Answer.objects.filter(scope_filter(scope)).exclude(text="")
    if search:
        answers = answers.filter(text__icontains=search)
        matching = (
            answers.filter(question_id__in=list(shown))
            .values("question_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in matching:
            shown[row["question_id"]].matches = row["n"]
    if sample <= 0:
        return
    # One query: each question's first few, each found through the question's own index.
    firsts = [
        distinct_texts(answers.filter(question_id=pk)).values_list("question_id", "text", "n")[
            :sample
        ]
        for pk in shown
    ]
    found = (
        _cached(
            f"texts:{version}:{scope}:{sample}:{sorted(shown)}",
            lambda: list(firsts[0].union(*firsts[1:], all=True)),
        )
        if not search
        else firsts[0].union(*firsts[1:], all=True)
    )
    for question_id, text, count in found:
        shown[question_id].sample.append(TextSample(text, count))
    for answers_of in shown.values():
        answers_of.sample.sort(key=lambda entry: entry.text)


def _fill_text_topics(texts: list[TextAnswers], scope: Scope) -> None:
    """How many of each shown question's answers (in the scope) carry each topic they were
    coded with, most first; a share is of the question's answers with a text."""
    shown = {answers.question.pk: answers for answers in texts if answers.figure.shown}
    codes = list(TextCode.objects.filter(question_id__in=list(shown)).select_related("topic"))
    if not codes:
        return
    counted = (
        Answer.objects.filter(scope_filter(scope), question_id__in={c.question_id for c in codes})
        .annotate(digest=MD5("text"))
        .filter(digest__in={code.text_digest for code in codes})
        .values_list("question_id", "digest")
        .annotate(n=Count("id"))
        .order_by()
    )
    answers = {(question_id, digest): n for question_id, digest, n in counted}
    by_topic: dict[int, dict] = defaultdict(dict)
    for code in codes:
        n = answers.get((code.question_id, code.text_digest), 0)
        topic = by_topic[code.question_id].setdefault(code.topic_id, [code.topic, 0])
        topic[1] += n
    for question_id, topics in by_topic.items():
        answers_of = shown[question_id]
        total = answers_of.figure.respondents or 1
        answers_of.topics = sorted(
            (Bar(topic.name, n, n / total) for topic, n in topics.values() if n),
            key=lambda bar: (-bar.count, bar.label),
        )


def distinct_texts(answers: QuerySet[Answer]) -> QuerySet:
    """Each text of `answers` once, alphabetically, with `n`: how many answers say it."""
    return (
        answers.values("question_id", "text")
        .annotate(n=Count("id"))
        .order_by(Left("text", TEXT_PREFIX), "text")
    )


def scope_filter(scope: Scope, prefix: str = "response__") -> Q:
    condition = Q()
    if scope.group is not None:
        condition &= Q(**{f"{prefix}group_id": scope.group})
    if scope.department is not None:
        condition &= Q(**{f"{prefix}department": scope.department})
    return condition


# --- Turning tallies into figures (loops over tallies, never over responses) -----------------


@dataclass(frozen=True)
class _Context:
    rules: Rules
    scope: Scope
    groups: list[TargetGroup]

    def figure(self, counts: Counts, scope: Scope | None = None, **values) -> Figure:
        scope = scope or self.scope
        verdict = self.rules.check(counts, scope)
        return self._figure(counts, scope, verdict, values)

    def by_group(
        self, counts: Counts, values_of: Callable[[Scope], dict] | None = None
    ) -> list[GroupFigure]:
        verdicts = self.rules.breakdown(counts, self.scope, [g.pk for g in self.groups])
        return [
            GroupFigure(
                group,
                self._figure(
                    counts,
                    self.scope.with_group(group.pk),
                    verdicts[group.pk],
                    values_of(self.scope.with_group(group.pk)) if values_of else {},
                ),
            )
            for group in self.groups
        ]

    @staticmethod
    def _figure(counts: Counts, scope: Scope, verdict: Suppressed | None, values: dict) -> Figure:
        if verdict:
            return Figure(scope.count(counts), verdict)
        return Figure(scope.count(counts), None, **values)


def _by_partition(tallies: Iterable[_Tally], attribute: str = "n") -> dict[Partition, int]:
    counts: dict[Partition, int] = defaultdict(int)
    for tally in tallies:
        counts[tally.partition] += getattr(tally, attribute)
    return counts


def _scale_values(tallies: list[_Tally], scope: Scope, agreement: bool) -> dict:
    """Mean (and for agreement scales the share of 4 and 5) of scale tallies within `scope`."""
    valued = [t for t in tallies if t.value is not None and scope.contains(t.partition)]
    answers = sum(t.n for t in valued)
    if not answers:
        return {}
    values = {"value": sum(t.value * t.n for t in valued) / answers}
    if agreement:
        values["share"] = sum(t.n for t in valued if t.value in AGREEMENT_VALUES) / answers
    return values


def _scale_line(
    label: str, question: Question, tallies: list[_Tally], context: _Context
) -> RowResults:
    # Mean, share and bars come from the answers on the scale, so these decide what is shown:
    # "don't know" answers must not lift a line over the threshold when one or two real
    # answers stand behind its mean. The answers counted include them.
    counts = _by_partition(t for t in tallies if t.value is not None)
    answered = _by_partition(tallies)
    in_scope = [t for t in tallies if context.scope.contains(t.partition)]
    base = sum(t.n for t in in_scope)
    is_rating = question.kind == Question.Kind.RATING
    labels = {} if is_rating else LIKERT_LABELS
    bars = [
        Bar(
            str(labels.get(value, value)),
            count := sum(t.n for t in in_scope if t.value == value),
            count / base if base else 0.0,
        )
        for value in (range(0, 11) if is_rating else range(1, 6))
    ]

    def values_of(scope: Scope) -> dict:
        return _scale_values(tallies, scope, agreement=not is_rating)

    figure = context.figure(counts, **values_of(context.scope))
    return RowResults(
        label=label,
        figure=replace(figure, respondents=context.scope.count(answered)),
        bars=bars if figure.shown else [],
        dont_know=sum(t.n for t in in_scope if t.dont_know) if figure.shown else 0,
        by_group=[
            replace(
                column,
                figure=replace(
                    column.figure,
                    respondents=context.scope.with_group(column.group.pk).count(answered),
                ),
            )
            for column in context.by_group(counts, values_of)
        ],
    )


def _choice_bars(question: Question, tallies: list[_Tally], base: int, scope: Scope) -> list[Bar]:
    in_scope = [t for t in tallies if scope.contains(t.partition)]
    bars = []
    for option in question.options.all():
        count = sum(t.n for t in in_scope if t.option == option.pk)
        bars.append(Bar(option.label, count, count / base if base else 0.0))
    if question.allow_other:
        count = sum(t.texts for t in in_scope if t.option is None)
        bars.append(Bar(str(_("Other")), count, count / base if base else 0.0))
    return bars


def _texts(
    question: Question, tallies: list[_Tally], context: _Context, other: bool
) -> TextAnswers:
    counts = _by_partition(tallies, "texts")
    verdict = context.rules.check(counts, context.scope, free_text=True)
    return TextAnswers(question, Figure(context.scope.count(counts), verdict), is_other=other)


def _question_results(
    question: Question, tallies: list[_Tally], distinct: _Distinct, context: _Context
) -> QuestionResults:
    kind = question.kind
    if kind in (Question.Kind.MULTIPLE, Question.Kind.MATRIX):
        counts = distinct.respondents.get(f"q{question.pk}", {})
    elif kind == Question.Kind.TEXT:
        counts = _by_partition(tallies, "texts")
    else:
        counts = _by_partition(tallies)
    if kind == Question.Kind.TEXT:
        texts = _texts(question, tallies, context, other=False)
        return QuestionResults(question, texts.figure, texts=texts)
    figure = context.figure(counts)
    results = QuestionResults(question, figure)
    base = context.scope.count(counts)
    if kind in Question.CHOICE_KINDS:
        if figure.shown:
            results.bars = _choice_bars(question, tallies, base, context.scope)
        if question.allow_other:
            results.texts = _texts(question, tallies, context, other=True)
    elif kind == Question.Kind.MATRIX:
        by_row: dict[int, list[_Tally]] = defaultdict(list)
        for tally in tallies:
            by_row[tally.matrix_row].append(tally)
        results.rows = [
            _scale_line(row.label, question, by_row.get(row.pk, []), context)
            for row in question.matrix_rows.all()
        ]
    else:
        results.rows = [_scale_line(question.text, question, tallies, context)]
    return results


def _sections(
    questions: list[Question],
    tallies: dict[int, list[_Tally]],
    distinct: _Distinct,
    context: _Context,
) -> list[SectionResults]:
    sections: list[SectionResults] = []
    current = None
    for question in questions:
        if question.section_id != current:
            current = question.section_id
            sections.append(SectionResults(question.section.title, []))
        sections[-1].questions.append(
            _question_results(question, tallies.get(question.pk, []), distinct, context)
        )
    return sections


def _index_figure(distinct: _Distinct, key: str, context: _Context, scope: Scope) -> Figure:
    counts = distinct.respondents.get(key, {})
    return context.figure(counts, scope, **_index_value(distinct, key, scope))


def _index_value(distinct: _Distinct, key: str, scope: Scope) -> dict:
    answers = scope.count(distinct.answers.get(key, {}))
    if not answers:
        return {}
    total = sum(s for p, s in distinct.sums.get(key, {}).items() if scope.contains(p))
    return {"value": total / answers}


def _index_row(label: str, dimension, distinct: _Distinct, key: str, context: _Context) -> IndexRow:
    counts = distinct.respondents.get(key, {})
    return IndexRow(
        label=label,
        dimension=dimension,
        total=_index_figure(distinct, key, context, context.scope),
        by_group=context.by_group(counts, lambda scope: _index_value(distinct, key, scope)),
    )


def _indices(
    questions: list[Question], distinct: _Distinct, context: _Context
) -> tuple[IndexRow | None, list[IndexRow]]:
    keys = _scale_targets(questions)
    readiness = None
    if "readiness" in keys:
        readiness = _index_row(
            str(_("Change readiness (overall)")), None, distinct, "readiness", context
        )
    dimensions = [
        _index_row(dimension.name, dimension, distinct, f"d{dimension.pk}", context)
        for dimension in Dimension.objects.all()
        if f"d{dimension.pk}" in keys
    ]
    return readiness, dimensions


def _comparison(
    earlier: Survey,
    later: Survey,
    earlier_questions: list[Question],
    later_questions: list[Question],
    distinct: dict[int, _Distinct],
    context: _Context,
) -> WaveComparison:
    """Index by index and group, the earlier wave against the later, each under its own rules."""
    before_keys, after_keys = _scale_targets(earlier_questions), _scale_targets(later_questions)
    labels = [("readiness", str(_("Change readiness (overall)")))] + [
        (f"d{dimension.pk}", dimension.name) for dimension in Dimension.objects.all()
    ]
    rows = []
    scopes = [(None, context.scope)] + [
        (group, context.scope.with_group(group.pk)) for group in context.groups
    ]
    for key, label in labels:
        if key not in before_keys and key not in after_keys:
            continue
        before = _index_columns(distinct[earlier.pk], key, context)
        after = _index_columns(distinct[later.pk], key, context)
        rows.append(
            DeltaRow(
                label,
                [
                    DeltaCell(group, before[index], after[index])
                    for index, (group, _scope) in enumerate(scopes)
                ],
            )
        )
    return WaveComparison(earlier=earlier, later=later, rows=rows)


def _index_columns(distinct: _Distinct, key: str, context: _Context) -> list[Figure]:
    counts = distinct.respondents.get(key, {})
    total = _index_figure(distinct, key, context, context.scope)
    columns = context.by_group(counts, lambda scope: _index_value(distinct, key, scope))
    return [total] + [column.figure for column in columns]
