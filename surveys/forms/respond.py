"""The respondent's questionnaire, one page per section.

Field names carry only question and row ids (`q12`, `q12_other`, `q14_r3`); which questions a
page has comes from the server, never from the form. Anything posted outside those names is
reported by `unexpected_names` so the view can refuse the request.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import LIKERT_LABELS, Question
from ..services.responding import Given, choices_limit_message, hidden_by_condition

DONT_KNOW = "dk"
OTHER = "other"
LIKERT_CHOICES = [
    *((str(value), label) for value, label in LIKERT_LABELS.items()),
    (DONT_KNOW, _("Don't know")),
]
RATING_CHOICES = [(str(n), str(n)) for n in range(11)]
ANSWER_REQUIRED = _("Please answer this question.")
# Only these names may be posted besides the questions' own fields.
CONTROL_NAMES = {"csrfmiddlewaretoken", "page", "check", "action", "website", "language"}


@dataclass
class Item:
    """One question as the template lays it out."""

    question: Question
    field: forms.BoundField | None = None
    other: forms.BoundField | None = None
    rows: list[tuple[object, forms.BoundField]] | None = None
    # A follow-up of an answer on this page, which the page's script shows and hides.
    follows_on_page: bool = False
    # Its number on the printed questionnaire, when a paper one is entered.
    number: int | None = None

    @property
    def errors(self) -> list[str]:
        errors = list(self.field.errors) if self.field is not None else []
        if self.other is not None:
            errors += list(self.other.errors)
        for _row, bound in self.rows or []:
            errors += [e for e in bound.errors if e not in errors]
        return errors

    @property
    def anchor(self) -> str:
        """The id an error summary links to: the first input of what needs an answer (the
        first unanswered row of a matrix, the "other" text when only it is missing)."""
        if self.rows:
            bound = next((bound for _row, bound in self.rows if bound.errors), self.rows[0][1])
            return f"{bound.auto_id}_0"
        if self.other is not None and self.other.errors and not self.field.errors:
            return self.other.auto_id
        if self.question.kind == Question.Kind.TEXT:
            return self.field.auto_id
        return f"{self.field.auto_id}_0"


class QuestionnairePage(forms.Form):
    """One page of the questionnaire. `earlier`: the answers of the pages before it
    (answers_before), which its follow-ups of earlier answers go by; None (the preview): none
    are known, and every question is laid out. `answers_required`: False for a questionnaire
    filled in on paper, where nobody could insist on an answer (its entry takes what is there).
    """

    def __init__(
        self,
        *args,
        questions: list[Question],
        earlier: dict[int, Given] | None = None,
        answers_required: bool = True,
        **kwargs,
    ) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.earlier = earlier or {}
        self.answers_required = answers_required
        self.skipped = self._skipped() if earlier is not None else set()
        for question in questions:
            self._add_fields(question)

    def _skipped(self) -> set[int]:
        """The questions not asked whatever is answered here: follow-ups of earlier pages'
        answers not given, and follow-ups of those."""
        on_page = {question.pk for question in self.questions}
        hidden = hidden_by_condition(self.questions, self.earlier)
        skipped: set[int] = set()
        for question in self.questions:  # in order: a source comes before its follow-ups
            source = question.condition_source_id
            if question.pk in hidden and (source not in on_page or source in skipped):
                skipped.add(question.pk)
        return skipped

    @property
    def is_asked(self) -> bool:
        """Whether any of its questions is asked, given the earlier pages' answers."""
        return len(self.skipped) < len(self.questions)

    def _add_fields(self, question: Question) -> None:
        name, kind = f"q{question.pk}", question.kind
        required = question.required and self.answers_required
        messages = {"required": ANSWER_REQUIRED}
        if kind == Question.Kind.LIKERT:
            self.fields[name] = forms.ChoiceField(
                choices=LIKERT_CHOICES,
                required=required,
                error_messages=messages,
                widget=forms.RadioSelect,
            )
        elif kind == Question.Kind.RATING:
            self.fields[name] = forms.ChoiceField(
                choices=RATING_CHOICES,
                required=required,
                error_messages=messages,
                widget=forms.RadioSelect,
            )
        elif kind == Question.Kind.SINGLE:
            self.fields[name] = forms.ChoiceField(
                choices=[(str(o.pk), o.label) for o in question.options.all()],
                required=required,
                error_messages=messages,
                widget=forms.RadioSelect,
            )
        elif kind == Question.Kind.MULTIPLE:
            choices = [(str(o.pk), o.label) for o in question.options.all()]
            if question.allow_other:
                choices.append((OTHER, _("Other")))
                self.fields[f"{name}_other"] = forms.CharField(
                    label=_("Other, namely"), required=False, max_length=1000
                )
            self.fields[name] = forms.MultipleChoiceField(
                choices=choices,
                required=False,
                error_messages=messages,
                widget=forms.CheckboxSelectMultiple,
            )
        elif kind == Question.Kind.TEXT:
            self.fields[name] = forms.CharField(
                required=required,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages=messages,
            )
        elif kind == Question.Kind.MATRIX:
            for row in question.matrix_rows.all():
                self.fields[f"{name}_r{row.pk}"] = forms.ChoiceField(
                    choices=LIKERT_CHOICES,
                    required=required,
                    error_messages={"required": _("Please answer every statement.")},
                    widget=forms.RadioSelect,
                )
        for field_name in self._names(question):
            self.fields[field_name].label = self.fields[field_name].label or question.text

    def clean(self) -> dict:
        data = super().clean()
        for question in self.questions:
            if question.kind != Question.Kind.MULTIPLE:
                continue
            name = f"q{question.pk}"
            chosen = list(data.get(name) or [])
            other = (data.get(f"{name}_other") or "").strip()
            if OTHER in chosen and not other and f"{name}_other" in self.fields:
                self.add_error(f"{name}_other", _("Please say what “other” means for you."))
            if other and OTHER not in chosen:
                chosen.append(OTHER)
                data[name] = chosen
            required = question.required and self.answers_required
            if required and not chosen and name not in self.errors:
                self.add_error(name, ANSWER_REQUIRED)
            if question.too_many_choices(len(chosen)) and name not in self.errors:
                self.add_error(name, choices_limit_message(question))
        # A follow-up whose answer was not chosen, here or on an earlier page, was not asked:
        # nothing it holds (typed before the respondent changed their mind) is checked or kept.
        self.hidden = hidden_by_condition(
            self.questions, {**self.earlier, **self._followable(data)}
        )
        for question in self.questions:
            if question.pk in self.hidden:
                for name in self._names(question):
                    self.errors.pop(name, None)
                    data.pop(name, None)
        return data

    def followable(self) -> dict[int, Given]:
        """The checked answers of this page a follow-up may follow (after is_valid)."""
        return self._followable(self.cleaned_data)

    def _followable(self, data: dict) -> dict[int, Given]:
        """The answers on this page a follow-up may follow: choices and scale values."""
        choices = {}
        for question in self.questions:
            if question.kind in Question.CHOICE_KINDS:
                value = data.get(f"q{question.pk}") or []
                values = value if isinstance(value, list) else [value]
                choices[question.pk] = Given(options=[int(v) for v in values if v != OTHER])
            elif question.kind in Question.FOLLOWED_SCALE_KINDS:
                choices[question.pk] = _scale(data.get(f"q{question.pk}"))
        return choices

    def _names(self, question: Question) -> list[str]:
        name = f"q{question.pk}"
        return [n for n in self.fields if n == name or n.startswith(f"{name}_")]

    def unexpected_names(self) -> set[str]:
        return set(self.data) - set(self.fields) - CONTROL_NAMES

    def items(self) -> list[Item]:
        """The questions to lay out: all but those skipped."""
        items = []
        on_page = {question.pk for question in self.questions}
        for question in self.questions:
            if question.pk in self.skipped:
                continue
            name = f"q{question.pk}"
            follows_on_page = question.condition_source_id in on_page
            if question.kind == Question.Kind.MATRIX:
                rows = [(row, self[f"{name}_r{row.pk}"]) for row in question.matrix_rows.all()]
                items.append(Item(question, rows=rows, follows_on_page=follows_on_page))
            else:
                other = self[f"{name}_other"] if f"{name}_other" in self.fields else None
                items.append(
                    Item(question, field=self[name], other=other, follows_on_page=follows_on_page)
                )
        return items

    def raw(self) -> dict[str, str | list[str]]:
        """What was typed on this page, kept as a draft whatever its validity."""
        raw: dict[str, str | list[str]] = {}
        for name, field in self.fields.items():
            if isinstance(field, forms.MultipleChoiceField):
                values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
                raw[name] = [str(v)[:20] for v in values][:50]
            elif name in self.data:
                raw[name] = str(self.data.get(name, ""))[:5000]
        for name, value in raw.items():
            # A text typed under "other" chooses it, as clean() counts it: shown ticked again.
            chosen = raw.get(name.removesuffix("_other"))
            typed = name.endswith("_other") and str(value).strip()
            if typed and isinstance(chosen, list) and OTHER not in chosen:
                chosen.append(OTHER)
        return raw

    def given(self) -> dict[int, Given]:
        """The cleaned answers in the form the response service checks and stores."""
        data = self.cleaned_data
        given: dict[int, Given] = {}
        for question in self.questions:
            name = f"q{question.pk}"
            kind = question.kind
            if kind in (Question.Kind.LIKERT, Question.Kind.RATING):
                given[question.pk] = _scale(data.get(name))
            elif kind == Question.Kind.SINGLE:
                value = data.get(name)
                given[question.pk] = Given(options=[int(value)] if value else [])
            elif kind == Question.Kind.MULTIPLE:
                chosen = data.get(name) or []
                given[question.pk] = Given(
                    options=[int(v) for v in chosen if v != OTHER],
                    other=(data.get(f"{name}_other") or "") if OTHER in chosen else "",
                )
            elif kind == Question.Kind.TEXT:
                given[question.pk] = Given(text=data.get(name) or "")
            elif kind == Question.Kind.MATRIX:
                given[question.pk] = Given(
                    rows={
                        row.pk: _scale(data.get(f"{name}_r{row.pk}"))
                        for row in question.matrix_rows.all()
                    }
                )
        return given


def _scale(value: str | None) -> Given:
    if not value:
        return Given()
    if value == DONT_KNOW:
        return Given(dont_know=True)
    return Given(value=int(value))


def pages_checked(
    sections: list, data, earlier: dict[int, Given] | None = None
) -> list[QuestionnairePage]:
    """The `sections`' pages bound to `data` and checked in turn, each with the answers of the
    pages before it (`earlier` before the first): a question not asked counts as unanswered."""
    pages: list[QuestionnairePage] = []
    for section in sections:
        page = QuestionnairePage(data, questions=section.shown, earlier=earlier)
        page.is_valid()
        earlier = answers_before([page])
        pages.append(page)
    return pages


def answers_before(pages: list[QuestionnairePage]) -> dict[int, Given]:
    """What the pages up to the last of `pages` hold, as a follow-up after them sees it."""
    if not pages:
        return {}
    return {**pages[-1].earlier, **pages[-1].followable()}
