"""CSV files and the Excel workbook of a report's council-level tables.

Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return) are kept as text: a council or session name can never become a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

from reports import queries, tables

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def table_by_slug(slug: str) -> tables.Table | None:
    for table in tables.report_tables(queries.STRAND_LABELS):
        if table.slug == slug:
            return table
    return None


def guard_text(value: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before formula characters."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_cell(value: Any, column: tables.Column) -> str | int | float:
    if column.is_numeric and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return guard_text(tables.display(value, column, dates="iso"))


def csv_lines(table: tables.Table, rows: list[dict[str, Any]]) -> Iterator[str]:
    """The table as CSV text, a line at a time, with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.label for column in table.columns])
    yield _drain(buffer)
    for row in rows:
        writer.writerow([csv_cell(row.get(column.key), column) for column in table.columns])
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _set_cell(cell: Cell, value: Any, column: tables.Column) -> None:
    if value is None or value == "":
        return
    if column.is_numeric and isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
    elif column.kind == "date":
        cell.value = tables.as_date(value)
        cell.number_format = "d mmmm yyyy"
    else:
        cell.value = tables.display(value, column)
        # Kept as a string, never a formula, whatever it starts with.
        cell.data_type = "s"


def build_workbook(evaluation: dict[str, Any]) -> bytes:
    """Every council-level table of the report as a sheet, and a sheet of headline figures."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    summary.append(["Evaluation of the children's services improvement programme"])
    summary["A1"].font = Font(bold=True)
    period = evaluation["period"]
    summary.append(["Scope", evaluation["scope"]["name"]])
    summary.append(["Period start", tables.as_date(period["start"])])
    summary.append(["Period end", tables.as_date(period["end"])])
    summary.append(["Inspections published up to", tables.as_date(period["as_of"])])
    for label, value in _headline_rows(evaluation):
        summary.append([label, value])
    for table in tables.report_tables(queries.STRAND_LABELS):
        sheet = workbook.create_sheet(title=table.title[:31])
        sheet.append([column.label for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, row in enumerate(evaluation["tables"].get(table.slug, []), start=2):
            for col, column in enumerate(table.columns, start=1):
                _set_cell(sheet.cell(row=index, column=col), row.get(column.key), column)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _headline_rows(evaluation: dict[str, Any]) -> list[tuple[str, Any]]:
    leadership = evaluation["leadership"]
    comparison = evaluation["comparison"]
    ri = evaluation["ri_or_inadequate"]
    courses = evaluation["courses"]
    mentoring = evaluation["mentoring"]
    return [
        ("Councils engaged", evaluation["councils_engaged"]),
        ("Adviser days", evaluation["adviser_days"]),
        ("Leadership improved", leadership["improved"]),
        ("Leadership maintained", leadership["maintained"]),
        ("Leadership declined", leadership["declined"]),
        ("Not yet re-inspected", leadership["not_reinspected"]),
        ("Improved or maintained (%)", leadership["percent_improved_or_maintained"]),
        *_interval_rows("", leadership["interval_95"]),
        ("Comparison group: councils not engaged", comparison["councils"]),
        ("Comparison group: improved", comparison["improved"]),
        ("Comparison group: maintained", comparison["maintained"]),
        ("Comparison group: declined", comparison["declined"]),
        ("Comparison group: not yet re-inspected", comparison["not_reinspected"]),
        (
            "Comparison group: improved or maintained (%)",
            comparison["percent_improved_or_maintained"],
        ),
        *_interval_rows("Comparison group: ", comparison["interval_95"]),
        ("Difference, engaged minus not engaged (points)", evaluation["difference_points"]),
        ("RI or inadequate at the start", ri["at_start"]),
        ("RI or inadequate at the end", ri["at_end"]),
        ("Change in RI or inadequate (%)", ri["percent_change"]),
        ("Leadership Essentials sessions run", courses["sessions_run"]),
        ("Places offered", courses["places_offered"]),
        ("Places booked", courses["places_booked"]),
        ("Places attended", courses["attended"]),
        ("Attendance (%)", courses["attendance_percent"]),
        ("Mean rating (1 to 5)", courses["mean_rating"]),
        ("Would recommend (%)", courses["percent_would_recommend"]),
        ("Mentoring matches made", mentoring["matches_made"]),
        ("Mentoring matches active at the end", mentoring["active_at_end"]),
        ("Mentoring matches completed", mentoring["completed"]),
        ("Peer challenges completed", evaluation["peer_challenges"]["completed"]),
    ]


def _interval_rows(prefix: str, interval: list[float] | None) -> list[tuple[str, Any]]:
    low, high = interval or (None, None)
    return [(f"{prefix}95% interval from (%)", low), (f"{prefix}95% interval to (%)", high)]
