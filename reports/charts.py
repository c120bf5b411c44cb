"""Charts for the documents, drawn as SVG on the server: vector, so they print sharply.

Every text that reaches the markup goes through `escape`: labels are user text (question
wording, group names), and an SVG inlined into the document's HTML is parsed as markup.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "font-family=\"'Source Sans 3', 'DejaVu Sans', sans-serif\""


@dataclass(frozen=True)
class Bar:
    label: str
    # None: not shown, e.g. a group below the survey's small-group threshold.
    value: float | None
    note: str = ""


def _wrap(text: str, width: int) -> list[str]:
    """Break a label into lines of at most `width` characters (at most three lines)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = [*lines[:2], lines[2][: width - 1] + "…"]
    return lines or [""]


def _number(value: float, decimals: int) -> str:
    # Rounded half up as the web pages' floatformat does (number_format would cut 60.7 to 60),
    # then written in the document's language: 7,5 in German, 7.5 in English.
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimals)


def _value_text(bar: Bar, unit: str, decimals: int, suppressed_text: str) -> str:
    value = suppressed_text if bar.value is None else f"{_number(bar.value, decimals)}{unit}"
    return value + (f" ({bar.note})" if bar.note else "")


def bar_chart_svg(
    bars: Sequence[Bar],
    *,
    maximum: float | None = None,
    colour: str = "#1f5f8b",
    unit: str = "",
    decimals: int = 0,
    width: int = 640,
    label_width: int = 210,
    bar_height: int = 20,
    suppressed_text: str = "–",
    title: str = "",
) -> SafeString:
    """A horizontal bar chart: one row per bar, its label on the left, its value at the end.

    Horizontal, because survey answers and group names are long and must stay readable.
    """
    shown = [bar.value for bar in bars if bar.value is not None]
    top = maximum if maximum is not None else max(shown, default=0) or 1
    label_chars = max(12, label_width // 7)
    rows = [(bar, _wrap(bar.label, label_chars)) for bar in bars]
    row_heights = [max(bar_height, 14 * len(lines)) + 10 for _, lines in rows]
    height = sum(row_heights) + 8
    values = [_value_text(bar, unit, decimals, suppressed_text) for bar in bars]
    # Room right of the bars for the longest value and its note ("64 % (118/183)"), at about
    # 6.5 px a character in 12 px type; the bars get the rest, and never less than half.
    value_width = min(max((len(text) for text in values), default=0) * 6.5 + 12, width / 2)
    plot_left = label_width + 10
    plot_width = max(width - plot_left - max(value_width, 70), (width - plot_left) / 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" {FONT}>'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    y = 4
    for (bar, lines), row_height, value_text in zip(rows, row_heights, values, strict=True):
        middle = y + row_height / 2
        first_line = middle - (len(lines) - 1) * 7 + 4
        for index, line in enumerate(lines):
            parts.append(
                f'<text x="{label_width}" y="{first_line + index * 14:.1f}" font-size="12" '
                f'text-anchor="end" fill="#333">{escape(line)}</text>'
            )
        parts.append(
            f'<rect x="{plot_left}" y="{middle - bar_height / 2:.1f}" width="{plot_width}" '
            f'height="{bar_height}" fill="#eef1f4"/>'
        )
        if bar.value is not None:
            length = plot_width * max(0.0, min(bar.value / top, 1.0))
            parts.append(
                f'<rect x="{plot_left}" y="{middle - bar_height / 2:.1f}" width="{length:.1f}" '
                f'height="{bar_height}" fill="{escape(colour)}"/>'
            )
        parts.append(
            f'<text x="{plot_left + plot_width + 6:.1f}" y="{middle + 4:.1f}" font-size="12" '
            f'fill="#222">{escape(value_text)}</text>'
        )
        y += row_height
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def progress_bars_svg(
    bars: Sequence[Bar], *, colour: str = "#1f5f8b", title: str = ""
) -> SafeString:
    """Progress of measures in percent."""
    return bar_chart_svg(bars, maximum=100, unit=" %", colour=colour, title=title)
