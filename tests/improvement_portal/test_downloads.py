"""CSV downloads: one streaming writer and one formula guard for every export."""

from __future__ import annotations

import csv
import io

from improvement_portal import downloads


def test_cells_a_spreadsheet_would_run_as_formulas_are_kept_as_text():
    cells = ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "a=b", None, 3]

    assert [downloads.guard_cell(cell) for cell in cells] == [
        "'=1+1",
        "'+44",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "plain",
        "a=b",
        "",
        "3",
    ]


def test_rows_stream_one_line_at_a_time_and_read_back_as_written():
    lines = downloads.csv_lines(iter([["Name", "Notes"], ["Jo", 'says "hi", twice']]))

    first = next(lines)
    assert first == "Name,Notes\r\n"
    rest = list(lines)
    assert list(csv.reader(io.StringIO(first + "".join(rest)))) == [
        ["Name", "Notes"],
        ["Jo", 'says "hi", twice'],
    ]


def test_a_csv_response_is_an_attachment_that_is_never_stored():
    response = downloads.csv_response([["a"], ["b"]], filename="things.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="things.csv"'
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content) == b"a\r\nb\r\n"
