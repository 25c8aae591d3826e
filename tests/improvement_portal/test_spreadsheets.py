"""Workbooks that expand past the limits are refused at once, naming the limit; real ones read."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

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


@dataclass
class Work:
    """What reading a workbook did: what it raised, the rows it handled one at a time (a run
    of repeated rows is one), the cells in those rows, and its peak of new memory in MB."""

    raised: BaseException | None
    rows: int
    cells: int
    peak: float


def measured(call: Callable[[], Any]) -> Work:
    """The work ``call`` did, counted where every reader counts it: at CellBudget.take.

    Counted, not timed: how long the same work takes depends on what else the machine is
    doing, and the point is that reading stops at the first limit passed, whatever the file
    says it holds.
    """
    handled: list[int] = []  # the width of each row handled

    def take(budget: spreadsheets.CellBudget, sheet: str, rows: int, width: int, seen: int):
        handled.append(width)
        return counted(budget, sheet, rows, width, seen)

    counted = spreadsheets.CellBudget.take
    raised = None
    tracemalloc.start()
    try:
        with mock.patch.object(spreadsheets.CellBudget, "take", take):
            call()
    except Exception as error:  # noqa: BLE001 - the test inspects it
        raised = error
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return Work(raised, len(handled), sum(handled), peak / MEGABYTE)


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


def ods_rows_written(data: bytes) -> int:
    """The row elements an OpenDocument file writes out, each maybe repeated many times."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("content.xml").count(b"<table:table-row")


@pytest.mark.parametrize("name", BOMBS)
def test_a_workbook_expanding_past_a_limit_is_refused_at_once_naming_it(name: str) -> None:
    build, message = BOMBS[name]
    data = build()

    work = measured(lambda: read_tables("bomb", data))

    assert isinstance(work.raised, UnreadableFile), work.raised
    assert message in str(work.raised)
    # Refused on passing a limit, however much more the file declares: never more rows or
    # cells handled than the limits allow, and repeats counted, not expanded into memory.
    assert work.rows <= spreadsheets.MAX_ROWS + 1
    assert work.cells <= spreadsheets.MAX_CELLS + spreadsheets.MAX_COLUMNS
    assert work.peak < 50, f"{work.peak:.1f} MB"
    if name.startswith("ods-"):  # a run of repeated rows is handled once, not once a row
        assert work.rows <= ods_rows_written(data)


def test_a_claimed_dimension_is_ignored_so_a_small_sheet_reads_quickly() -> None:
    data = xlsx([], sheet_xml=xlsx_sheet(xlsx_row(1, [("A1", "a"), ("B1", "b")]), "A1:XFD1048576"))

    work = measured(lambda: read_tables("claims", data))
    tables = read_tables("claims", data)

    assert work.raised is None
    assert [row for _, row in tables[0].rows] == [["a", "b"]]
    assert (work.rows, work.cells) == (1, 2)  # the one row there is, not the claimed million
    assert work.peak < 50


def test_the_empty_rows_and_columns_spreadsheet_programs_write_cost_nothing() -> None:
    trailing = ods_row(ods_cell("", 16_384), rows=1_048_000)
    data = ods(("Sheet1", ods_row(ods_cell("a") + ods_cell("b") + ods_cell("", 1020)) + trailing))

    work = measured(lambda: read_tables("libreoffice", data))

    assert work.raised is None
    assert read_tables("libreoffice", data)[0].rows == [(1, ["a", "b"])]
    assert (work.rows, work.cells) == (1, 2)  # the empty rows and cells are never handled
    assert work.peak < 50


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
