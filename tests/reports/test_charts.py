"""The charts are vector SVG with every text escaped, and a hidden figure draws no bar."""

from xml.etree import ElementTree

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
