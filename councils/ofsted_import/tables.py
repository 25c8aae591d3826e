"""Read a CSV file or a spreadsheet workbook into plain tables of text cells.

Every row keeps the number a person sees when they open the file (line 1 is a CSV's header,
row 1 a sheet's first row), so errors can name it.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

from improvement_portal.spreadsheets import (
    MAX_COLUMNS,
    CellBudget,
    SpreadsheetTooLarge,
    check_archive,
    open_xlsx,
    xlsx_rows,
)


class UnreadableFile(ValueError):
    """The file is not a CSV, OpenDocument or Excel workbook that can be read."""


@dataclass
class Table:
    """One CSV file or one sheet: numbered rows of text cells."""

    sheet: str | None
    rows: list[tuple[int, list[str]]]

    def where(self, number: int) -> str:
        if self.sheet is None:
            return f"Line {number}"
        return f"Sheet “{self.sheet}”, row {number}"


def read_tables(name: str, data: bytes) -> list[Table]:
    """The tables in a file, recognised by its content rather than trusted from its name."""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as error:
            raise UnreadableFile(
                "The file looks like a spreadsheet but cannot be opened."
            ) from error
        try:
            if "content.xml" in names:
                return _read_ods(data)
            if "xl/workbook.xml" in names:
                return _read_xlsx(data)
        except SpreadsheetTooLarge as error:
            raise UnreadableFile(str(error)) from error
        raise UnreadableFile("The file is a zip archive, not a CSV file or a spreadsheet.")
    return [_read_csv(data)]


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets saved as CSV on Windows use the Windows code page.
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise UnreadableFile("The file is not a CSV file: it contains binary data.")
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        return Table(None, [(number, row) for number, row in enumerate(rows, start=1)])
    except csv.Error as error:
        raise UnreadableFile(f"The CSV file cannot be read: {error}.") from error


TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _read_ods(data: bytes) -> list[Table]:
    """The sheets of an OpenDocument workbook, streamed from its ``content.xml``.

    Read with the standard library's streaming XML parser rather than a document model
    (odfpy's loads the whole file and expands every repeat): Ofsted's workbook then takes a
    fraction of a second, and a file whose repeats expand past the limits is refused as soon
    as they are passed.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive)
            with archive.open("content.xml") as xml:
                return list(_ods_tables(xml, CellBudget()))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError) as error:
        raise UnreadableFile("The OpenDocument spreadsheet cannot be opened.") from error


def _ods_tables(xml: IO[bytes], budget: CellBudget) -> Iterator[Table]:
    rows: list[tuple[int, list[str]]] = []
    number = 0
    parents: list[ElementTree.Element] = []
    in_row = 0
    for event, element in ElementTree.iterparse(xml, events=("start", "end")):
        if event == "start":
            parents.append(element)
            in_row += element.tag == TABLE_NS + "table-row"
            if element.tag == TABLE_NS + "table":
                budget.start_sheet()
            continue
        parents.pop()
        if element.tag == TABLE_NS + "table-row":
            in_row -= 1
            repeat = _repeat(element, "number-rows-repeated")
            cells = _ods_cells(element)
            if cells:
                budget.take(_table_name(parents), repeat, len(cells), number)
                rows.extend((number + 1 + n, cells) for n in range(repeat))
            number += repeat
        elif element.tag == TABLE_NS + "table":
            yield Table(element.get(TABLE_NS + "name", ""), rows)
            rows, number = [], 0
        elif in_row:
            continue  # a cell or its text, read when its row ends
        # Done with: drop it from its parent too, or the tree keeps everything read.
        element.clear()
        if parents:
            parents[-1].remove(element)


def _table_name(parents: list[ElementTree.Element]) -> str:
    tables = [e for e in parents if e.tag == TABLE_NS + "table"]
    return tables[-1].get(TABLE_NS + "name", "") if tables else ""


def _repeat(element: ElementTree.Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(TABLE_NS + attribute, 1)))
    except ValueError as error:
        raise UnreadableFile("The OpenDocument spreadsheet cannot be opened.") from error


def _ods_cells(row: ElementTree.Element) -> list[str]:
    """The row's cells up to its last non-empty one, repeats expanded.

    A run of empty cells is expanded only when something follows it, so the thousands of
    empty cells a spreadsheet program writes at the end of each row cost nothing.
    """
    cells: list[str] = []
    empty_run = 0
    for cell in row:
        if cell.tag not in (TABLE_NS + "table-cell", TABLE_NS + "covered-table-cell"):
            continue
        repeat = _repeat(cell, "number-columns-repeated")
        value = _ods_value(cell)
        if not value.strip():
            empty_run += repeat
            continue
        if len(cells) + empty_run + repeat > MAX_COLUMNS:
            raise SpreadsheetTooLarge(
                f"A row has more than {MAX_COLUMNS} columns: the portal reads at most "
                f"{MAX_COLUMNS} columns. Delete the cells to the right of the data and try again."
            )
        cells.extend([""] * empty_run)
        cells.extend([value] * repeat)
        empty_run = 0
    return cells


def _ods_value(cell: ElementTree.Element) -> str:
    kind = cell.get(OFFICE_NS + "value-type")
    if kind == "date":
        return cell.get(OFFICE_NS + "date-value", "")
    if kind in ("float", "percentage", "currency"):
        return cell.get(OFFICE_NS + "value", "")
    return "\n".join("".join(p.itertext()) for p in cell.iter(TEXT_NS + "p"))


def _read_xlsx(data: bytes) -> list[Table]:
    try:
        workbook = open_xlsx(io.BytesIO(data))
    except SpreadsheetTooLarge:
        raise
    except Exception as error:  # openpyxl raises many kinds of error for a broken file
        raise UnreadableFile("The Excel workbook cannot be opened.") from error
    budget = CellBudget()
    tables = []
    try:
        for sheet in workbook.worksheets:
            rows = []
            for number, values in xlsx_rows(sheet, budget):
                cells = [_xlsx_text(value) for value in values]
                while cells and not cells[-1].strip():
                    cells.pop()
                if cells:
                    rows.append((number, cells))
            tables.append(Table(sheet.title, rows))
    finally:
        workbook.close()
    return tables


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)
