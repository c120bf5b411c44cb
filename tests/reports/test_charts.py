"""The charts are vector SVG with every text escaped, and a hidden figure draws no bar."""

import re
from xml.etree import ElementTree

import pytest
from django.utils import translation

from reports.charts import Bar, bar_chart_svg


def test_bar_chart_escapes_labels_and_notes():
    svg = bar_chart_svg(
        [Bar('<script>alert("x")</script> & co', 40, note="<b>n=7</b>")], maximum=100
    )

    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    ElementTree.fromstring(svg)  # noqa: S314 - our own output: it must be well-formed


def test_bar_lengths_follow_the_values_and_a_hidden_figure_has_no_bar():
    svg = bar_chart_svg(
        [Bar("Employees", 50), Bar("Council", None, "hidden: too few responses")],
        maximum=100,
        width=600,
        label_width=200,
        suppressed_text="hidden",
    )
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    texts = [text.text for text in root.iter("{http://www.w3.org/2000/svg}text")]

    # A track for each row, a filled bar only for the shown figure: half the track's width.
    tracks = [rect for rect in rects if rect.get("fill") == "#eef1f4"]
    filled = [rect for rect in rects if rect.get("fill") != "#eef1f4"]
    assert len(filled) == 1
    assert float(filled[0].get("width")) == float(tracks[0].get("width")) / 2
    assert "hidden (hidden: too few responses)" in texts
    assert "50 (" not in " ".join(texts)


def test_a_rating_is_drawn_as_its_mean_on_the_scale_of_0_to_10(in_alpha):
    from reports.documents.phase_two import _question_slide
    from surveys.results import survey_results
    from tests.surveys import results_factories as make

    survey = make.survey()
    rating = make.question(survey, "rating", make.Kind.RATING)
    make.respond(survey, make.group("employees"), {rating: 8}, times=4)
    make.respond(survey, make.group("employees"), {rating: 7}, times=1)

    (section,) = survey_results(survey).sections
    with translation.override("de"):
        chart = _question_slide(section.questions[0]).chart

    assert "Durchschnittliche Bewertung (0–10)" in chart
    assert ">7,8 (n=5)</text>" in chart
    plot, bar = (float(width) for width in re.findall(r'<rect [^>]*width="([\d.]+)"', chart))
    assert bar / plot == pytest.approx(0.78, abs=0.001)


def test_figures_are_rounded_as_the_web_pages_round_them():
    svg = bar_chart_svg([Bar("A", 60.7), Bar("B", 52.5), Bar("C", 5.85)], maximum=100)

    assert ">61</text>" in svg and ">53</text>" in svg and ">6</text>" in svg


def test_a_long_value_and_note_keep_room_right_of_the_bars():
    note = "hidden: too few responses"
    svg = bar_chart_svg([Bar("Employees", 64, note)], maximum=100, unit=" %", width=760)

    (x,) = (float(x) for x in re.findall(r'<text x="([\d.]+)"[^>]*fill="#222">64', svg))
    assert x + len(f"64 % ({note})") * 6.5 <= 760
