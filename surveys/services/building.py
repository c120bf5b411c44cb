"""The builder's writes: surveys, sections, questions with options and matrix rows, ordering.

Once a survey has responses its structure is frozen: removing sections, questions, options or
rows, reordering options or rows, switching off "other", changing a question's kind or the
groups it is shown to would leave stored answers meaningless. Wording fixes, new questions and
options added at the end stay allowed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    Instrument,
    MatrixRow,
    Option,
    Question,
    Section,
    Survey,
    SurveySettings,
    TargetGroup,
)
from .lifecycle import missing_translations

# Lazy: these are read per request, in the consultant's language.
STRUCTURE_FROZEN = gettext_lazy(
    "This survey already has responses, so its structure can no longer change: you may fix "
    "wording and add questions, but not remove questions, options or rows, change a question's "
    "kind, the groups it is shown to or the answer it follows. Copy it as a new wave to "
    "restructure it."
)
ORDER_FROZEN = gettext_lazy(
    "This survey already has responses, so options and matrix statements can no longer be "
    "reordered or removed: “%(label)s” was line %(was)s and is now line %(line)s. Fix wording "
    "in place only, or copy the survey as a new wave to restructure it."
)
OTHER_FROZEN = gettext_lazy(
    "This survey already has responses, so “other” can no longer be switched off: the answers "
    "given as “other” would be lost. Copy the survey as a new wave to restructure it."
)


def _refuse_if_answered(survey: Survey) -> None:
    if survey.responses.exists():
        raise ValidationError(str(STRUCTURE_FROZEN))


def _refuse_one_language(survey: Survey, field: str, *items: object) -> None:
    """Respondents of a running survey already choose its language: a text added or changed
    now needs every language the survey offers (opening checks all texts the same way)."""
    if survey.state == Survey.State.DRAFT or len(survey.languages) < 2:
        return
    for item in items:
        if not all(getattr(item, f"{field}_{language}") for language in survey.languages):
            raise ValidationError(
                _(
                    "This survey is already running in German and English: give every text in "
                    "both languages (%(text)s)."
                )
                % {"text": getattr(item, f"{field}_de") or getattr(item, f"{field}_en")}
            )


def _refuse_template(survey: Survey) -> None:
    if survey.is_template:
        raise ValidationError(
            _("Templates are not edited here: copy the template and adapt the copy.")
        )


@transaction.atomic
def survey_create(*, survey: Survey) -> Survey:
    """A new, empty survey: the first wave of a new instrument named after it."""
    survey.instrument = Instrument.objects.create(
        name=survey.title_de or survey.title_en or _("Survey")
    )
    survey.wave = 1
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_settings_save(*, settings: SurveySettings) -> SurveySettings:
    settings.full_clean()
    settings.save()
    return settings


@transaction.atomic
def target_group_create(*, group: TargetGroup) -> TargetGroup:
    group.key = slugify(group.key or group.name_en or group.name_de)[:40]
    if not group.key:
        raise ValidationError({"key": _("Give the group a key of letters and digits.")})
    group.position = (TargetGroup.objects.aggregate(m=Max("position"))["m"] or 0) + 1
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def survey_save(*, survey: Survey) -> Survey:
    _refuse_template(survey)
    if survey.state == Survey.State.CLOSED and not survey._state.adding:
        raise ValidationError(_("A closed survey can no longer be changed."))
    if survey.state == Survey.State.OPEN and (missing := missing_translations(survey)):
        raise ValidationError(
            _("Some texts lack a language version: %(list)s.") % {"list": ", ".join(missing[:5])}
        )
    before = None if survey._state.adding else Survey.objects.get(pk=survey.pk).closes_at
    if survey.closes_at and survey.closes_at != before and survey.closes_at <= timezone.now():
        # A typo in the year would otherwise close a running survey for good at the next
        # housekeeping, without the warning the Close button gives.
        raise ValidationError(
            {"closes_at": _("This closing date has passed; choose a later one or none.")}
        )
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def section_save(*, section: Section) -> Section:
    _refuse_template(section.survey)
    if section._state.adding:
        last = Section.objects.filter(survey=section.survey).aggregate(m=Max("position"))["m"]
        section.position = 0 if last is None else last + 1
    _refuse_one_language(section.survey, "title", section)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    _refuse_template(section.survey)
    _refuse_if_answered(section.survey)
    followed_here = Q(shown_if_options__question__section=section) | Q(
        shown_if_scale__section=section
    )
    elsewhere = Question.objects.filter(followed_here).exclude(section=section).first()
    if elsewhere is not None:
        raise ValidationError(
            _(
                "“%(follow_up)s” on another page follows an answer on this one: change that "
                "follow-up first."
            )
            % {"follow_up": elsewhere.text}
        )
    section.delete()


GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def _unique_key(survey: Survey, text: str, exclude: int | None) -> str:
    base = slugify(text.translate(GERMAN_LETTERS))[:50] or "question"
    key, suffix = base, 2
    taken = Question.objects.filter(survey=survey).exclude(pk=exclude)
    while taken.filter(key=key).exists():
        key, suffix = f"{base}-{suffix}", suffix + 1
    return key


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """The non-empty lines with their line number as the consultant sees it in the text box."""
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


@transaction.atomic
def question_save(
    *,
    question: Question,
    groups: list[TargetGroup],
    options_de: str = "",
    options_en: str = "",
    rows_de: str = "",
    rows_en: str = "",
    follows: list[Option] | None = None,
) -> Question:
    """Save a question with its options or matrix rows given as one label per line.

    Lines map to the existing options and rows by position, so a changed line is a wording fix.
    `follows`: the answers a follow-up is asked after (None: those it has). Everything is
    checked before anything is written, so a refused edit leaves no trace.
    """
    follows = question.followed_options if follows is None else list(follows)
    survey = question.section.survey
    _refuse_template(survey)
    question.survey = survey
    adding = question._state.adding
    answered = survey.responses.exists()
    if question.kind != Question.Kind.MULTIPLE:
        question.allow_other = False
        question.max_choices = None
    moved = False
    if not adding:
        before = Question.objects.get(pk=question.pk)
        if question.section.survey_id != before.survey_id:
            raise ValidationError({"section": _("A question stays in its own survey.")})
        moved = question.section_id != before.section_id
        if answered and before.kind != question.kind:
            raise ValidationError(str(STRUCTURE_FROZEN))
        if answered and set(before.groups.all()) != set(groups):
            raise ValidationError(str(STRUCTURE_FROZEN))
        if answered and before.key != question.key:
            raise ValidationError(str(STRUCTURE_FROZEN))
        if answered and before.allow_other and not question.allow_other:
            raise ValidationError(str(OTHER_FROZEN))
        if answered and _condition(before, before.followed_options) != _condition(
            question, follows
        ):
            raise ValidationError(str(STRUCTURE_FROZEN))
    if not question.key:
        question.key = _unique_key(survey, question.text_en or question.text_de, question.pk)
    if adding or moved:
        # To the end of its (new) section.
        last = Question.objects.filter(section=question.section).aggregate(m=Max("position"))["m"]
        question.position = 0 if last is None else last + 1
    # The dimension follows the topic; without a topic the question may still be tagged with a
    # dimension of its own (the template does so for questions about a whole dimension).
    if question.topic_id:
        question.dimension_id = question.topic.dimension_id
    if not question.is_scale:
        question.counts_for_readiness = False
    _refuse_bad_follow_up(question, groups, follows)
    question.full_clean()
    if Question.objects.filter(survey=survey, key=question.key).exclude(pk=question.pk).exists():
        raise ValidationError({"key": _("Another question of this survey has this key.")})
    rows: list[Option] | list[MatrixRow] | None = None
    if question.kind in Question.CHOICE_KINDS:
        rows = _labels_checked(question, Option, options_de, options_en, answered, minimum=2)
    elif question.kind == Question.Kind.MATRIX:
        rows = _labels_checked(question, MatrixRow, rows_de, rows_en, answered, minimum=1)
    _refuse_one_language(survey, "text", question)
    _refuse_one_language(survey, "label", *(rows or []))
    if not adding:
        kept = [row.pk for row in rows or [] if isinstance(row, Option) and row.pk]
        _refuse_orphaned_follow_ups(question, question.options.exclude(pk__in=kept), groups)
    question.save()
    question.groups.set(groups)
    question.shown_if_options.set(follows)
    if rows is not None:
        _labels_write(question, rows)
    elif not answered:
        question.options.all().delete()
        question.matrix_rows.all().delete()
    return question


def _condition(question: Question, follows: list[Option]) -> tuple:
    """Whom a follow-up is asked of, to compare before and after an edit."""
    return (
        {option.pk for option in follows},
        question.shown_if_scale_id,
        question.shown_if_from,
        question.shown_if_to,
    )


def _refuse_bad_follow_up(
    question: Question, groups: list[TargetGroup], follows: list[Option]
) -> None:
    """A follow-up follows answers (`follows`) of one choice question, or a range of an
    agreement or rating question, before it (above it on its page, or on an earlier page), and
    is shown to no group that question is not asked of (it would never be asked there)."""
    if question.shown_if_scale_id is None:
        question.shown_if_from = question.shown_if_to = None  # no scale, no range
    elif follows:
        raise ValidationError(
            {
                "shown_if_scale": _(
                    "A follow-up follows one thing: an answer or a range of a scale, not both."
                )
            }
        )
    if len({option.question_id for option in follows}) > 1:
        raise ValidationError(
            {
                "shown_if_options": _(
                    "A follow-up follows one question: tick answers to one question only."
                )
            }
        )
    source = follows[0].question if follows else question.shown_if_scale
    if source is None:
        return
    of_scale = not follows
    field = "shown_if_scale" if of_scale else "shown_if_options"
    kinds = Question.FOLLOWED_SCALE_KINDS if of_scale else Question.CHOICE_KINDS
    above = source.kind in kinds and source.order_key < question.order_key
    if not above and of_scale:
        raise ValidationError(
            {
                field: _(
                    "A follow-up of a scale follows an agreement or rating question before it: "
                    "above it on its page, or on an earlier page."
                )
            }
        )
    if not above:
        raise ValidationError(
            {
                field: _(
                    "A follow-up follows an answer to a choice question before it: above it on "
                    "its page, or on an earlier page."
                )
            }
        )
    if of_scale:
        _refuse_bad_range(question, source)
    asked_of = set(source.groups.all())
    if asked_of and not (groups and set(groups) <= asked_of):
        raise ValidationError(
            {
                field: _(
                    "“%(question)s” is asked only of %(groups)s: show the follow-up to those "
                    "groups only (tick them under “Shown to”)."
                )
                % {
                    "question": source.text,
                    "groups": ", ".join(str(group) for group in sorted(asked_of, key=_order)),
                }
            }
        )


def _refuse_bad_range(question: Question, source: Question) -> None:
    values = Question.SCALE_VALUES[source.kind]
    low, high = question.shown_if_from, question.shown_if_to
    if low is None or high is None or low not in values or high not in values or low > high:
        raise ValidationError(
            {
                "shown_if_from": _(
                    "“%(question)s” is answered from %(low)s to %(high)s: give a range within "
                    "that, the lower end first."
                )
                % {"question": source.text, "low": values[0], "high": values[-1]}
            }
        )


def _order(group: TargetGroup) -> tuple[int, int]:
    return (group.position, group.pk)


def _refuse_orphaned_follow_ups(
    question: Question, going, groups: list[TargetGroup], deleting: bool = False
) -> None:
    """Keep the question's follow-ups askable: no option about to go (`going`) may still be
    followed, nor a scale that goes (`deleting`) or becomes another kind, and new `groups`
    must still include every group a follow-up is shown to."""
    follow_ups = (
        Question.objects.filter(Q(shown_if_options__question=question) | Q(shown_if_scale=question))
        .distinct()
        .select_related("section", "shown_if_scale")
        .prefetch_related("groups", "shown_if_options")
    )
    values = Question.SCALE_VALUES.get(question.kind, ())
    going = {option.pk for option in going}
    for follow_up in follow_ups:
        range_lost = follow_up.shown_if_scale_id is not None and (
            deleting or follow_up.shown_if_from not in values or follow_up.shown_if_to not in values
        )
        answer_lost = any(option.pk in going for option in follow_up.followed_options)
        if answer_lost or range_lost:
            raise ValidationError(
                _(
                    "“%(follow_up)s” is asked only of those who answer %(answer)s here: "
                    "change that follow-up first."
                )
                % {"follow_up": follow_up.text, "answer": follow_up.condition_text}
            )
        if question.order_key > follow_up.order_key:
            raise ValidationError(
                _(
                    "“%(follow_up)s” follows an answer to this question, so it must come after "
                    "it: move that follow-up along first, or change it."
                )
                % {"follow_up": follow_up.text}
            )
        theirs = set(follow_up.groups.all())
        if groups and not (theirs and theirs <= set(groups)):
            raise ValidationError(
                _(
                    "“%(follow_up)s” follows an answer to this question and is shown to groups "
                    "this question would no longer be asked of: change that follow-up first."
                )
                % {"follow_up": follow_up.text}
            )


def _labels_checked(
    question: Question,
    model: type[Option] | type[MatrixRow],
    lines_de: str,
    lines_en: str,
    answered: bool,
    minimum: int,
) -> list[Option] | list[MatrixRow]:
    """The options or rows the lines describe, validated but not yet saved."""
    german, english = _numbered_lines(lines_de), _numbered_lines(lines_en)
    count = max(len(german), len(english))
    existing = [] if question._state.adding else list(model.objects.filter(question=question))
    if answered and count < len(existing):
        raise ValidationError(str(STRUCTURE_FROZEN))
    if count < minimum:
        if model is Option:
            raise ValidationError(_("A choice question needs at least two options."))
        raise ValidationError(_("A matrix question needs at least one row."))
    if german and english and len(german) != len(english):
        raise ValidationError(
            _("Give as many English lines as German ones (%(de)s German, %(en)s English).")
            % {"de": len(german), "en": len(english)}
        )
    if answered:
        for language, lines in (("de", german), ("en", english)):
            _refuse_moved_labels(existing, language, lines)
    rows = []
    for index in range(count):
        label_de = german[index][1] if index < len(german) else ""
        label_en = english[index][1] if index < len(english) else ""
        if index < len(existing):
            row = existing[index]
            row.label_de, row.label_en, row.position = label_de, label_en, index
        else:
            row = model(question=question, label_de=label_de, label_en=label_en, position=index)
            if model is MatrixRow:
                row.key = _row_key(question, existing, index)
        try:
            row.full_clean(exclude=["question"])
        except ValidationError as error:
            # The form shows no field per option, so name the line the problem is on.
            raise ValidationError(
                [
                    _("%(field)s, line %(line)s: %(problem)s")
                    % {
                        "field": capfirst(model._meta.get_field(field).verbose_name),
                        "line": (german if field == "label_de" else english)[index][0],
                        "problem": problem,
                    }
                    if field in ("label_de", "label_en")
                    else problem
                    for field, problems in error.message_dict.items()
                    for problem in problems
                ]
            ) from error
        rows.append(row)
    return rows


def _comparable(label: str) -> str:
    return " ".join(label.split()).casefold()


def _refuse_moved_labels(
    existing: list[Option | MatrixRow], language: str, lines: list[tuple[int, str]]
) -> None:
    """Refuse a reorder: stored answers point at an option by its position, not its wording.

    A typo fix changes a line in place. A label that left its own line for another one
    (two lines swapped, a line inserted above others) would hand that line's answers to
    another option, so it is refused; a label that merely repeats one still in place is not.
    """
    before = [_comparable(getattr(row, f"label_{language}")) for row in existing]
    after = [_comparable(label) for _number, label in lines]
    for index, label in enumerate(after):
        if not label or (index < len(before) and before[index] == label):
            continue
        for was, old in enumerate(before):
            left_its_line = was >= len(after) or after[was] != old
            if was != index and old == label and left_its_line:
                raise ValidationError(
                    str(ORDER_FROZEN)
                    % {"label": lines[index][1], "was": was + 1, "line": lines[index][0]}
                )


def _labels_write(question: Question, rows: list[Option] | list[MatrixRow]) -> None:
    """Save the checked rows (never none: a choice has two options, a matrix one row)."""
    for row in rows:
        row.question = question
        row.save()
    model = type(rows[0])
    model.objects.filter(question=question).exclude(pk__in=[row.pk for row in rows]).delete()


def _row_key(question: Question, existing: list, index: int) -> str:
    taken = {row.key for row in existing}
    key, n = f"row-{index + 1}", index + 1
    while key in taken:
        n += 1
        key = f"row-{n}"
    return key


@transaction.atomic
def question_duplicate(*, question: Question) -> Question:
    """A copy of the question at the end of its section, with its options, statements and
    groups and a key of its own: the start of a similar question. Allowed wherever adding a
    question is."""
    survey = question.survey
    _refuse_template(survey)
    if survey.state == Survey.State.CLOSED:
        raise ValidationError(_("A closed survey can no longer be changed."))
    groups = list(question.groups.all())
    options = list(question.options.all())
    rows = list(question.matrix_rows.all())
    copy = Question.objects.get(pk=question.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.key = _unique_key(survey, question.key, None)
    last = Question.objects.filter(section=question.section).aggregate(m=Max("position"))["m"]
    copy.position = last + 1
    copy.save()
    copy.groups.set(groups)
    copy.shown_if_options.set(question.shown_if_options.all())
    Option.objects.bulk_create(
        Option(question=copy, label_de=o.label_de, label_en=o.label_en, position=o.position)
        for o in options
    )
    MatrixRow.objects.bulk_create(
        MatrixRow(
            question=copy,
            key=r.key,
            label_de=r.label_de,
            label_en=r.label_en,
            position=r.position,
            topic_id=r.topic_id,
        )
        for r in rows
    )
    return copy


@transaction.atomic
def question_delete(*, question: Question) -> None:
    _refuse_template(question.survey)
    _refuse_if_answered(question.survey)
    _refuse_orphaned_follow_ups(question, question.options.all(), [], deleting=True)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, direction: str) -> None:
    _refuse_template(question.survey)
    _sibling_swap(Question.objects.filter(section=question.section), question, direction)
    if out_of_order := _follow_up_out_of_order(question.survey):
        follow_up, source = out_of_order
        raise ValidationError(
            _("“%(follow_up)s” follows an answer to “%(question)s”, so it stays below it.")
            % {"follow_up": follow_up.text, "question": source.text}
        )


@transaction.atomic
def section_move(*, section: Section, direction: str) -> None:
    _refuse_template(section.survey)
    _sibling_swap(Section.objects.filter(survey=section.survey), section, direction)
    if out_of_order := _follow_up_out_of_order(section.survey):
        follow_up, source = out_of_order
        raise ValidationError(
            _(
                "“%(follow_up)s” follows an answer to “%(question)s” on an earlier page, so "
                "their pages keep their order."
            )
            % {"follow_up": follow_up.text, "question": source.text}
        )


def _follow_up_out_of_order(survey: Survey) -> tuple[Question, Question] | None:
    """A follow-up that comes before the question it follows, with that question; or None."""
    follow_ups = (
        Question.objects.filter(survey=survey)
        .filter(Q(shown_if_options__isnull=False) | Q(shown_if_scale__isnull=False))
        .distinct()
        .select_related("section", "shown_if_scale__section")
        .prefetch_related("shown_if_options__question__section")
    )
    return next(
        (
            (follow_up, source)
            for follow_up in follow_ups
            if (source := follow_up.condition_source).order_key > follow_up.order_key
        ),
        None,
    )


def _sibling_swap(siblings, item, direction: str) -> None:
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."))
    ordered = list(siblings.select_for_update().order_by("position", "pk"))
    for position, sibling in enumerate(ordered):
        sibling.position = position
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index].position, ordered[other].position = other, index
    type(item).objects.bulk_update(ordered, ["position"])
