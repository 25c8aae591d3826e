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
