"""The roadmap timeline as SVG: measures as bars over quarters, grouped, with dependency arrows.

`timeline_svg` is a pure function (no database, no request, no translation lookups) so the
browser page and the PDF roadmap document draw exactly the same picture. It uses presentation
attributes rather than CSS classes, which WeasyPrint renders as well as browsers do. Colour is
never the only carrier of meaning: each bar's state is in its tooltip and in the legend's
words, blocked bars are also dashed and every bar carries its percentage when known.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from .schedule import quarter_end, quarter_start, quarters_between

TONES = {
    # tone: (fill, stroke, dashed)
    "planned": ("#adb5bd", "#495057", False),
    "on_track": ("#2f8f5b", "#1d5c3a", False),
    "late": ("#e8891a", "#8a4d06", False),
    "blocked": ("#c0392b", "#5e1a13", True),
    "done": ("#3b6fb6", "#1f3f6b", False),
}
ROW = 26
BAR = 16
HEADER = 34
FONT = 'font-family="Helvetica, Arial, sans-serif"'


@dataclass(frozen=True)
class Bar:
    key: int
    label: str
    group: str
    starts_on: date
    ends_on: date
    tone: str = "planned"
    state: str = ""  # words for the tone, shown in the tooltip
    percent: int | None = None


def _text(x: float, y: float, content: str, *, size: int = 12, **attributes: str) -> str:
    extra = "".join(
        f" {name.replace('_', '-')}={quoteattr(value)}" for name, value in attributes.items()
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" {FONT}{extra}>{escape(content)}</text>'
    )


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def timeline_svg(
    bars: Sequence[Bar],
    *,
    title: str,
    arrows: Sequence[tuple[int, int]] = (),
    legend: Sequence[tuple[str, str]] = (),
    today: date | None = None,
    today_label: str = "today",
    empty_label: str = "Nothing to show yet.",
    width: int = 1100,
    label_width: int = 280,
) -> str:
    """SVG markup of the bars, in the order given, under a heading row per group.

    `arrows` are (from key, to key) pairs: the first measure must finish before the second
    starts (dependency → dependent). `legend` pairs a tone with the words for it.
    """
    if not bars:
        height = 60
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
            f'width="100%" aria-labelledby="timeline-title"><title id="timeline-title">'
            f"{escape(title)}</title>{_text(10, 34, empty_label, size=14, fill='#495057')}</svg>"
        )
    first = min(bar.starts_on for bar in bars)
    last = max(bar.ends_on for bar in bars)
    quarters = quarters_between(first, last)
    span_start = quarter_start(*quarters[0])
    span_days = (quarter_end(*quarters[-1]) - span_start).days + 1
    plot_width = width - label_width - 10
    column = plot_width / len(quarters)

    def x_of(day: date) -> float:
        return label_width + plot_width * (day - span_start).days / span_days

    rows = len(bars) + sum(
        1 for index, bar in enumerate(bars) if index == 0 or bars[index - 1].group != bar.group
    )
    body = rows * ROW + 6
    parts: list[str] = []
    # Quarter columns and their labels.
    for index, (year, quarter) in enumerate(quarters):
        left = label_width + index * column
        shade = "#f4f6f8" if index % 2 == 0 else "#ffffff"
        parts.append(
            f'<rect x="{left:.1f}" y="{HEADER - 6}" width="{column:.1f}" height="{body}" '
            f'fill="{shade}"/>'
        )
        label = f"Q{quarter} {year}" if column >= 56 else f"Q{quarter}"
        parts.append(
            _text(left + column / 2, 20, label, size=11, text_anchor="middle", fill="#343a40")
        )

    y = HEADER
    centres: dict[int, tuple[float, float, float]] = {}
    group = None
    label_limit = max(12, label_width // 7)
    for bar in bars:
        if bar.group != group:
            group = bar.group
            parts.append(_text(6, y + 17, group, size=12, font_weight="bold", fill="#212529"))
            parts.append(
                f'<line x1="0" y1="{y + ROW - 2}" x2="{width}" y2="{y + ROW - 2}" '
                f'stroke="#ced4da" stroke-width="1"/>'
            )
            y += ROW
        fill, stroke, dashed = TONES.get(bar.tone, TONES["planned"])
        left, right = x_of(bar.starts_on), x_of(bar.ends_on) + plot_width / span_days
        top = y + (ROW - BAR) / 2
        tooltip = f"{bar.label} · {bar.state}" if bar.state else bar.label
        if bar.percent is not None:
            tooltip += f" · {bar.percent} %"
        dash = ' stroke-dasharray="4 2"' if dashed else ""
        parts.append(
            f"<g><title>{escape(tooltip)}</title>"
            + _text(14, y + 17, _shorten(bar.label, label_limit), size=12, fill="#212529")
            + f'<rect x="{left:.1f}" y="{top:.1f}" width="{max(right - left, 4):.1f}" '
            f'height="{BAR}" rx="3" fill="{fill}" stroke="{stroke}" stroke-width="1.2"{dash}/>'
            + (
                _text(right + 4, y + 17, f"{bar.percent} %", size=10, fill="#212529")
                if bar.percent is not None
                else ""
            )
            + "</g>"
        )
        centres[bar.key] = (left, right, y + ROW / 2)
        y += ROW

    for source, target in arrows:
        if source not in centres or target not in centres:
            continue
        _, from_x, from_y = centres[source]
        to_x, _, to_y = centres[target]
        elbow = from_x + 6
        parts.append(
            f'<path d="M{from_x:.1f},{from_y:.1f} H{elbow:.1f} V{to_y:.1f} H{to_x - 2:.1f}" '
            f'fill="none" stroke="#343a40" stroke-width="1.2" marker-end="url(#arrow)"/>'
        )

    if today is not None and span_start <= today <= last:
        today_x = x_of(today)
        parts.append(
            f'<line x1="{today_x:.1f}" y1="{HEADER - 6}" x2="{today_x:.1f}" y2="{y}" '
            f'stroke="#b02a37" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        parts.append(_text(today_x + 3, HEADER - 8, today_label, size=10, fill="#b02a37"))

    legend_y = y + 22
    legend_x = 6.0
    for tone, words in legend:
        fill, stroke, dashed = TONES.get(tone, TONES["planned"])
        dash = ' stroke-dasharray="4 2"' if dashed else ""
        parts.append(
            f'<rect x="{legend_x:.1f}" y="{legend_y - 11}" width="22" height="12" rx="2" '
            f'fill="{fill}" stroke="{stroke}"{dash}/>'
        )
        parts.append(_text(legend_x + 28, legend_y, words, size=11, fill="#212529"))
        legend_x += 40 + 7 * len(words)
    height = legend_y + 12 if legend else y + 10

    markup = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="timeline-title" class="ww-roadmap-timeline">'
        f'<title id="timeline-title">{escape(title)}</title>'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#343a40"/></marker></defs>'
        f"{markup}</svg>"
    )
