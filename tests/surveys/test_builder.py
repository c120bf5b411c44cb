"""Building surveys: the template, copies and waves, structure rules, lifecycle, preview."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from surveys.models import Option, Question, Response, Survey
from surveys.services import building, library, lifecycle
from surveys.services.responding import Given, response_submit
from tests.conftest import browser_of
from tests.surveys.factories import group, q, recipient_with_token, small_survey

pytestmark = pytest.mark.django_db


def template() -> Survey:
    return Survey.objects.get(is_template=True)


def answered(survey: Survey) -> Survey:
    """The survey with one stored response."""
    response_submit(
        survey=survey,
        group_id=group("citizens").pk,
        given={q(survey, "ready").pk: Given(value=3)},
        language="de",
        nonce="n1",
    )
    return survey


def test_copying_the_template_gives_an_editable_survey_and_leaves_the_template_alone(in_alpha):
    before = Question.objects.filter(survey=template()).count()

    copy = library.survey_copy(survey=template())

    assert not copy.is_template and copy.state == Survey.State.DRAFT
    assert Question.objects.filter(survey=copy).count() == before
    assert copy.title_de == template().title_de and copy.title_en == template().title_en
    assert Question.objects.filter(survey=template()).count() == before
    grouped = Question.objects.get(survey=copy, key="tenure")
    assert list(grouped.groups.values_list("key", flat=True)) == ["employees"]
    # "What holds back the town's digitalisation most?": at most three answers.
    assert Question.objects.get(survey=copy, key="challenges").max_choices == 3


def test_the_template_structure_round_trips_through_json(in_alpha):
    import json

    structure = json.loads(json.dumps(library.survey_template_structure(template())))
    installed = library.survey_template_install(structure=structure, is_template=False)

    def shape(survey):
        return [
            (q.key, q.kind, q.dimension_id, q.topic_id, q.required, q.counts_for_readiness,
             [o.label_de for o in q.options.all()], [r.key for r in q.matrix_rows.all()])
            for q in Question.objects.filter(survey=survey).order_by("section__position",
                                                                     "position")
        ]  # fmt: skip

    assert shape(installed) == shape(template())


def test_a_malformed_template_is_refused_whole(in_alpha):
    count = Survey.objects.count()
    broken = {
        "format": 1,
        "title": "X",
        "sections": [{"questions": [{"key": "a", "kind": "nope"}]}],
    }

    with pytest.raises(ValidationError):
        library.survey_template_install(structure=broken)

    assert Survey.objects.count() == count


def test_a_new_wave_keeps_the_question_keys_and_counts_up(in_alpha):
    survey = small_survey()
    Survey.objects.filter(pk=survey.pk).update(
        invitation_de="Liebe Kolleginnen und Kollegen,",
        signature_de="Anna Bürgermeister, Bürgermeisterin",
        signature_en="Anna Bürgermeister, Mayor",
    )
    survey.refresh_from_db()

    wave = library.survey_copy_as_wave(survey=survey)

    assert wave.instrument_id == survey.instrument_id and wave.wave == 2
    keys = lambda s: sorted(Question.objects.filter(survey=s).values_list("key", flat=True))  # noqa: E731
    assert keys(wave) == keys(survey)
    assert wave.state == Survey.State.DRAFT
    # The letter goes out again for the new wave; it can be reworded before.
    assert (wave.invitation_de, wave.signature_de, wave.signature_en) == (
        survey.invitation_de,
        "Anna Bürgermeister, Bürgermeisterin",
        "Anna Bürgermeister, Mayor",
    )


def test_once_responses_exist_removing_a_question_is_refused(in_alpha):
    survey = answered(small_survey())

    with pytest.raises(ValidationError, match="already has responses"):
        building.question_delete(question=q(survey, "grade"))

    assert Question.objects.filter(survey=survey, key="grade").exists()


def test_once_responses_exist_changing_a_kind_or_removing_an_option_is_refused(in_alpha):
    survey = answered(small_survey())
    grade = q(survey, "grade")
    grade.kind = Question.Kind.LIKERT
    with pytest.raises(ValidationError, match="already has responses"):
        building.question_save(question=grade, groups=[])

    tenure = q(survey, "tenure")
    with pytest.raises(ValidationError, match="already has responses"):
        building.question_save(question=tenure, groups=[group("employees")], options_de="short")
    assert Option.objects.filter(question=tenure).count() == 2


def test_once_responses_exist_wording_fixes_are_still_allowed(in_alpha):
    survey = answered(small_survey())
    tenure = q(survey, "tenure")
    tenure.text_de = "Seit wann arbeiten Sie bei uns?"

    building.question_save(
        question=tenure,
        groups=[group("employees")],
        options_de="kurz\nlang",
        options_en="short\nlong",
    )

    tenure.refresh_from_db()
    assert tenure.text_de == "Seit wann arbeiten Sie bei uns?"
    assert list(tenure.options.values_list("label_de", flat=True)) == ["kurz", "lang"]


def test_the_builder_page_explains_why_a_structural_edit_was_refused(alpha, in_alpha):
    survey = answered(small_survey())
    browser = browser_of("carla", alpha)

    response = browser.post(f"/surveys/questions/{q(survey, 'grade').pk}/delete/", follow=True)

    assert "already has responses" in response.content.decode()
    assert Question.objects.filter(survey=survey, key="grade").exists()


def test_a_question_tagged_with_a_topic_takes_the_topic_s_dimension(in_alpha):
    from taxonomy.models import Topic

    survey = small_survey(state=Survey.State.DRAFT)
    topic = Topic.objects.select_related("dimension").first()
    grade = q(survey, "grade")
    grade.topic = topic

    building.question_save(question=grade, groups=[])

    grade.refresh_from_db()
    assert grade.dimension_id == topic.dimension_id


def test_a_draft_without_questions_cannot_be_opened(in_alpha):
    empty = building.survey_create(survey=Survey(title_de="Leer"))

    with pytest.raises(ValidationError):
        lifecycle.survey_open(survey=empty)


def test_a_translated_survey_opens_only_with_every_text_in_both_languages(in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    Question.objects.filter(survey=survey, key="grade").update(text_en="")

    with pytest.raises(ValidationError, match="grade"):
        lifecycle.survey_open(survey=survey)


def test_opening_also_needs_section_titles_and_matrix_statements_in_both_languages(in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    q(survey, "today").matrix_rows.filter(key="home").update(label_en="")
    survey.sections.filter(position=1).update(title_en="")

    with pytest.raises(ValidationError) as refused:
        lifecycle.survey_open(survey=survey)

    assert "today" in str(refused.value) and "Morgen" in str(refused.value)


def test_a_question_added_to_a_running_translated_survey_needs_both_languages(in_alpha):
    survey = small_survey()  # open, in German and English
    section = survey.sections.first()
    question = Question(section=section, kind=Question.Kind.MATRIX, text_de="Wie digital?")
    question.text_en = "How digital?"

    with pytest.raises(ValidationError, match="both languages"):
        building.question_save(question=question, groups=[], rows_de="Akten\nTermine")
    with pytest.raises(ValidationError, match="both languages"):
        building.question_save(
            question=Question(section=section, kind=Question.Kind.TEXT, text_de="Ideen?"),
            groups=[],
        )
    assert not Question.objects.filter(survey=survey, text_de__in=["Wie digital?", "Ideen?"])

    building.question_save(
        question=question, groups=[], rows_de="Akten\nTermine", rows_en="Files\nAppointments"
    )
    assert question.matrix_rows.count() == 2


def test_a_running_translated_survey_keeps_its_section_titles_in_both_languages(in_alpha):
    survey = small_survey()
    section = survey.sections.first()
    section.title_en = ""

    with pytest.raises(ValidationError, match="both languages"):
        building.section_save(section=section)

    section.refresh_from_db()
    assert section.title_en == "Today"


def test_a_running_survey_offered_in_a_second_language_needs_every_text_in_it(in_alpha):
    survey = small_survey()
    Question.objects.filter(survey=survey, key="grade").update(text_en="")
    survey.translated = True

    with pytest.raises(ValidationError, match="grade"):
        building.survey_save(survey=survey)


def test_closing_kills_the_links_and_drafts_but_keeps_the_responses(in_alpha):
    survey = answered(small_survey())
    recipient, _token = recipient_with_token(survey)
    recipient.draft = {"answers": {"x": "1"}}
    recipient.save()

    lifecycle.survey_close(survey=survey)

    recipient.refresh_from_db()
    assert not recipient.tokens.exists() and recipient.draft is None
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_survey_closes_by_itself_after_its_closing_date(in_alpha):
    survey = small_survey()
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(seconds=1))

    assert lifecycle.surveys_close_due() == 1

    survey.refresh_from_db()
    assert survey.state == Survey.State.CLOSED and survey.closed_at is not None


def test_the_preview_shows_a_group_exactly_its_questions_and_has_no_working_submit(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    browser = browser_of("carla", alpha)

    citizens = browser.get(f"/surveys/{survey.pk}/preview/?group=citizens&page=1").content.decode()
    employees = browser.get(f"/surveys/{survey.pk}/preview/?group=employees").content.decode()

    assert f"q{q(survey, 'citizens-only').pk}" in citizens
    assert f"q{q(survey, 'tenure').pk}" in employees
    assert (
        f"q{q(survey, 'tenure').pk}"
        not in browser.get(f"/surveys/{survey.pk}/preview/?group=citizens").content.decode()
    )
    assert 'type="button" disabled' in citizens


def test_the_preview_of_a_group_without_questions_shows_a_group_that_has_some(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    Question.objects.filter(survey=survey).exclude(key="citizens-only").delete()
    browser = browser_of("carla", alpha)

    preview = browser.get(f"/surveys/{survey.pk}/preview/?group=employees", follow=True)

    page = preview.content.decode()
    assert preview.status_code == 200
    assert f"q{q(survey, 'citizens-only').pk}" in page
    assert "sees no questions yet; here is a group that does" in page
    assert 'aria-current="page">Citizens' in page or "Bürgerinnen" in page


def test_a_closing_date_in_the_past_is_refused_and_the_survey_stays_open(alpha, in_alpha):
    survey = small_survey()
    browser = browser_of("carla", alpha)
    form = browser.get(f"/surveys/{survey.pk}/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(closes_at="2025-12-20T18:00", title_de="Digitale Stadt", title_en="Digital town")

    page = browser.post(f"/surveys/{survey.pk}/edit/", data)

    assert page.status_code == 200
    assert "This closing date has passed" in page.content.decode()
    survey.refresh_from_db()
    assert survey.closes_at is None and survey.state == Survey.State.OPEN


def test_a_template_offers_no_results(alpha, in_alpha):
    page = browser_of("carla", alpha).get(f"/surveys/{template().pk}/").content.decode()

    assert f"/surveys/{template().pk}/results/" not in page


def test_the_template_cannot_be_edited_in_place(in_alpha):
    with pytest.raises(ValidationError):
        building.question_delete(question=Question.objects.filter(survey=template()).first())


def test_consultant_creates_a_survey_and_adds_a_section_and_a_question(alpha, in_alpha):
    browser = browser_of("carla", alpha)

    created = browser.post(
        "/surveys/new/", {"title_de": "Vereinsumfrage", "primary_language": "de"}
    )
    survey = Survey.objects.get(title_de="Vereinsumfrage")
    assert survey.automatic_reminders == 1  # the field left out: as many as by default
    browser.post(f"/surveys/{survey.pk}/sections/new/", {"title_de": "Allgemein"})
    section = survey.sections.get()
    browser.post(
        f"/surveys/sections/{section.pk}/questions/new/",
        {"kind": "single", "text_de": "Wie groß ist Ihr Verein?", "options_de": "klein\ngroß"},
    )

    assert created.status_code == 302
    question = Question.objects.get(survey=survey)
    assert question.key == "wie-gross-ist-ihr-verein"
    assert list(question.options.values_list("label_de", flat=True)) == ["klein", "groß"]


def edit_form(question: Question, **changes) -> dict:
    """What the question form posts for `question` as it is stored, with `changes` made."""
    options = list(question.options.all())
    rows = list(question.matrix_rows.all())
    data = {
        "kind": question.kind,
        "text_de": question.text_de,
        "text_en": question.text_en,
        "help_de": question.help_de,
        "help_en": question.help_en,
        "key": question.key,
        "topic": question.topic_id or "",
        "dimension": question.dimension_id or "",
        "shown_if_options": [option.pk for option in question.followed_options],
        "shown_if_scale": question.shown_if_scale_id or "",
        "shown_if_from": "" if question.shown_if_from is None else question.shown_if_from,
        "shown_if_to": "" if question.shown_if_to is None else question.shown_if_to,
        "section": question.section_id,
        "groups": [g.pk for g in question.groups.all()],
        "options_de": "\n".join(o.label_de for o in options),
        "options_en": "\n".join(o.label_en for o in options),
        "rows_de": "\n".join(r.label_de for r in rows),
        "rows_en": "\n".join(r.label_en for r in rows),
    }
    for flag in ("required", "allow_other", "counts_for_readiness"):
        if getattr(question, flag):
            data[flag] = "on"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_an_overlong_option_is_refused_by_line_and_the_typed_form_comes_back(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    challenges = q(survey, "challenges")
    browser = browser_of("carla", alpha)
    long_line = "Zu wenig Personal " * 20

    page = browser.post(
        f"/surveys/questions/{challenges.pk}/",
        edit_form(challenges, text_de="Neu formuliert", options_de=f"staff\n{long_line}\nlaw"),
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert f"Line 2 has {len(long_line.strip())} characters; at most 300 fit." in html
    assert "Neu formuliert" in html and "Zu wenig Personal Zu wenig Personal" in html
    challenges.refresh_from_db()
    assert challenges.text_de == "Frage challenges"
    assert list(challenges.options.values_list("label_de", flat=True)) == ["staff", "tech", "law"]


def test_an_overlong_matrix_statement_refused_by_the_service_names_its_line(in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    section = survey.sections.first()
    count = Question.objects.filter(survey=survey).count()
    question = Question(section=section, kind=Question.Kind.MATRIX, text_de="Wie sehr …")

    with pytest.raises(ValidationError) as refused:
        building.question_save(question=question, groups=[], rows_de="kurz\n\n" + "x" * 301)

    assert not hasattr(refused.value, "error_dict")
    assert refused.value.messages == [
        "Statement (German), line 3: Ensure this value has at most 300 characters (it has 301)."
    ]
    assert Question.objects.filter(survey=survey).count() == count


def test_a_refusal_about_a_field_the_form_lacks_is_shown_above_the_typed_form(
    alpha, in_alpha, monkeypatch
):
    survey = small_survey(state=Survey.State.DRAFT)
    grade = q(survey, "grade")

    def refuse(**kwargs):
        raise ValidationError({"label_de": ["Too long."]})

    monkeypatch.setattr(building, "question_save", refuse)
    page = browser_of("carla", alpha).post(
        f"/surveys/questions/{grade.pk}/", edit_form(grade, text_de="Noch nicht gespeichert")
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "Too long." in html and "Noch nicht gespeichert" in html
    assert html.count("Too long.") == 1  # in the error summary, not again above the fields


def test_a_key_the_question_form_accepts_is_kept_by_copies_and_new_waves(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    grade = q(survey, "grade")
    browser = browser_of("carla", alpha)
    browser.post(f"/surveys/questions/{grade.pk}/", edit_form(grade, key="Grade_Q1"))
    assert Question.objects.filter(survey=survey, key="Grade_Q1").exists()

    copied = browser.post(f"/surveys/{survey.pk}/copy/")
    wave = library.survey_copy_as_wave(survey=survey)

    copy = Survey.objects.exclude(instrument=survey.instrument).get(title_de=survey.title_de)
    assert copied.status_code == 302 and copied["Location"] == copy.get_absolute_url()
    assert Question.objects.filter(survey=copy, key="Grade_Q1").exists()
    assert Question.objects.filter(survey=wave, key="Grade_Q1").exists()


def test_a_survey_that_cannot_be_copied_says_which_question_and_why(alpha, in_alpha):
    survey = small_survey()
    Question.objects.filter(survey=survey, key="grade").update(key="grade q1")
    browser = browser_of("carla", alpha)
    surveys = Survey.objects.count()

    copied = browser.post(f"/surveys/{survey.pk}/copy/", follow=True)
    waved = browser.post(f"/surveys/{survey.pk}/wave/", follow=True)

    for page in (copied, waved):
        html = page.content.decode()
        assert page.status_code == 200
        assert "question “grade q1”: Enter a valid “slug”" in html
        assert "every question needs its own key" not in html
    assert Survey.objects.count() == surveys


def choose(survey: Survey, label: str) -> None:
    """One stored response choosing `label` in the multiple-choice question."""
    challenges = q(survey, "challenges")
    response_submit(
        survey=survey,
        group_id=group("citizens").pk,
        given={
            q(survey, "ready").pk: Given(value=3),
            challenges.pk: Given(options=[challenges.options.get(label_de=label).pk]),
        },
        language="de",
        nonce=f"chose-{label}",
    )


def chosen(survey: Survey) -> list[str]:
    return [a.option.label_de for a in q(survey, "challenges").answers.select_related("option")]


def test_once_responses_exist_swapping_two_options_is_refused_and_answers_keep_their_option(
    in_alpha,
):
    survey = small_survey()
    choose(survey, "staff")
    challenges = q(survey, "challenges")

    with pytest.raises(ValidationError, match="can no longer be reordered or removed") as refused:
        building.question_save(
            question=challenges,
            groups=[],
            options_de="tech\nstaff\nlaw",
            options_en="tech\nstaff\nlaw",
        )

    assert "“tech” was line 2 and is now line 1" in refused.value.messages[0]
    assert chosen(survey) == ["staff"]
    assert list(challenges.options.values_list("label_de", flat=True)) == ["staff", "tech", "law"]


def test_once_responses_exist_a_line_inserted_above_existing_options_is_refused(in_alpha):
    survey = small_survey()
    choose(survey, "staff")
    challenges = q(survey, "challenges")

    with pytest.raises(ValidationError, match="“staff” was line 1 and is now line 2"):
        building.question_save(question=challenges, groups=[], options_de="money\nstaff\ntech\nlaw")

    assert chosen(survey) == ["staff"]


def test_once_responses_exist_options_can_still_be_reworded_in_place_and_added_below(in_alpha):
    survey = small_survey()
    choose(survey, "staff")
    challenges = q(survey, "challenges")

    building.question_save(
        question=challenges,
        groups=[],
        options_de="Personal\ntech\nLaw\nGeld",
        options_en="Staff\ntech\nlaw\nmoney",
    )

    assert list(challenges.options.values_list("label_de", flat=True)) == [
        "Personal", "tech", "Law", "Geld"
    ]  # fmt: skip
    assert chosen(survey) == ["Personal"]


def test_once_responses_exist_swapping_matrix_statements_is_refused(in_alpha):
    survey = answered(small_survey())
    today = q(survey, "today")

    with pytest.raises(ValidationError, match="can no longer be reordered or removed"):
        building.question_save(question=today, groups=[], rows_de="home\nfiles")

    assert list(today.matrix_rows.values_list("key", "label_de")) == [
        ("files", "files"), ("home", "home")
    ]  # fmt: skip


def test_once_responses_exist_switching_off_other_is_refused(in_alpha):
    survey = answered(small_survey())
    challenges = q(survey, "challenges")
    challenges.allow_other = False

    with pytest.raises(ValidationError, match="“other” can no longer be switched off"):
        building.question_save(question=challenges, groups=[], options_de="staff\ntech\nlaw")

    assert Question.objects.get(pk=challenges.pk).allow_other


def test_the_template_s_sections_and_questions_cannot_be_moved(alpha, in_alpha):
    section = template().sections.order_by("position").first()
    question = Question.objects.filter(section=section).order_by("position").first()
    order = lambda: (  # noqa: E731
        list(template().sections.values_list("pk", flat=True)),
        list(Question.objects.filter(survey=template()).values_list("pk", flat=True)),
    )
    before = order()
    browser = browser_of("carla", alpha)

    moved_section = browser.post(
        f"/surveys/sections/{section.pk}/move/", {"direction": "down"}, follow=True
    )
    moved_question = browser.post(
        f"/surveys/questions/{question.pk}/move/", {"direction": "down"}, follow=True
    )

    for page in (moved_section, moved_question):
        assert "Templates are not edited here" in page.content.decode()
    assert order() == before


def test_the_question_form_lets_the_consultant_clear_or_set_the_dimension(alpha, in_alpha):
    from taxonomy.models import Dimension, Topic

    survey = small_survey(state=Survey.State.DRAFT)
    topic = Topic.objects.select_related("dimension").first()
    other = Dimension.objects.exclude(pk=topic.dimension_id).first()
    grade = q(survey, "grade")
    Question.objects.filter(pk=grade.pk).update(topic=topic, dimension=topic.dimension)
    browser = browser_of("carla", alpha)
    url = f"/surveys/questions/{grade.pk}/"

    browser.post(url, edit_form(q(survey, "grade"), topic="", dimension=""))
    cleared = q(survey, "grade")
    browser.post(url, edit_form(cleared, dimension=other.pk))
    dimension_only = q(survey, "grade")
    browser.post(url, edit_form(dimension_only, topic=topic.pk))
    topic_wins = q(survey, "grade")

    assert (cleared.topic_id, cleared.dimension_id) == (None, None)
    assert (dimension_only.topic_id, dimension_only.dimension_id) == (None, other.pk)
    assert (topic_wins.topic_id, topic_wins.dimension_id) == (topic.pk, topic.dimension_id)


def test_a_structural_refusal_speaks_the_consultant_s_language(in_alpha):
    from django.utils import translation

    survey = answered(small_survey())

    with translation.override("de"), pytest.raises(ValidationError, match="bereits Antworten"):
        building.question_delete(question=q(survey, "grade"))


def test_a_closed_wave_says_so_and_leads_to_the_wave_after_it(alpha, in_alpha):
    from datetime import UTC, datetime

    survey = small_survey()
    lifecycle.survey_close(survey=survey)
    Survey.objects.filter(pk=survey.pk).update(
        closed_at=datetime(2026, 5, 11, 9, tzinfo=UTC),
        emails_erased_at=datetime(2026, 8, 10, 9, tzinfo=UTC),
    )
    later = library.survey_copy_as_wave(survey=Survey.objects.get(pk=survey.pk))
    browser = browser_of("carla", alpha)

    closed = browser.get(f"/surveys/{survey.pk}/").content.decode()
    running = browser.get(f"/surveys/{later.pk}/").content.decode()

    assert "Closed on May 11, 2026." in closed
    assert "e-mail addresses were erased on Aug. 10, 2026" in closed
    assert "This survey has responses" not in closed
    assert f'<a href="/surveys/{later.pk}/">wave 2</a> (Draft)' in closed
    assert f'<a href="/surveys/{survey.pk}/">wave 1</a> (Closed)' in running


def test_a_duplicated_question_comes_with_its_options_and_groups_at_the_end_of_its_section(
    alpha, in_alpha
):
    survey = small_survey(state=Survey.State.DRAFT)
    challenges = q(survey, "challenges")
    challenges.max_choices = 2
    challenges.save()
    challenges.groups.set([group("citizens"), group("companies")])
    browser = browser_of("carla", alpha)

    response = browser.post(f"/surveys/questions/{challenges.pk}/duplicate/")

    copy = q(survey, "challenges-2")
    assert response["Location"] == f"/surveys/questions/{copy.pk}/"
    assert copy.section == challenges.section and copy.text_en == challenges.text_en
    assert (copy.kind, copy.allow_other, copy.max_choices) == ("multiple", True, 2)
    assert [o.label_en for o in copy.options.all()] == ["staff", "tech", "law"]
    assert set(copy.groups.values_list("key", flat=True)) == {"citizens", "companies"}
    last = [question.key for question in challenges.section.questions.all()][-1]
    assert last == "challenges-2"
    assert [o.label_en for o in q(survey, "challenges").options.all()] == ["staff", "tech", "law"]


def test_a_question_of_a_survey_with_responses_may_be_duplicated_and_its_answers_stay(in_alpha):
    survey = answered(small_survey())

    copy = building.question_duplicate(question=q(survey, "today"))

    assert [row.key for row in copy.matrix_rows.all()] == ["files", "home"]
    assert not copy.answers.exists() and q(survey, "ready").answers.count() == 1


def test_a_question_of_a_template_or_a_closed_survey_is_not_duplicated(in_alpha):
    closed = lifecycle.survey_close(survey=small_survey())
    template_question = template().questions.first()

    with pytest.raises(ValidationError, match="Templates are not edited here"):
        building.question_duplicate(question=template_question)
    with pytest.raises(ValidationError, match="closed survey can no longer be changed"):
        building.question_duplicate(question=q(closed, "grade"))

    assert not Question.objects.filter(key__endswith="-2").exists()


def test_a_question_moved_to_another_section_goes_to_its_end(alpha, in_alpha):
    survey = small_survey(state=Survey.State.DRAFT)
    grade, tomorrow = q(survey, "grade"), q(survey, "grade").section
    today = q(survey, "ready").section
    browser = browser_of("carla", alpha)

    form = browser.get(f"/surveys/questions/{grade.pk}/").content.decode()
    moved = browser.post(f"/surveys/questions/{grade.pk}/", edit_form(grade, section=today.pk))

    assert "Section (page)" in form and moved.status_code == 302
    assert [question.key for question in today.questions.all()][-1] == "grade"
    assert "grade" not in [question.key for question in tomorrow.questions.all()]


def test_a_question_cannot_be_moved_into_another_survey(alpha, in_alpha):
    survey, other = small_survey(state=Survey.State.DRAFT), small_survey(title="Other")
    grade = q(survey, "grade")
    browser = browser_of("carla", alpha)

    page = browser.post(
        f"/surveys/questions/{grade.pk}/",
        edit_form(grade, section=q(other, "ready").section_id),
    )
    grade.section = q(other, "ready").section
    with pytest.raises(ValidationError, match="stays in its own survey"):
        building.question_save(question=grade, groups=[])

    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
    assert q(survey, "grade").section.survey == survey
