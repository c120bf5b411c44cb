"""Charts drawn on the server as SVG: the browser page and the PDF report show the same picture."""

import math
from collections.abc import Sequence
from html import escape

# Label lines are at most this many characters, and the value after the last: the margin
# around the radar holds them. A longer word (Entscheidungsverhalten) gets a line of its own
# in a smaller type, rather than running past the picture's edge and being cut off.
LABEL_CHARS = 18
LABEL_LINES = 3
VALUE_CHARS = 4  # " (3)"


def _wrap(label: str, width: int = LABEL_CHARS) -> list[str]:
    """Split a label into at most three lines at word boundaries."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > LABEL_LINES:
        last = " ".join(lines[LABEL_LINES - 1 :])
        lines = [*lines[: LABEL_LINES - 1], last[: width - 1] + "…"]
    return lines


def _font_size(line: str, size: int = 12) -> str:
    """The type size that fits `line` in the room of LABEL_CHARS characters and a value."""
    room = LABEL_CHARS + VALUE_CHARS
    return f"{size}" if len(line) <= room else f"{size * room / len(line):.1f}"


def radar_svg(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    maximum: float = 5,
    title: str = "",
    description: str = "",
    size: int = 300,
    colour: str = "#1f5f8b",
    ident: str = "radar",
) -> str:
    """A radar chart of `values` (None: not rated) on axes named by `labels`, as an SVG string.

    Pure: no database, no request. Labels are escaped. The SVG carries role="img", a <title>
    and a <desc>; pages should still show the numbers as a table next to it.
    """
    if len(labels) != len(values):
        raise ValueError("labels and values must have the same length")
    # Wide margins left and right hold the labels' lines; above and below, only the labels
    # at the top and the bottom of the circle need room.
    margin_x, margin_y = 170, 70
    radius = size / 2
    cx, cy = margin_x + radius, margin_y + radius
    width, height = 2 * margin_x + size, 2 * margin_y + size
    count = len(labels)

    def point(index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        return (
            round(cx + math.cos(angle) * radius * fraction, 1),
            round(cy + math.sin(angle) * radius * fraction, 1),
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" class="ww-radar" '
        f'font-family="sans-serif" font-size="12">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    if count < 3:
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="none" stroke="#ced4da"/>')
    for step in range(1, int(maximum) + 1):
        ring = " ".join(f"{x},{y}" for x, y in (point(i, step / maximum) for i in range(count)))
        if count >= 3:
            parts.append(f'<polygon points="{ring}" fill="none" stroke="#ced4da"/>')
        x, y = point(0, step / maximum)
        parts.append(f'<text x="{x + 4}" y="{y + 4}" fill="#6c757d" font-size="10">{step:g}</text>')
    for index, label in enumerate(labels):
        x, y = point(index, 1)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x}" y2="{y}" stroke="#dee2e6"/>')
        lx, ly = point(index, 1.12)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        value = values[index]
        lines = _wrap(label)
        lines[-1] += f" ({value:g})" if value is not None else " (–)"
        first_dy = -0.6 * (len(lines) - 1) + (0.35 if abs(ly - cy) < radius * 0.9 else 0)
        if ly > cy + radius * 0.9:
            first_dy += 0.8
        spans = "".join(
            f'<tspan x="{lx}" dy="{first_dy if n == 0 else 1.2:.2f}em" '
            f'font-size="{_font_size(line)}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(
            f'<text x="{lx}" y="{ly}" text-anchor="{anchor}" fill="#212529">{spans}</text>'
        )
    rated = [(i, v) for i, v in enumerate(values) if v is not None]
    if rated and count >= 3:
        shape = " ".join(
            f"{x},{y}"
            for x, y in (
                point(i, max(0.0, min(v if v is not None else 0, maximum)) / maximum)
                for i, v in enumerate(values)
            )
        )
        parts.append(
            f'<polygon points="{shape}" fill="{escape(colour)}" fill-opacity="0.25" '
            f'stroke="{escape(colour)}" stroke-width="2"/>'
        )
    for index, value in rated:
        x, y = point(index, max(0.0, min(value, maximum)) / maximum)
        parts.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{escape(colour)}"/>')
    parts.append("</svg>")
    return "".join(parts)
