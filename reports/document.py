"""Turns an evaluation (plain JSON data) into what people read: headlines, charts, tables, PDF."""

from __future__ import annotations

import datetime
from typing import Any

from django.template.loader import render_to_string

from improvement_portal import pdf
from reports import charts, comparison, narrative, queries, tables

PDF_TEMPLATE = "reports/pdf/evaluation.html"
AUTHOR = "Local Government Association, Children's Services Improvement"
# Tagged PDF/UA-1: a structure tree with headings, table header cells and figure text
# alternatives, the document language and title, for screen readers and for reflow.
PDF_VARIANT = "pdf/ua-1"
EMPTY_TABLES = {
    "leadership-essentials-sessions": "No Leadership Essentials sessions ran in the period.",
    "peer-challenges": "No peer challenge was completed in the period.",
    "comparison": "Every council in scope was engaged in the period.",
}


def _day(value: Any) -> str:
    day = tables.as_date(value)
    return f"{day.day} {day:%B %Y}" if day else ""


def _figure(value: Any, suffix: str = "") -> str:
    if value is None:
        return "Not available"
    if suffix == "%":
        return f"{float(value):.1f}%"
    return tables.number(value)


def _nothing(figure: Any, words: str) -> dict[str, str] | None:
    """A headline for a figure with nothing behind it: the words, never a bare 0."""
    return {"figure": "None", "label": words} if not figure else None


def _leadership_headline(evaluation: dict[str, Any]) -> dict[str, str]:
    leadership = evaluation["leadership"]
    judged = comparison.judged(leadership)
    if not judged:
        return {
            "figure": "None",
            "label": "of the councils engaged has been re-inspected by Ofsted yet",
        }
    label = (
        "of councils improved or maintained their Ofsted leadership judgement after support "
        f"({judged} re-inspected"
    )
    if leadership.get("interval_95"):
        low, high = leadership["interval_95"]
        label += f"; 95% interval {low:.1f}% to {high:.1f}%"
    label += ")"
    others = evaluation.get("comparison")
    if others and others["percent_improved_or_maintained"] is not None:
        label += (
            f", against {others['percent_improved_or_maintained']:.1f}% of the "
            f"{comparison.judged(others)} re-inspected councils not engaged"
        )
        if evaluation.get("difference_points") is not None:
            difference = evaluation["difference_points"]
            label += f" (a difference of {difference:+.1f} points)".replace("+0.0", "0.0")
    return {"figure": _figure(leadership["percent_improved_or_maintained"], "%"), "label": label}


def headlines(evaluation: dict[str, Any]) -> list[dict[str, str]]:
    """The headline figures, each with the words that say what it counts."""
    ri = evaluation["ri_or_inadequate"]
    change = ri["percent_change"]
    if change is None:
        ri_label = "change in councils judged requires improvement or inadequate"
    else:
        direction = "decrease" if change < 0 else "increase"
        ri_label = f"{direction} in councils judged requires improvement or inadequate"
    courses = evaluation["courses"]
    mentoring = evaluation["mentoring"]
    challenges = evaluation["peer_challenges"]["completed"]
    return [
        _nothing(evaluation["councils_engaged"], "No adviser engagement was recorded in the period")
        or {
            "figure": _figure(evaluation["councils_engaged"]),
            "label": "councils where advisers spent time",
        },
        {"figure": _figure(evaluation["adviser_days"]), "label": "adviser days"},
        _leadership_headline(evaluation),
        {
            "figure": _figure(None if change is None else abs(change), "%"),
            "label": f"{ri_label} ({ri['at_start']} at the start, {ri['at_end']} at the end)",
        },
        _nothing(courses["sessions_run"], "No Leadership Essentials sessions ran in the period")
        or {
            "figure": _figure(courses["attended"]),
            "label": "Leadership Essentials places attended",
        },
        _nothing(mentoring["matches_made"], "No mentoring match was made in the period")
        or {"figure": _figure(mentoring["matches_made"]), "label": "mentoring matches made"},
        _nothing(challenges, "No peer challenge was completed in the period")
        or {"figure": _figure(challenges), "label": "peer challenges completed"},
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
            "empty": EMPTY_TABLES.get(table.slug, "No councils for this period."),
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


def _chart(title: str, items: list[tuple[str, Any]], **options: Any) -> str:
    """A bar chart, or nothing when every value is 0: the text beside it says so in words."""
    if not any(value for _, value in items):
        return ""
    return charts.bar_chart(title, items, **options)


def _comparison_chart(evaluation: dict[str, Any]) -> str:
    groups = [("Councils engaged", evaluation["leadership"])]
    if evaluation.get("comparison"):
        groups.append(("Councils not engaged", evaluation["comparison"]))
    judged = [(label, f) for label, f in groups if f["percent_improved_or_maintained"] is not None]
    if not judged:
        return ""
    description = "Leadership improved or maintained: " + "; ".join(
        f"{label} {f['percent_improved_or_maintained']:.1f}% of {comparison.judged(f)} "
        f"re-inspected (95% interval {f['interval_95'][0]:.1f}% to {f['interval_95'][1]:.1f}%)"
        for label, f in judged
    )
    return charts.percent_chart(
        [(label, f["percent_improved_or_maintained"], f["interval_95"]) for label, f in judged],
        description=description + ".",
    )


def chart_set(evaluation: dict[str, Any]) -> dict[str, str]:
    days_by = evaluation["adviser_days_by"]
    leadership = evaluation["leadership"]
    ri = evaluation["ri_or_inadequate"]
    courses = evaluation["courses"]
    places = [("Places booked", courses["places_booked"]), ("Attended", courses["attended"])]
    if courses["places_offered"] is not None:
        places.insert(0, ("Places offered", courses["places_offered"]))
    return {
        "days_by_strand": _chart(
            "Adviser days by strand", [(b["label"], b["days"]) for b in days_by["strand"]]
        ),
        "days_by_region": _chart(
            "Adviser days by region", [(b["label"], b["days"]) for b in days_by["region"]]
        ),
        "days_by_funding": _chart(
            "Adviser days by funding basis",
            [(b["label"], b["days"]) for b in days_by["funding"]],
        ),
        "leadership": _chart(
            "Leadership judgement after support",
            [
                (tables.RESULT_LABELS[key], leadership[key])
                for key in ("improved", "maintained", "declined", "not_reinspected")
            ],
            colours=charts.COLOURS[:4],
        ),
        "comparison": _comparison_chart(evaluation),
        "ri_or_inadequate": _chart(
            "Councils judged requires improvement or inadequate",
            [("At the start", ri["at_start"]), ("At the end", ri["at_end"])],
        ),
        "courses": _chart("Leadership Essentials places", places),
        "mentoring": _chart(
            "Mentoring matches made, by kind",
            [(k["label"], k["made"]) for k in evaluation["mentoring"]["by_kind"]],
        ),
        "peer_challenges": _chart(
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
        "author": AUTHOR,
        "summary": narrative.summary(evaluation),
        "published": narrative.published_comparison(evaluation),
        "leadership_sentences": narrative.leadership(evaluation),
        "ri_sentence": narrative.ri_change(evaluation),
        "delivered": narrative.delivered(evaluation),
        "headlines": headlines(evaluation),
        "charts": chart_set(evaluation),
        "tables": table_blocks(evaluation),
    }


def render_html(evaluation: dict[str, Any], **meta: Any) -> str:
    """The report as HTML for WeasyPrint (no queries)."""
    return render_to_string(PDF_TEMPLATE, pdf_context(evaluation, **meta))


def render_evaluation_pdf(evaluation: dict[str, Any], **meta: Any) -> bytes:
    """The report as PDF bytes; WeasyPrint may read only the portal's static files."""
    return html_to_pdf(render_html(evaluation, **meta))


def html_to_pdf(html: str) -> bytes:
    """The report's HTML as a tagged, accessible PDF."""
    return pdf.html_to_pdf(html, variant=PDF_VARIANT)
