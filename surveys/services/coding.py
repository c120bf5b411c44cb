"""The in-depth analysis of free texts: giving answers topics of the taxonomy.

A code names a text, not an answer: every answer that says exactly this text carries the
topic, those given later too. Only texts the privacy rules show may be coded: where the texts
are hidden, even whether someone wrote a given text must stay hidden.
"""

from django.core.exceptions import ValidationError
from django.db.models.functions import MD5
from django.utils.translation import gettext as _

from taxonomy.models import Topic

from ..models import Answer, Question, TextCode, text_digest


def _texts_shown(question: Question) -> bool:
    from ..results import survey_results

    results = survey_results(question.survey, text_sample=0)
    return any(
        answers.question.pk == question.pk and answers.figure.shown for answers in results.texts
    )


def text_code_add(*, question: Question, digest: str, topic: Topic) -> TextCode:
    """Give the answers to `question` whose text has the MD5 `digest` the topic (once; again
    changes nothing). By digest: a text sent back by a browser may come with other line ends."""
    if question.kind != Question.Kind.TEXT:
        raise ValidationError(_("Only the answers to a free-text question can be coded."))
    # First the rule, then the lookup: a refusal must not tell whether someone wrote a text.
    if not _texts_shown(question):
        raise ValidationError(
            _("The privacy rules hide these answers for now, so they cannot be coded.")
        )
    text = (
        Answer.objects.filter(question=question)
        .exclude(text="")
        .annotate(digest=MD5("text"))
        .filter(digest=digest)
        .values_list("text", flat=True)
        .first()
    )
    if text is None:
        raise ValidationError(_("No answer to this question says this text."))
    code, _created = TextCode.objects.get_or_create(
        question=question, text_digest=text_digest(text), topic=topic, defaults={"text": text}
    )
    return code


def text_code_remove(*, code: TextCode) -> None:
    code.delete()
