"""Interviews: notes per guide question, consent before notes, and coding findings beside them."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from interviews.models import Finding, Interview, InterviewNote
from tests.conftest import browser_of

from .factories import interview, topic


@pytest.fixture
def held(in_alpha):
    talk = interview("Petra Amt", consent=True)
    connection.set_schema_to_public()
    return talk


@pytest.fixture
def unconsented(in_alpha):
    talk = interview("Karl Vorsicht", consent=False)
    connection.set_schema_to_public()
    return talk


def notes_of(talk: Interview) -> list[InterviewNote]:
    with schema_context("alpha"):
        return list(InterviewNote.objects.filter(interview_id=talk.pk))


def test_a_new_interview_gets_the_questions_of_its_guide(held):
    notes = notes_of(held)

    assert len(notes) == 11
    assert notes[0].result_topic == "status_quo"
    assert notes[0].question.startswith("Which services of your area")


def test_a_consultant_plans_an_interview_through_the_form(alpha, users):
    with schema_context("alpha"):
        from interviews.models import InterviewGuide

        guide = InterviewGuide.objects.get(language="de")

    response = browser_of("carla", alpha).post(
        "/analysis/interviews/new/",
        {
            "interviewee_name": "Hans Kämmerer",
            "interviewee_role": "Kämmerer",
            "department": "Finanzen",
            "held_on": "2026-12-01",
            "interviewer": users["carla"].pk,
            "guide": guide.pk,
            "state": "planned",
        },
    )

    assert response.status_code == 302
    with schema_context("alpha"):
        planned = Interview.objects.get(interviewee_name="Hans Kämmerer")
        assert planned.interviewer_id == users["carla"].pk
        assert planned.notes.count() == 11
        assert not planned.consent_given


def test_an_interview_marked_done_needs_its_date(alpha):
    response = browser_of("carla", alpha).post(
        "/analysis/interviews/new/",
        {"interviewee_name": "Ohne Datum", "state": "done"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["held_on"] == ["Enter the date the interview was held."]


def test_a_refused_edit_leaves_the_page_naming_the_interviewee_as_saved(held, alpha):
    response = browser_of("carla", alpha).post(
        f"/analysis/interviews/{held.pk}/edit/",
        {"interviewee_name": "Umbenannt", "state": "done"},
    )

    page = response.content.decode()
    assert response.context["form"].errors["held_on"] == ["Enter the date the interview was held."]
    assert 'aria-current="page">Petra Amt</li>' in page
    assert 'aria-current="page">Umbenannt</li>' not in page


def test_notes_are_saved_per_question_and_the_interview_marked_done(held, alpha):
    first, second, *_rest = notes_of(held)

    response = browser_of("carla", alpha).post(
        f"/analysis/interviews/{held.pk}/notes/",
        {
            f"note-{first.pk}": "Alles auf Papier.",
            f"note-{second.pk}": "Fachverfahren X",
            "done": "1",
        },
    )

    assert response.status_code == 302
    first, second, *_rest = notes_of(held)
    assert (first.text, second.text) == ("Alles auf Papier.", "Fachverfahren X")
    with schema_context("alpha"):
        done = Interview.objects.get(pk=held.pk)
        assert done.state == "done" and done.held_on is not None


def test_notes_are_refused_without_consent_and_the_typed_text_is_kept(unconsented, alpha):
    first = notes_of(unconsented)[0]

    response = browser_of("carla", alpha).post(
        f"/analysis/interviews/{unconsented.pk}/notes/", {f"note-{first.pk}": "Vertraulich"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Record the interviewee&#x27;s consent before saving notes." in page
    assert ">Vertraulich</textarea>" in page
    assert notes_of(unconsented)[0].text == ""


def test_a_finding_is_coded_beside_its_note_and_the_notes_typed_so_far_are_kept(held, alpha):
    first = notes_of(held)[0]
    with schema_context("alpha"):
        filing = topic("Electronic filing")

    response = browser_of("carla", alpha).post(
        f"/analysis/interviews/{held.pk}/notes/{first.pk}/code/",
        {
            f"note-{first.pk}": "Akten liegen im Keller.",
            f"code-{first.pk}-statement": "Files are kept on paper",
            f"code-{first.pk}-result_topic": "status_quo",
            f"code-{first.pk}-topic": filing.pk,
            f"code-{first.pk}-kind": "weakness",
            f"code-{first.pk}-quote": "Unsere Akten liegen im Keller.",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"/analysis/interviews/{held.pk}/#note-{first.pk}")
    with schema_context("alpha"):
        coded = Finding.objects.get()
        assert coded.source == "interview"
        assert (coded.interview_id, coded.note_id, coded.topic_id) == (held.pk, first.pk, filing.pk)
        assert coded.quote_attributed is False
    assert notes_of(held)[0].text == "Akten liegen im Keller."


def test_a_finding_without_a_statement_is_not_coded_and_the_note_text_survives(held, alpha):
    first = notes_of(held)[0]

    response = browser_of("carla", alpha).post(
        f"/analysis/interviews/{held.pk}/notes/{first.pk}/code/",
        {
            f"note-{first.pk}": "Noch nicht gespeichert",
            f"code-{first.pk}-result_topic": "status_quo",
            f"code-{first.pk}-kind": "weakness",
        },
    )

    assert response.status_code == 200
    assert ">Noch nicht gespeichert</textarea>" in response.content.decode()
    with schema_context("alpha"):
        assert not Finding.objects.exists()


def test_a_note_of_another_interview_cannot_be_coded_through_this_one(held, alpha):
    with schema_context("alpha"):
        connection.set_tenant(alpha)
        other = interview("Andere Person")
        other_note = other.notes.first()
    connection.set_schema_to_public()

    response = browser_of("carla", alpha).post(
        f"/analysis/interviews/{held.pk}/notes/{other_note.pk}/code/",
        {f"code-{other_note.pk}-statement": "x", f"code-{other_note.pk}-kind": "idea"},
    )

    assert response.status_code == 404


def test_a_member_sees_neither_the_interview_list_nor_its_notes(held, alpha):
    member = browser_of("mia", alpha)

    assert member.get("/analysis/interviews/").status_code == 403
    assert member.get(f"/analysis/interviews/{held.pk}/").status_code == 403
    assert "/analysis/interviews/" not in member.get("/analysis/").content.decode()


def test_a_lead_reads_the_notes_but_cannot_write_them(held, alpha):
    lead = browser_of("leo", alpha)
    first = notes_of(held)[0]

    page = lead.get(f"/analysis/interviews/{held.pk}/").content.decode()
    assert "<textarea" not in page
    assert (
        lead.post(
            f"/analysis/interviews/{held.pk}/notes/", {f"note-{first.pk}": "Lead war hier"}
        ).status_code
        == 403
    )
    assert notes_of(held)[0].text == ""


def test_an_attributed_quote_names_the_interviewee_and_others_stay_anonymous(held, alpha):
    from .factories import finding

    with schema_context("alpha"):
        connection.set_tenant(alpha)
        finding("Anonymous", source="interview", interview=held, quote="Das geht so nicht.")
        finding(
            "Named",
            source="interview",
            interview=held,
            quote="Wir brauchen das.",
            quote_attributed=True,
        )
    connection.set_schema_to_public()

    page = browser_of("mia", alpha).get("/analysis/findings/").content.decode()

    assert (
        '„Das geht so nicht.“ <footer class="small text-body-secondary">— attribution withheld'
        in page
    )
    assert "— Petra Amt, Head of department, Citizens&#x27; office" in page
