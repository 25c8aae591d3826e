"""The council-level tables of an evaluation report: their columns, and how cells are shown.

The same specification drives the PDF, the CSV files and the workbook, so a figure reads the
same wherever it is checked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from councils import trajectories
from councils.models import Grade

RESULT_LABELS = trajectories.RESULT_LABELS
GRADE_LABELS = {
    Grade.OUTSTANDING: "Outstanding",
    Grade.GOOD: "Good",
    Grade.REQUIRES_IMPROVEMENT: "Requires improvement",
    Grade.INADEQUATE: "Inadequate",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, number, days, percent, date, grade, result, exists_yes_no

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("number", "days", "percent")


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: tuple[Column, ...]
    description: str = ""


COUNCIL = Column("council", "Council")
GSS = Column("gss_code", "GSS code")
REGION = Column("region", "Region")


def adviser_days_columns(strand_labels: dict[str, str]) -> tuple[Column, ...]:
    strands = tuple(Column(f"days_{key}", label, "days") for key, label in strand_labels.items())
    return (COUNCIL, GSS, REGION, *strands, Column("days", "All strands", "days"))


def trajectory_columns(baseline: str) -> tuple[Column, ...]:
    """A council's leadership judgement before, the latest after, and the result."""
    return (
        Column("baseline_grade", baseline, "grade"),
        Column("baseline_published", "Published", "date"),
        Column("outcome_grade", "Leadership after", "grade"),
        Column("outcome_published", "Published", "date"),
        Column("result", "Result", "result"),
    )


def report_tables(strand_labels: dict[str, str]) -> tuple[Table, ...]:
    """Every table of the report, in the order the PDF and the workbook show them."""
    return (
        Table(
            "councils-engaged",
            "Councils engaged",
            (
                COUNCIL,
                GSS,
                REGION,
                Column("first_engagement", "First engagement in the period", "date"),
                Column("engagements", "Engagements", "number"),
                Column("days", "Adviser days", "days"),
            ),
            "Every council with at least one engagement dated in the period.",
        ),
        Table(
            "adviser-days",
            "Adviser days by council and strand",
            adviser_days_columns(strand_labels),
            "Days recorded on engagements dated in the period.",
        ),
        Table(
            "leadership",
            "Leadership judgements before and after support",
            (
                COUNCIL,
                GSS,
                REGION,
                Column("first_engagement", "First engagement", "date"),
                *trajectory_columns("Leadership before"),
            ),
            "For each council engaged, the leadership judgement before its first engagement "
            "in the period against the latest one published after it.",
        ),
        Table(
            "comparison",
            "Comparison group (not engaged)",
            (
                COUNCIL,
                GSS,
                REGION,
                *trajectory_columns("Leadership at the start"),
            ),
            "Every council in scope operating at the start of the period with no engagement "
            "dated in it: the leadership judgement at the start against the latest one "
            "published after it.",
        ),
        Table(
            "leadership-by-baseline-grade",
            "Leadership by baseline grade",
            (
                Column("baseline_grade", "Leadership at the baseline", "grade"),
                Column("group", "Group"),
                Column("councils", "Councils", "number"),
                Column("improved", "Improved", "number"),
                Column("maintained", "Maintained", "number"),
                Column("declined", "Declined", "number"),
                Column("not_reinspected", "Not yet re-inspected", "number"),
                Column("percent_improved_or_maintained", "Improved or maintained (%)", "percent"),
                Column("interval_low", "95% interval from (%)", "percent"),
                Column("interval_high", "95% interval to (%)", "percent"),
            ),
            "Councils engaged and not engaged, by their baseline leadership grade; councils "
            "without a baseline judgement are left out.",
        ),
        Table(
            "ri-or-inadequate",
            "Overall effectiveness at the start and end of the period",
            (
                COUNCIL,
                GSS,
                REGION,
                Column("grade_at_start", "At the start", "grade"),
                Column("published_at_start", "Published", "date"),
                Column("ri_at_start", "RI or inadequate at the start", "exists_yes_no"),
                Column("grade_at_end", "At the end", "grade"),
                Column("published_at_end", "Published", "date"),
                Column("ri_at_end", "RI or inadequate at the end", "exists_yes_no"),
            ),
            "Every council in scope that existed at the start or the end of the period.",
        ),
        Table(
            "leadership-essentials",
            "Leadership Essentials places by council",
            (
                COUNCIL,
                GSS,
                REGION,
                Column("places_booked", "Places booked", "number"),
                Column("attended", "Attended", "number"),
                Column("attendance_percent", "Attendance", "percent"),
                Column("feedback_responses", "Feedback responses", "number"),
                Column("mean_rating", "Mean rating (1 to 5)", "number"),
            ),
            "Places on Leadership Essentials sessions in the period, by the booker's council.",
        ),
        Table(
            "leadership-essentials-sessions",
            "Leadership Essentials sessions",
            (
                Column("session", "Session"),
                Column("date", "Date", "date"),
                Column("place", "Place"),
                Column("capacity", "Places offered", "number"),
                Column("places_booked", "Places booked", "number"),
                Column("attended", "Attended", "number"),
                Column("attendance_percent", "Attendance", "percent"),
                Column("mean_rating", "Mean rating (1 to 5)", "number"),
            ),
            "Sessions scheduled in the period that were not cancelled.",
        ),
        Table(
            "mentoring",
            "Mentoring matches by the mentee's council",
            (
                COUNCIL,
                GSS,
                REGION,
                Column("made", "Matches made", "number"),
                Column("active_at_end", "Active at the end", "number"),
                Column("completed", "Completed", "number"),
            ),
        ),
        Table(
            "peer-challenges",
            "Peer challenges completed",
            (
                COUNCIL,
                GSS,
                REGION,
                Column("completed_on", "Feedback letter sent", "date"),
                Column("focus", "Focus"),
            ),
        ),
    )


def as_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def display(value: Any, column: Column, *, dates: str = "long") -> str:
    """A cell as a reader sees it: ``dates`` is long (3 March 2025), short (3 Mar 2025) or iso."""
    if column.kind == "exists_yes_no" and value is None:
        return "Did not exist"
    if value is None or value == "":
        return ""
    if column.kind == "date":
        return format_date(as_date(value), dates)
    if column.kind == "grade":
        return GRADE_LABELS.get(int(value), str(value))
    if column.kind == "result":
        return RESULT_LABELS.get(value, str(value))
    if column.kind in ("yes_no", "exists_yes_no"):
        return "Yes" if value else "No"
    if column.kind == "percent":
        return f"{float(value):.1f}"
    if column.kind == "days" or isinstance(value, float):
        return number(value)
    return str(value)


def format_date(day: datetime.date | None, style: str = "long") -> str:
    if day is None:
        return ""
    if style == "iso":
        return day.isoformat()
    return f"{day.day} {day:%b %Y}" if style == "short" else f"{day.day} {day:%B %Y}"


def number(value: Any) -> str:
    """A number without trailing zeros: 12, 12.5, 1234.5 (never in exponent form)."""
    text = f"{Decimal(str(value)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
