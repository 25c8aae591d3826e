"""CSV downloads: rows streamed a line at a time, with cells a spreadsheet never runs as formulas.

Every export of the portal writes through this module, so the formula guard and the streaming
writer exist once.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: object) -> str:
    """The value as text, with a leading apostrophe if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """Each row as one line of CSV text, produced only when the previous one has been sent."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(row)


def csv_response(rows: Iterable[Iterable[object]], *, filename: str) -> StreamingHttpResponse:
    """A CSV attachment streamed row by row (constant memory, whatever the row count).

    Cells are written as given: guard the ones people type into with ``guard_cell``.
    """
    return StreamingHttpResponse(
        csv_lines(rows),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
