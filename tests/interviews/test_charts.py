"""The radar chart is a pure function that draws safe, accessible SVG."""

import xml.etree.ElementTree as ET

import pytest

from interviews.charts import radar_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_the_radar_is_well_formed_accessible_svg():
    svg = radar_svg(["A", "B", "C", "D"], [1, 5, None, 3], title="Reife", description="3 von 4")

    root = ET.fromstring(svg)  # noqa: S314 -- our own output
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Reife"
    assert root.find(f"{SVG}desc").text == "3 von 4"
    assert root.get("aria-labelledby") == "radar-title radar-desc"
    # One dot per rated topic; an unrated one is shown as "–".
    assert len(root.findall(f"{SVG}circle")) == 3
    assert "C (–)" in "".join(root.itertext())


def test_labels_and_titles_are_escaped():
    svg = radar_svg(["<script>alert(1)</script>", "B & C", "D"], [1, 2, 3], title="<b>")

    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "B &amp; C" in svg
    ET.fromstring(svg)  # noqa: S314 -- our own output


def test_labels_and_values_must_pair_up():
    with pytest.raises(ValueError):
        radar_svg(["A", "B"], [1])


def test_values_outside_the_scale_are_drawn_at_its_edge():
    inside = radar_svg(["A", "B", "C"], [5, 5, 5])
    beyond = radar_svg(["A", "B", "C"], [9, 9, 9])

    assert inside.replace("(5)", "(9)") == beyond


def test_long_labels_wrap_and_an_overlong_word_is_set_smaller_not_cut_off():
    """A line wider than the margin around the radar ran past the picture's edge."""
    labels = ["Informations- & Entscheidungsverhalten", "Digitale Geschäftsprozesse", "E-Akte"]
    root = ET.fromstring(radar_svg(labels, [1, 2, 3]))  # noqa: S314 -- our own output

    spans = [
        [(span.text, float(span.get("font-size"))) for span in text.findall(f"{SVG}tspan")]
        for text in root.iter(f"{SVG}text")
    ]
    spans = [lines for lines in spans if lines]
    assert spans[0] == [("Informations- &", 12), ("Entscheidungsverhalten (1)", 10.2)]
    assert spans[1] == [("Digitale", 12), ("Geschäftsprozesse (2)", 12)]
    assert spans[2] == [("E-Akte (3)", 12)]
