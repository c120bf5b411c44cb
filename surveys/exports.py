"""Responses as CSV and XLSX: one row per response, one column per question, row or option.

What an export holds, and why (the privacy rules are in surveys.privacy):
- No recipient data, no channel, no language and no date: the day a response came in, set
  against the day a recipient was marked as answered, could tell who wrote it. Rows are in a
  random order within each group, so their order tells nothing either.
- The same filters as the results page, refused in the same cases (rules 1 and 2).
- Groups whose figures the results page would hide in a breakdown by group (rule 3) are left
  out, and the note names them; what is left out then adds up to none or at least k responses.
- Free texts (and "other" texts) of a question are exported only if every exported group, and
  the groups left out together, hold none or at least 2k of them (rule 4); else the column
  stays empty and the note says so.
"""

import io
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import CharField, Count, Value
from django.db.models.functions import MD5, Cast, Concat
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from config.spreadsheets import csv_row, csv_writer, xlsx_row

from .models import Answer, Question, Response, Survey, TargetGroup, TextCode, text_digest
from .privacy import Scope, Suppressed
from .results import ANSWERED, privacy_rules, scope_filter


class ExportRefused(Exception):
    """The export would show what the privacy rules hide; the message says why."""


@dataclass
class Export:
    survey: Survey
    header: list[str]
    rows: Iterator[list]
    notes: list[str] = field(default_factory=list)
    filename: str = "responses"


def responses_export(
    survey: Survey, group: TargetGroup | None = None, department: str | None = None
) -> Export:
    rules = privacy_rules()
    scope = Scope(group.pk if group else None, department or None)
    population = {
        (row["group_id"], row["department"]): row["n"]
        for row in Response.objects.filter(survey=survey)
        .values("group_id", "department")
        .annotate(n=Count("id"))
        .order_by()
    }
    verdict = rules.check(population, scope)
    if verdict:
        raise ExportRefused(_refusal(verdict, rules.min_group_size))

    groups = [g for g in TargetGroup.objects.all() if any(p[0] == g.pk for p in population)]
    columns = rules.breakdown(population, scope, [g.pk for g in groups])
    included = [g for g in groups if not columns[g.pk]]
    left_out = [g for g in groups if columns[g.pk] and scope.with_group(g.pk).count(population)]
    if not included:
        raise ExportRefused(
            _(
                "Too few responses in some groups: every group would have to be left out. "
                "Export one group or department at a time where the results page shows it."
            )
        )
    notes = [
        _(
            "Anonymous responses: no names, e-mail addresses, dates or channels; "
            "rows in random order."
        ),
        _("Figures need at least %(k)s responses, free texts at least %(texts)s.")
        % {"k": rules.min_group_size, "texts": rules.free_text_minimum},
    ]
    if left_out:
        notes.append(
            _("Left out, too few responses to show them apart: %(groups)s.")
            % {"groups": ", ".join(g.name for g in left_out)}
        )

    questions = list(
        Question.objects.filter(survey=survey)
        .select_related("shown_if_scale")
        .prefetch_related("options", "matrix_rows", "shown_if_options__question")
    )
    for question in questions:
        if question.is_follow_up:
            # Otherwise an empty cell would read as "not answered" where it was never asked.
            notes.append(
                _("“%(question)s” was asked only of those who chose %(answer)s (%(source)s).")
                % {
                    "question": question.key,
                    "answer": question.condition_text,
                    "source": question.condition_source.key,
                }
            )
    texts_allowed = _texts_allowed(survey, scope, rules, included, left_out, questions)
    for question in questions:
        if _has_text(question) and not texts_allowed.get(question.pk, False):
            notes.append(
                _("Texts of “%(question)s” are left out: too few to show them by group.")
                % {"question": question.key}
            )
    topics = _coded_topics(survey)
    header, positions = _columns(questions, topics)
    return Export(
        survey=survey,
        header=[pgettext("export column: the row's response", "Response"), _("Group"), *header],
        rows=_rows(survey, scope, included, questions, positions, texts_allowed, topics),
        notes=notes,
        filename=_filename(survey, group, department),
    )


def _refusal(verdict: Suppressed, k: int) -> str:
    if verdict == Suppressed.TOO_FEW:
        return _("This selection has fewer than %(k)s responses: it cannot be exported.") % {"k": k}
    if verdict == Suppressed.COMPLEMENT:
        return _(
            "Another group or department has fewer than %(k)s responses, and this selection is "
            "held back with it, as on the results page: it cannot be exported."
        ) % {"k": k}
    return _(
        "Exporting this selection would leave fewer than %(k)s other responses, whose answers "
        "could then be worked out: it cannot be exported."
    ) % {"k": k}


def _has_text(question: Question) -> bool:
    return question.kind == Question.Kind.TEXT or (
        question.kind in Question.CHOICE_KINDS and question.allow_other
    )


def _texts_allowed(
    survey: Survey,
    scope: Scope,
    rules,
    included: list[TargetGroup],
    left_out: list[TargetGroup],
    questions: list[Question],
) -> dict[int, bool]:
    counts: dict[int, dict] = {}
    rows = (
        Answer.objects.filter(response__survey_id=survey.pk)
        .exclude(text="")
        .values("question_id", "response__group_id", "response__department")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        partition = (row["response__group_id"], row["response__department"])
        counts.setdefault(row["question_id"], {})[partition] = row["n"]
    allowed = {}
    for question in questions:
        if not _has_text(question):
            continue
        texts = counts.get(question.pk, {})
        sizes = [scope.with_group(g.pk).count(texts) for g in included]
        sizes.append(sum(scope.with_group(g.pk).count(texts) for g in left_out))
        allowed[question.pk] = rules.check(
            texts, scope, free_text=True
        ) is None and rules.whole_breakdown_allowed(sizes, free_text=True)
    return allowed


def _coded_topics(survey: Survey) -> dict[int, dict[str, str]]:
    """Per free-text question, per text digest: the topics the text was coded with."""
    topics: dict[int, dict[str, list[str]]] = {}
    for code in TextCode.objects.filter(question__survey=survey).select_related("topic"):
        topics.setdefault(code.question_id, {}).setdefault(code.text_digest, []).append(
            code.topic.name
        )
    return {
        question_id: {digest: ", ".join(names) for digest, names in texts.items()}
        for question_id, texts in topics.items()
    }


def _columns(questions: list[Question], topics: dict) -> tuple[list[str], dict]:
    """Header and positions; a coded free-text question gets a column of its texts' topics."""
    header, positions = [], {}
    for question in questions:
        if question.kind == Question.Kind.MATRIX:
            for row in question.matrix_rows.all():
                positions[(question.pk, row.pk)] = len(header)
                header.append(f"{question.key}/{row.key}: {row.label}")
        elif question.kind == Question.Kind.MULTIPLE:
            for option in question.options.all():
                positions[(question.pk, "option", option.pk)] = len(header)
                header.append(f"{question.key}/{option.position + 1}: {option.label}")
            if question.allow_other:
                positions[(question.pk, "other")] = len(header)
                header.append(f"{question.key}/{_('other')}")
        else:
            positions[(question.pk, None)] = len(header)
            header.append(f"{question.key}: {question.text}")
        if question.pk in topics:
            positions[(question.pk, "topics")] = len(header)
            header.append(f"{question.key}/{_('topics')}")
    return header, positions


def _rows(
    survey: Survey,
    scope: Scope,
    included: list[TargetGroup],
    questions: list[Question],
    positions: dict,
    texts_allowed: dict[int, bool],
    topics: dict[int, dict[str, str]],
) -> Iterator[list]:
    """Rows in a random order within each group, streamed. A text's topics go where the text
    may: a topic tells something of what was written."""
    names = {g.pk: g.name for g in included}
    salt = secrets.token_hex(8)
    shuffle = MD5(Concat(Cast("response_id", CharField()), Value(salt)))
    kinds = {q.pk: q for q in questions}
    options = {
        q.pk: [positions[(q.pk, "option", o.pk)] for o in q.options.all()]
        for q in questions
        if q.kind == Question.Kind.MULTIPLE
    }
    dont_know = _("don't know")
    option_labels = {o.pk: o.label for q in questions for o in q.options.all()}
    answers = (
        Answer.objects.filter(
            ANSWERED,
            scope_filter(scope),
            response__survey_id=survey.pk,
            response__group_id__in=list(names),
        )
        .annotate(shuffle=shuffle)
        .order_by("response__group__position", "response__group_id", "shuffle", "response_id")
        .values_list(
            "response_id",
            "response__group_id",
            "question_id",
            "matrix_row_id",
            "option_id",
            "value",
            "dont_know",
            "text",
        )
    )
    number = 0
    for (_response, group_id), rows in groupby(answers.iterator(2000), key=lambda a: a[:2]):
        number += 1
        cells: list = [""] * len(positions)
        for _r, _g, question_id, row_id, option_id, value, unknown, text in rows:
            question = kinds[question_id]
            if question.kind == Question.Kind.MULTIPLE:
                for position in options[question_id]:
                    cells[position] = cells[position] or 0
                if option_id:
                    cells[positions[(question_id, "option", option_id)]] = 1
                elif text and texts_allowed[question_id] and question.allow_other:
                    cells[positions[(question_id, "other")]] = text
                continue
            position = positions[(question_id, row_id)]
            if unknown:
                cells[position] = dont_know
            elif value is not None:
                cells[position] = value
            elif option_id:
                cells[position] = option_labels[option_id]
            elif text and texts_allowed.get(question_id):
                cells[position] = text
                if question_id in topics:
                    coded = topics[question_id].get(text_digest(text), "")
                    cells[positions[(question_id, "topics")]] = coded
        yield [number, names[group_id], *cells]


def _filename(survey: Survey, group: TargetGroup | None, department: str | None) -> str:
    parts = [slugify(survey.title) or "survey", f"wave-{survey.wave}"]
    if group:
        parts.append(slugify(group.name))
    if department:
        parts.append(slugify(department))
    return "-".join(parts)


# --- Files -------------------------------------------------------------------------------------


def as_csv(export: Export) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}.csv"'
    # The byte-order mark lets spreadsheet programs read the umlauts as UTF-8.
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(csv_row(export.header))
    writer.writerows(csv_row(row) for row in export.rows)
    # What was left out, and why, must reach a reader of the CSV as it does in the XLSX's sheet
    # of notes. The notes follow the rows after a blank line, under a heading, one to a line:
    # the header stays the first line and the responses one block, which a spreadsheet program
    # filters and sorts up to the blank line and a program reads up to it; lines before the
    # header would break both, and a response header would never be seen.
    writer.writerow([])
    writer.writerow([_("Notes")])
    writer.writerows(csv_row([note]) for note in export.notes)
    return response


def as_xlsx(export: Export) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Responses")[:31])
    sheet.append(xlsx_row(sheet, export.header))
    for row in export.rows:
        sheet.append(xlsx_row(sheet, row))
    notes = workbook.create_sheet(_("Notes")[:31])
    notes.append(xlsx_row(notes, [export.survey.title]))
    for note in export.notes:
        notes.append(xlsx_row(notes, [note]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{export.filename}.xlsx"'
    return response
