"""Surveys with answers for the results and export tests, built straight into the tables."""

from django.db.models import Max

from surveys.models import (
    Answer,
    Instrument,
    MatrixRow,
    Option,
    Question,
    Recipient,
    Response,
    Section,
    Survey,
    SurveySettings,
    TargetGroup,
)
from taxonomy.models import Dimension

Kind = Question.Kind


def group(key: str, name: str | None = None) -> TargetGroup:
    found, _created = TargetGroup.objects.get_or_create(
        key=key, defaults={"name_de": name or key.capitalize(), "name_en": name or key.capitalize()}
    )
    return found


def threshold(size: int) -> None:
    SurveySettings.objects.update_or_create(singleton=True, defaults={"min_group_size": size})


def dimension(key: str) -> Dimension:
    found, _created = Dimension.objects.get_or_create(key=key, defaults={"name": key.capitalize()})
    return found


def survey(title: str = "Readiness", instrument: Instrument | None = None) -> Survey:
    instrument = instrument or Instrument.objects.create(name=title)
    wave = (instrument.surveys.aggregate(last=Max("wave"))["last"] or 0) + 1
    made = Survey.objects.create(
        instrument=instrument, wave=wave, title_en=title, title_de=title, state="open"
    )
    Section.objects.create(survey=made, title_en="Section", title_de="Abschnitt")
    return made


def question(
    survey: Survey,
    key: str,
    kind: str,
    options: list[str] = (),
    rows: list[str] = (),
    **fields,
) -> Question:
    made = Question.objects.create(
        survey=survey,
        section=survey.sections.first(),
        key=key,
        kind=kind,
        text_en=key.replace("-", " ").capitalize(),
        text_de=key,
        position=Question.objects.filter(survey=survey).count(),
        **fields,
    )
    for position, label in enumerate(options):
        Option.objects.create(question=made, label_en=label, label_de=label, position=position)
    for position, label in enumerate(rows):
        MatrixRow.objects.create(
            question=made, key=f"row-{position}", label_en=label, label_de=label, position=position
        )
    return made


def respond(
    survey: Survey,
    target: TargetGroup,
    answers: dict[Question, object],
    times: int = 1,
    department: str = "",
    channel: str = Response.Channel.PERSONAL,
) -> None:
    """`times` responses with the same answers: a value, an option label, a list of labels,
    a text, {row label: value} for a matrix, or "dk" for don't know."""
    for _ in range(times):
        response = Response.objects.create(
            survey=survey, group=target, department=department, channel=channel, language="en"
        )
        for asked, answer in answers.items():
            Answer.objects.bulk_create(list(_answers(response, asked, answer)))


def _answers(response: Response, asked: Question, answer: object):
    if answer == "dk":
        yield Answer(response=response, question=asked, dont_know=True)
    elif asked.kind == Kind.MATRIX:
        rows = {row.label_en: row for row in asked.matrix_rows.all()}
        for label, value in answer.items():
            yield Answer(
                response=response,
                question=asked,
                matrix_row=rows[label],
                value=None if value == "dk" else value,
                dont_know=value == "dk",
            )
    elif asked.kind in (Kind.SINGLE, Kind.MULTIPLE):
        options = {option.label_en: option for option in asked.options.all()}
        for label in [answer] if isinstance(answer, str) else answer:
            if label.startswith("other:"):
                yield Answer(response=response, question=asked, text=label[6:])
            else:
                yield Answer(response=response, question=asked, option=options[label])
    elif asked.kind == Kind.TEXT:
        yield Answer(response=response, question=asked, text=answer)
    else:
        yield Answer(response=response, question=asked, value=answer)


def invite(survey: Survey, target: TargetGroup, sent: int, answered: int) -> None:
    for number in range(sent):
        Recipient.objects.create(
            survey=survey,
            group=target,
            email=f"{target.key}{number}@example.org",
            invitation_status=Recipient.MailStatus.SENT,
            answered=number < answered,
        )
