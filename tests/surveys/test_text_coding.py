"""Coding free texts with topics of the taxonomy: the in-depth analysis of Phase 2."""

from django.contrib.messages import get_messages
from django_tenants.utils import schema_context

from surveys.models import TextCode, text_digest
from surveys.results import survey_results
from taxonomy.models import Topic
from tests.conftest import browser_of
from tests.surveys import results_factories as make

Kind = make.Kind
WLAN = "Mehr WLAN\nim Rathaus"  # two lines: a browser would send them back with CRLF


def ideas_survey():
    survey = make.survey("Ideen")
    ideas = make.question(survey, "ideas", Kind.TEXT)
    employees, citizens = make.group("employees"), make.group("citizens")
    make.respond(survey, employees, {ideas: WLAN}, times=6)
    make.respond(survey, citizens, {ideas: WLAN}, times=5)
    make.respond(survey, citizens, {ideas: "Online-Termine"}, times=5)
    return survey, ideas


def consultant(alpha):
    with schema_context("public"):
        return browser_of("carla", alpha)


def code(browser, ideas, text: str, topic: Topic, **extra):
    return browser.post(
        f"/surveys/questions/{ideas.pk}/codes/",
        {"digest": text_digest(text), "topic": str(topic.pk), **extra},
        follow=True,
    )


def test_a_coded_text_counts_for_its_topic_as_often_as_it_was_written(in_alpha, alpha):
    survey, ideas = ideas_survey()
    wlan = Topic.objects.order_by("pk").first()
    browser = consultant(alpha)

    page = code(browser, ideas, WLAN, wlan, page="1")
    code(browser, ideas, WLAN, wlan)  # again: nothing more

    assert page.redirect_chain[-1][0].startswith(
        f"/surveys/{survey.pk}/results/texts/?question={ideas.pk}&page=1"
    )
    assert TextCode.objects.get().text == WLAN
    assert f'{wlan.name}<form method="post"' in page.content.decode()
    (bar,) = survey_results(survey).texts[0].topics
    assert (bar.label, bar.count, bar.percent) == (wlan.name, 11, 69)
    # A later answer saying the same counts too; a filter counts within it.
    make.respond(survey, make.group("employees"), {ideas: WLAN})
    assert survey_results(survey).texts[0].topics[0].count == 12
    results = browser.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "By topic" in results and f"{wlan.name}</th>" in results


def test_texts_the_privacy_rules_hide_cannot_be_coded_nor_probed(in_alpha, alpha):
    survey = make.survey("Wenige")
    ideas = make.question(survey, "ideas", Kind.TEXT)
    make.respond(survey, make.group("employees"), {ideas: "Geheim"}, times=9)
    topic = Topic.objects.first()

    secret = code(consultant(alpha), ideas, "Geheim", topic)
    nobody = code(consultant(alpha), ideas, "Niemand schrieb das", topic)

    assert not TextCode.objects.exists()
    # The same refusal whether someone wrote the text or not.
    messages = [str(m) for m in get_messages(secret.wsgi_request)]
    assert messages == ["The privacy rules hide these answers for now, so they cannot be coded."]
    assert [str(m) for m in get_messages(nobody.wsgi_request)] == messages


def test_a_text_nobody_wrote_or_a_question_without_free_texts_is_refused(in_alpha, alpha):
    survey, ideas = ideas_survey()
    agree = make.question(survey, "agree", Kind.LIKERT)
    topic = Topic.objects.first()
    browser = consultant(alpha)

    nobody = code(browser, ideas, "Niemand schrieb das", topic)
    likert = code(browser, agree, "4", topic)
    no_topic = browser.post(
        f"/surveys/questions/{ideas.pk}/codes/", {"digest": text_digest(WLAN)}, follow=True
    )

    assert not TextCode.objects.exists()
    assert "No answer to this question says this text." in nobody.content.decode()
    assert "Only the answers to a free-text question can be coded." in likert.content.decode()
    assert "Choose a topic." in no_topic.content.decode()


def test_a_topic_can_be_taken_off_again_and_leads_see_topics_but_cannot_code(in_alpha, alpha):
    survey, ideas = ideas_survey()
    topic = Topic.objects.first()
    browser = consultant(alpha)
    code(browser, ideas, "Online-Termine", topic)
    texts_page = f"/surveys/{survey.pk}/results/texts/?question={ideas.pk}"

    with schema_context("public"):
        lead = browser_of("leo", alpha).get(texts_page).content.decode()
    assert topic.name in lead and 'name="topic"' not in lead
    assert 'name="topic"' in browser.get(texts_page).content.decode()

    browser.post(f"/surveys/text-codes/{TextCode.objects.get().pk}/delete/")

    assert not TextCode.objects.exists()
    assert survey_results(survey).texts[0].topics == []


def test_the_results_page_leads_consultants_to_coding_the_texts(in_alpha, alpha):
    survey, ideas = ideas_survey()
    link = f"/surveys/{survey.pk}/results/texts/?question={ideas.pk}"

    results = consultant(alpha).get(f"/surveys/{survey.pk}/results/").content.decode()
    with schema_context("public"):
        lead = browser_of("leo", alpha).get(f"/surveys/{survey.pk}/results/").content.decode()

    assert f'<a href="{link}">Give the answers topics</a>' in results
    assert "Give the answers topics" not in lead
