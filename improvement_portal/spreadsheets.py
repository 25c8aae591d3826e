"""Limits on what an uploaded or imported workbook may expand to, and a bounded XLSX reader.

A spreadsheet is a zip of XML, and both layers can say "a lot" in a few bytes: a 40 KB
OpenDocument file can declare a million repeated rows of a thousand repeated cells, an XLSX
sheet can claim the dimension A1:XFD1048576 or put one cell in its last column. Every reader
of the portal counts what a file expands to as it reads and stops at the first limit passed,
with a message naming it, so such a file costs a fraction of a second and a few megabytes.
Empty rows and columns at the end of a sheet, which spreadsheet programs write by the
million, cost nothing and count for nothing.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import Any

# Far beyond any real import (Ofsted's workbook: 600 rows of 13 columns; a decade of
# engagements: 20,000 rows of 11), far below what would hurt a web process.
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000
MAX_SHEETS = 50
MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024


class SpreadsheetTooLarge(ValueError):
    """The workbook expands past one of the limits above; the message names which."""


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuses a workbook whose parts would unpack to more than MAX_UNCOMPRESSED_BYTES.

    The sizes are the archive's own declarations; zipfile never unpacks more than a part
    declares (it fails the part's checksum instead), so they bound what reading can cost.
    """
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetTooLarge(
            f"The spreadsheet unpacks to more than {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB: "
            f"the portal reads workbooks of at most "
            f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB unpacked. Save only the sheets and "
            "columns the import needs and try again."
        )


class CellBudget:
    """Counts the rows and cells a workbook expands to, refusing past the limits."""

    def __init__(self) -> None:
        self.cells = 0
        self.sheets = 0

    def start_sheet(self) -> None:
        self.sheets += 1
        if self.sheets > MAX_SHEETS:
            raise SpreadsheetTooLarge(
                f"The spreadsheet has more than {MAX_SHEETS} sheets: the portal reads "
                f"workbooks of at most {MAX_SHEETS} sheets."
            )

    def take(self, sheet: str, rows: int, width: int, rows_in_sheet: int) -> None:
        """Counts ``rows`` rows of ``width`` cells, the sheet having ``rows_in_sheet`` so far."""
        if width > MAX_COLUMNS:
            raise SpreadsheetTooLarge(
                f"Sheet “{sheet}” has a row of more than {MAX_COLUMNS} columns: the portal reads "
                f"at most {MAX_COLUMNS} columns. Delete the cells to the right of the data and "
                "try again."
            )
        if rows_in_sheet + rows > MAX_ROWS:
            raise SpreadsheetTooLarge(
                f"Sheet “{sheet}” goes on past row {MAX_ROWS:,}: the portal reads at most "
                f"{MAX_ROWS:,} rows a sheet. Split the file and import each part (if the data "
                "ends sooner, delete the rows below it)."
            )
        self.cells += rows * width
        if self.cells > MAX_CELLS:
            raise SpreadsheetTooLarge(
                f"The spreadsheet has more than {MAX_CELLS:,} cells: the portal reads at most "
                f"{MAX_CELLS:,} cells (a repeated row or cell counts once for each repeat). "
                "Split the file and import each part."
            )


def open_xlsx(source: Any) -> Any:
    """An openpyxl read-only workbook, after checking the archive's unpacked size."""
    from openpyxl import load_workbook

    with zipfile.ZipFile(source) as archive:
        check_archive(archive)
    if hasattr(source, "seek"):
        source.seek(0)
    return load_workbook(source, read_only=True, data_only=True)


def xlsx_rows(sheet: Any, budget: CellBudget) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The sheet's rows that hold something, numbered as a spreadsheet program shows them.

    The sheet's declared dimension is ignored (openpyxl would pad every row and add every
    missing one up to it), and rows are counted up to the last one read, so neither a
    claimed nor a real far-away cell can make the reading long.
    """
    budget.start_sheet()
    sheet.reset_dimensions()
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        width = len(values)
        # A far-away empty cell makes a long row of nothing: stop looking past the limit.
        while width and values[width - 1] in (None, "") and len(values) - width <= MAX_COLUMNS:
            width -= 1
        budget.take(sheet.title, 1, width, number - 1)
        if width:
            yield number, values[:width]
