"""Builds an evaluation: loads the data once, computes every metric, returns plain JSON data."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from reports import comparison, metrics, queries

# The keys `evaluation_report --format json` prints are a public contract (DESIGN.md).
CONTRACT_KEYS = (
    "councils_engaged",
    "adviser_days",
    "leadership",
    "comparison",
    "difference_points",
    "ri_or_inadequate",
    "courses",
    "mentoring",
    "peer_challenges",
)


def build_evaluation(scope: queries.Scope) -> dict[str, Any]:
    """Every metric of the evaluation for the scope, with its council-level rows, as JSON data."""
    data = queries.load_report_data(scope)
    return compute_evaluation(scope, data)


def compute_evaluation(scope: queries.Scope, data: queries.ReportData) -> dict[str, Any]:
    """The evaluation from data already loaded (no queries)."""
    engaged = metrics.councils_engaged(data.engagements, data.councils)
    days = metrics.adviser_days(
        data.engagements,
        data.councils,
        strand_labels=queries.STRAND_LABELS,
        funding_labels=queries.FUNDING_LABELS,
    )
    leadership = metrics.leadership_change(
        data.engagements, data.councils, data.history, as_of=scope.as_of
    )
    leadership.figure = comparison.with_interval(leadership.figure)
    not_engaged = comparison.comparison_group(
        data.engagements, data.councils, data.history, start=scope.start, as_of=scope.as_of
    )
    ri = metrics.ri_or_inadequate_change(
        data.councils, data.history, start=scope.start, end=scope.end
    )
    courses = metrics.leadership_essentials(
        data.sessions, data.bookings, data.councils, national=scope.region is None
    )
    mentoring = metrics.mentoring(data.matches, data.councils, kind_labels=queries.KIND_LABELS)
    challenges = metrics.peer_challenges(data.challenges, data.councils)
    by_grade = comparison.by_baseline_grade(leadership.rows, not_engaged.rows)
    evaluation = {
        "period": {
            "start": scope.start,
            "end": scope.end,
            "as_of": scope.as_of,
        },
        "scope": {
            "region": scope.region.code if scope.region else None,
            "name": scope.label,
        },
        "councils_engaged": engaged.figure,
        "adviser_days": days.figure,
        "adviser_days_by": days.breakdowns,
        "leadership": leadership.figure,
        "comparison": not_engaged.figure,
        "difference_points": comparison.difference_points(leadership.figure, not_engaged.figure),
        "leadership_by_baseline_grade": by_grade,
        "ri_or_inadequate": ri.figure,
        "courses": courses.figure,
        "mentoring": mentoring.figure,
        "peer_challenges": challenges.figure,
        "tables": {
            "councils-engaged": engaged.rows,
            "adviser-days": days.rows,
            "leadership": leadership.rows,
            "comparison": not_engaged.rows,
            "leadership-by-baseline-grade": by_grade,
            "ri-or-inadequate": ri.rows,
            "leadership-essentials": courses.rows,
            "leadership-essentials-sessions": courses.breakdowns["sessions"],
            "mentoring": mentoring.rows,
            "peer-challenges": challenges.rows,
        },
    }
    return jsonable(evaluation)


def jsonable(value: Any) -> Any:
    """Dates as ISO strings and Decimals as numbers, all the way down."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def contract_view(evaluation: dict[str, Any]) -> dict[str, Any]:
    """The evaluation without its council-level tables: what the command line prints."""
    return {key: value for key, value in evaluation.items() if key != "tables"}
