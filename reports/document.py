"""Turns an evaluation (plain JSON data) into what people read: headlines, charts, tables, PDF."""

from __future__ import annotations

import datetime
from typing import Any

from django.template.loader import render_to_string

from improvement_portal import pdf
from reports import charts, queries, tables

PDF_TEMPLATE = "reports/pdf/evaluation.html"


def _day(value: Any) -> str:
    day = tables.as_date(value)
    return f"{day.day} {day:%B %Y}" if day else ""


def _figure(value: Any, suffix: str = "") -> str:
    if value is None:
        return "Not available"
    if suffix == "%":
        return f"{float(value):.1f}%"
    return tables.number(value)


def headlines(evaluation: dict[str, Any]) -> list[dict[str, str]]:
    """The headline figures, each with the words that say what it counts."""
    leadership = evaluation["leadership"]
    ri = evaluation["ri_or_inadequate"]
    change = ri["percent_change"]
    if change is None:
        ri_label = "change in councils judged requires improvement or inadequate"
    else:
        direction = "decrease" if change < 0 else "increase"
        ri_label = f"{direction} in councils judged requires improvement or inadequate"
    judged = leadership["improved"] + leadership["maintained"] + leadership["declined"]
    courses = evaluation["courses"]
    return [
        {
            "figure": _figure(evaluation["councils_engaged"]),
            "label": "councils where advisers spent time",
        },
        {"figure": _figure(evaluation["adviser_days"]), "label": "adviser days"},
        {
            "figure": _figure(leadership["percent_improved_or_maintained"], "%"),
            "label": (
                "of councils improved or maintained their Ofsted leadership judgement "
                f"({judged} re-inspected)"
            ),
        },
        {
            "figure": _figure(None if change is None else abs(change), "%"),
            "label": f"{ri_label} ({ri['at_start']} at the start, {ri['at_end']} at the end)",
        },
        {
            "figure": _figure(courses["attended"]),
            "label": "Leadership Essentials places attended",
        },
        {
            "figure": _figure(evaluation["mentoring"]["matches_made"]),
            "label": "mentoring matches made",
        },
        {
            "figure": _figure(evaluation["peer_challenges"]["completed"]),
            "label": "peer challenges completed",
        },
    ]


def table_blocks(evaluation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each council-level table with its cells as the reader sees them."""
    blocks = {}
    for table in tables.report_tables(queries.STRAND_LABELS):
        rows = evaluation["tables"].get(table.slug, [])
        blocks[table.slug.replace("-", "_")] = {
            "slug": table.slug,
            "title": table.title,
            "description": table.description,
            "columns": table.columns,
            "rows": [
                [
                    (tables.display(row.get(c.key), c, dates="short"), c.is_numeric)
                    for c in table.columns
                ]
                for row in rows
            ],
        }
    return blocks


def chart_set(evaluation: dict[str, Any]) -> dict[str, str]:
    days_by = evaluation["adviser_days_by"]
    leadership = evaluation["leadership"]
    ri = evaluation["ri_or_inadequate"]
    courses = evaluation["courses"]
    places = [("Places booked", courses["places_booked"]), ("Attended", courses["attended"])]
    if courses["places_offered"] is not None:
        places.insert(0, ("Places offered", courses["places_offered"]))
    return {
        "days_by_strand": charts.bar_chart(
            "Adviser days by strand", [(b["label"], b["days"]) for b in days_by["strand"]]
        ),
        "days_by_region": charts.bar_chart(
            "Adviser days by region", [(b["label"], b["days"]) for b in days_by["region"]]
        ),
        "days_by_funding": charts.bar_chart(
            "Adviser days by funding basis",
            [(b["label"], b["days"]) for b in days_by["funding"]],
        ),
        "leadership": charts.bar_chart(
            "Leadership judgement after support",
            [
                (tables.RESULT_LABELS[key], leadership[key])
                for key in ("improved", "maintained", "declined", "not_reinspected")
            ],
            colours=charts.COLOURS[:4],
        ),
        "ri_or_inadequate": charts.bar_chart(
            "Councils judged requires improvement or inadequate",
            [("At the start", ri["at_start"]), ("At the end", ri["at_end"])],
        ),
        "courses": charts.bar_chart("Leadership Essentials places", places),
        "mentoring": charts.bar_chart(
            "Mentoring matches made, by kind",
            [(k["label"], k["made"]) for k in evaluation["mentoring"]["by_kind"]],
        ),
        "peer_challenges": charts.bar_chart(
            "Peer challenges completed, by region",
            [(r["region"], r["completed"]) for r in evaluation["peer_challenges"]["by_region"]],
        ),
    }


def pdf_context(
    evaluation: dict[str, Any],
    *,
    requested_by: str = "",
    generated_at: datetime.datetime | None = None,
) -> dict[str, Any]:
    period = evaluation["period"]
    return {
        "evaluation": evaluation,
        "scope_name": evaluation["scope"]["name"],
        "start": _day(period["start"]),
        "end": _day(period["end"]),
        "as_of": _day(period["as_of"]),
        "requested_by": requested_by,
        "generated_at": generated_at,
        "headlines": headlines(evaluation),
        "charts": chart_set(evaluation),
        "tables": table_blocks(evaluation),
    }


def render_html(evaluation: dict[str, Any], **meta: Any) -> str:
    """The report as HTML for WeasyPrint (no queries)."""
    return render_to_string(PDF_TEMPLATE, pdf_context(evaluation, **meta))


def render_evaluation_pdf(evaluation: dict[str, Any], **meta: Any) -> bytes:
    """The report as PDF bytes; WeasyPrint may read only the portal's static files."""
    return pdf.render_pdf(PDF_TEMPLATE, pdf_context(evaluation, **meta))
