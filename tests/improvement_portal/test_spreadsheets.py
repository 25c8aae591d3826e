"""Workbooks that expand past the limits are refused at once, naming the limit; real ones read."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl.utils import get_column_letter

from councils.ofsted_import.tables import UnreadableFile, read_tables
from improvement_portal import spreadsheets
from tests.factories.spreadsheets import (
    ods,
    ods_cell,
    ods_row,
    xlsx,
    xlsx_row,
    xlsx_sheet,
)

MEGABYTE = 1024 * 1024


def measured(call: Callable[[], Any]) -> tuple[BaseException | None, float, float]:
    """What ``call`` raised, the CPU seconds it took and its peak of new memory in MB.

    Timed and traced in separate runs: tracing every allocation slows Python several times.
    """

    def run() -> BaseException | None:
        try:
            call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            return error
        return None

    started = time.process_time()
    raised = run()
    seconds = time.process_time() - started
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return raised, seconds, peak / MEGABYTE


BOMBS = {
    # A thousand repeated cells, a million times over: 10^9 cells from a few hundred bytes.
    "ods-wide": (
        lambda: ods(("Sheet1", ods_row(ods_cell("x", 1000), rows=1_000_000))),
        f"more than {spreadsheets.MAX_COLUMNS} columns",
    ),
    "ods-long": (
        lambda: ods(("Sheet1", ods_row(ods_cell("x", 10), rows=10_000_000))),
        f"past row {spreadsheets.MAX_ROWS:,}",
    ),
    # Each row within the limits; all of them together not (the shape of a 36 KB, 1 GB file).
    "ods-many-rows-of-repeats": (
        lambda: ods(("Sheet1", ods_row(ods_cell("x", 150), rows=60_000) * 2)),
        f"more than {spreadsheets.MAX_CELLS:,} cells",
    ),
    "ods-far-cell": (
        lambda: ods(("Sheet1", ods_row(ods_cell("", 16_000) + ods_cell("x")))),
        f"more than {spreadsheets.MAX_COLUMNS} columns",
    ),
    "ods-many-sheets": (
        lambda: ods(*[(f"S{n}", ods_row(ods_cell("x"))) for n in range(1000)]),
        f"more than {spreadsheets.MAX_SHEETS} sheets",
    ),
    "ods-unpacks-huge": (
        lambda: ods(("Sheet1", ods_row(ods_cell("x")) + " " * (40 * MEGABYTE))),
        f"more than {spreadsheets.MAX_UNCOMPRESSED_BYTES // MEGABYTE} MB",
    ),
    "xlsx-far-cell": (
        lambda: xlsx([], sheet_xml=xlsx_sheet(xlsx_row(1, [("A1", "a"), ("XFD1", "b")]))),
        f"more than {spreadsheets.MAX_COLUMNS} columns",
    ),
    "xlsx-far-row": (
        lambda: xlsx(
            [],
            sheet_xml=xlsx_sheet(
                xlsx_row(1, [("A1", "a")]) + xlsx_row(1048576, [("A1048576", "b")])
            ),
        ),
        f"past row {spreadsheets.MAX_ROWS:,}",
    ),
    "xlsx-many-cells": (
        lambda: xlsx(
            [],
            sheet_xml=xlsx_sheet(
                "".join(
                    xlsx_row(n, [(f"A{n}", "a"), (f"{get_column_letter(150)}{n}", "b")])
                    for n in range(1, 7000)
                )
            ),
        ),
        f"more than {spreadsheets.MAX_CELLS:,} cells",
    ),
}


@pytest.mark.parametrize("name", BOMBS)
def test_a_workbook_expanding_past_a_limit_is_refused_at_once_naming_it(name: str) -> None:
    build, message = BOMBS[name]
    data = build()

    raised, seconds, peak = measured(lambda: read_tables("bomb", data))

    assert isinstance(raised, UnreadableFile), raised
    assert message in str(raised)
    assert peak < 50, f"{peak:.1f} MB"
    assert seconds < 1.0, f"{seconds:.2f} s of CPU"


def test_a_claimed_dimension_is_ignored_so_a_small_sheet_reads_quickly() -> None:
    data = xlsx([], sheet_xml=xlsx_sheet(xlsx_row(1, [("A1", "a"), ("B1", "b")]), "A1:XFD1048576"))

    raised, seconds, peak = measured(lambda: read_tables("claims", data))
    tables = read_tables("claims", data)

    assert raised is None
    assert [row for _, row in tables[0].rows] == [["a", "b"]]
    assert peak < 50 and seconds < 1.0


def test_the_empty_rows_and_columns_spreadsheet_programs_write_cost_nothing() -> None:
    trailing = ods_row(ods_cell("", 16_384), rows=1_048_000)
    data = ods(("Sheet1", ods_row(ods_cell("a") + ods_cell("b") + ods_cell("", 1020)) + trailing))

    raised, seconds, peak = measured(lambda: read_tables("libreoffice", data))

    assert raised is None
    assert read_tables("libreoffice", data)[0].rows == [(1, ["a", "b"])]
    assert peak < 50 and seconds < 1.0


def test_repeats_within_the_limits_are_all_read() -> None:
    data = ods(("Sheet1", ods_row(ods_cell("x", 3) + ods_cell("", 2) + ods_cell("y"), rows=500)))

    rows = read_tables("repeats", data)[0].rows

    assert len(rows) == 500
    assert rows[-1] == (500, ["x", "x", "x", "", "", "y"])


def test_the_archive_check_counts_every_part() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(3):
            archive.writestr(f"part{n}.xml", b" " * (12 * MEGABYTE))

    with zipfile.ZipFile(buffer) as archive, pytest.raises(spreadsheets.SpreadsheetTooLarge):
        spreadsheets.check_archive(archive)
