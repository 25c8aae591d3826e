"""Charts for the report PDF, drawn on the server as inline SVG (no JavaScript, no images).

Every bar carries its value in text, so the chart reads without colour and its figures can be
found in the PDF's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

from reports.tables import number

WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 70
BAR_HEIGHT = 18
GAP = 8
FONT = "DejaVu Sans, Arial, sans-serif"
COLOURS = ("#1d70b8", "#00703c", "#d4351c", "#505a5f", "#4c2c92", "#f47738")


def bar_chart(
    title: str,
    items: Sequence[tuple[str, float | int | None]],
    *,
    unit: str = "",
    colours: Sequence[str] = COLOURS[:1],
    description: str = "",
) -> SafeString:
    """A horizontal bar chart of ``(label, value)`` pairs, each bar labelled with its value.

    Its ``<title>`` is the text alternative a tagged PDF gives the figure: the title and every
    value in words, or ``description`` when the chart needs more said.
    """
    values = [float(value or 0) for _, value in items]
    top = max(values, default=0) or 1
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(1, len(items)) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{FONT}" font-size="11">',
        f"<title>{escape(description or text_alternative(title, items, unit=unit))}</title>",
    ]
    if not items:
        parts.append(f'<text x="0" y="{BAR_HEIGHT}" fill="#505a5f">No data for this period.</text>')
    for index, ((label, raw), value) in enumerate(zip(items, values, strict=True)):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(bar_space * value / top, 1)
        colour = colours[index % len(colours)]
        text = "" if raw is None else f"{number(raw)}{unit}"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end" fill="#0b0c0c">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 13}" fill="#0b0c0c">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def percent_chart(
    items: Sequence[tuple[str, float, Sequence[float]]], *, description: str
) -> SafeString:
    """Percentages on a 0 to 100 scale, each with its 95% interval drawn as a line across it.

    ``items`` are ``(label, percent, (low, high))``; the value and interval are written at the
    right in text too, so the chart reads without the drawing.
    """
    bar_space = WIDTH - LABEL_WIDTH - 170  # room at the right for "83.3% (72.0 to 90.7)"
    height = max(1, len(items)) * (BAR_HEIGHT + GAP) + GAP

    def x(value: float) -> float:
        return round(LABEL_WIDTH + bar_space * value / 100, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{FONT}" font-size="11">',
        f"<title>{escape(description)}</title>",
    ]
    for index, (label, value, (low, high)) in enumerate(items):
        y = GAP + index * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end" fill="#0b0c0c">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{x(value) - LABEL_WIDTH}" '
            f'height="{BAR_HEIGHT}" fill="{COLOURS[index % 2]}" fill-opacity="0.75"/>'
            f'<path d="M{x(low)} {middle}H{x(high)}M{x(low)} {y + 3}V{y + BAR_HEIGHT - 3}'
            f'M{x(high)} {y + 3}V{y + BAR_HEIGHT - 3}" stroke="#0b0c0c" stroke-width="1.5"/>'
            f'<text x="{LABEL_WIDTH + bar_space + 8}" y="{y + 13}" fill="#0b0c0c">'
            f"{value:.1f}% ({low:.1f} to {high:.1f})</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - the only text, the labels, is escaped


def text_alternative(
    title: str, items: Sequence[tuple[str, float | int | None]], *, unit: str = ""
) -> str:
    """The chart in one sentence: "Adviser days by strand: Intensive support 12; Other 0.5."."""
    if not items:
        return f"{title}: no data for this period."
    values = "; ".join(
        f"{label} {'not available' if value is None else number(value) + unit}"
        for label, value in items
    )
    return f"{title}: {values}."
