"""Permission-matrix rows and URL parameters of the survey results views.

Joined into tests/surveys/view_cases.py (CASES, URL_PARAMETERS). Results are for consultants,
leads and firm admins; members and everyone of another municipality get nothing.
"""

from django.utils import timezone

from surveys.models import Question, Survey, TextCode, text_digest
from taxonomy.models import Topic
from tests.surveys import results_factories as make
from tests.urlwalk import Fixed, InMunicipality
from tests.view_matrix import EDITORS_POST, ViewCase, expect

# fmt: off
#                              anon  otto mia  leo  carla fiona bert
RESULT_READERS = expect(      "login 403  403  200  200   200   403")
# Publishing them is the municipality's call as much as the consultant's.
PUBLISHERS_POST = expect(     "login 403  403  done done  done  403")
# Published results are for everyone, with or without an account.
EVERYONE = expect(            "200   200  200  200  200   200   200")
# The export is a download (200) for readers; refused requests change nothing.
# fmt: on

TITLE = "Permission matrix results"


def survey_with_responses() -> None:
    # Idempotent: the guard test arranges every case in one transaction.
    if Survey.objects.filter(title_en=TITLE).exists():
        return
    survey = make.survey(TITLE)
    employees = make.group("employees")
    agree = make.question(survey, "agree", make.Kind.LIKERT)
    ideas = make.question(survey, "ideas", make.Kind.TEXT)
    make.respond(survey, employees, {agree: 4, ideas: "Digitale Akte"}, times=10)


def closed_with_responses() -> None:
    survey_with_responses()
    Survey.objects.filter(title_en=TITLE).update(state=Survey.State.CLOSED)


def published() -> None:
    closed_with_responses()
    Survey.objects.filter(title_en=TITLE).update(
        public_slug="permission-matrix", results_published_at=timezone.now()
    )


def published_state() -> list:
    return list(Survey.objects.order_by("pk").values_list("pk", "results_published_at"))


def coded_text() -> None:
    survey_with_responses()
    question = Question.objects.get(survey__title_en=TITLE, key="ideas")
    TextCode.objects.get_or_create(
        question=question,
        text_digest=text_digest("Digitale Akte"),
        topic=Topic.objects.order_by("pk").first(),
        defaults={"text": "Digitale Akte"},
    )


def codes_state() -> list:
    return list(TextCode.objects.order_by("pk").values_list("pk", "question_id", "topic_id"))


def survey_pk() -> int:
    return Survey.objects.get(title_en=TITLE).pk


def text_question_pk() -> int:
    return Question.objects.get(survey__title_en=TITLE, key="ideas").pk


CASES = [
    ViewCase(
        "survey_results",
        "tenant",
        "get",
        lambda: f"/surveys/{survey_pk()}/results/",
        RESULT_READERS,
        arrange=survey_with_responses,
    ),
    ViewCase(
        "survey_results_texts",
        "tenant",
        "get",
        lambda: f"/surveys/{survey_pk()}/results/texts/?question={text_question_pk()}",
        RESULT_READERS,
        arrange=survey_with_responses,
    ),
    ViewCase(
        "survey_results_export_csv",
        "tenant",
        "get",
        lambda: f"/surveys/{survey_pk()}/results/export.csv",
        RESULT_READERS,
        arrange=survey_with_responses,
    ),
    ViewCase(
        "survey_results_export_xlsx",
        "tenant",
        "get",
        lambda: f"/surveys/{survey_pk()}/results/export.xlsx",
        RESULT_READERS,
        arrange=survey_with_responses,
    ),
    # Coding free texts: the consultancy's analysis, not the lead's.
    ViewCase(
        "text_code_add",
        "tenant",
        "post",
        lambda: f"/surveys/questions/{text_question_pk()}/codes/",
        EDITORS_POST,
        data=lambda: {
            "digest": text_digest("Digitale Akte"),
            "topic": str(Topic.objects.order_by("pk").last().pk),
        },
        arrange=survey_with_responses,
        state=codes_state,
    ),
    ViewCase(
        "text_code_remove",
        "tenant",
        "post",
        lambda: f"/surveys/text-codes/{TextCode.objects.latest('pk').pk}/delete/",
        EDITORS_POST,
        arrange=coded_text,
        state=codes_state,
    ),
]

CASES += [
    ViewCase(
        "results_publish",
        "tenant",
        "post",
        lambda: f"/surveys/{survey_pk()}/results/publish/",
        PUBLISHERS_POST,
        arrange=closed_with_responses,
        state=published_state,
    ),
    ViewCase(
        "published_results",
        "tenant",
        "get",
        lambda: "/r/permission-matrix/",
        EVERYONE,
        arrange=published,
    ),
]

URL_PARAMETERS = {
    "surveys:results_publish:pk": InMunicipality(Survey),
    "surveys:results:pk": InMunicipality(Survey),
    "surveys:results_texts:pk": InMunicipality(Survey),
    "surveys:results_export:pk": InMunicipality(Survey),
    "surveys:results_export:file_format": Fixed(("csv", "xlsx")),
    "surveys:text_code_add:pk": InMunicipality(Question),
    "surveys:text_code_remove:pk": InMunicipality(TextCode),
}
