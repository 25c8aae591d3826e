"""Read a CSV file or a spreadsheet workbook into plain tables of text cells.

Every row keeps the number a person sees when they open the file (line 1 is a CSV's header,
row 1 a sheet's first row), so errors can name it.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

# A sheet may declare a million repeated empty rows or columns; nothing real is that wide.
MAX_REPEAT = 200


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
        if "content.xml" in names:
            return _read_ods(data)
        if "xl/workbook.xml" in names:
            return _read_xlsx(data)
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


def _read_ods(data: bytes) -> list[Table]:
    from odf.opendocument import load
    from odf.table import Table as OdfTable
    from odf.table import TableRow

    try:
        document = load(io.BytesIO(data))
    except Exception as error:  # odfpy raises whatever its XML parser raises
        raise UnreadableFile("The OpenDocument spreadsheet cannot be opened.") from error
    tables = []
    for sheet in document.spreadsheet.getElementsByType(OdfTable):
        rows: list[tuple[int, list[str]]] = []
        number = 0
        for row in sheet.getElementsByType(TableRow):
            repeat = int(row.getAttribute("numberrowsrepeated") or 1)
            cells = _ods_cells(row)
            if any(cells):
                rows.extend((number + 1 + n, cells) for n in range(min(repeat, MAX_REPEAT)))
            number += repeat
        tables.append(Table(str(sheet.getAttribute("name")), rows))
    return tables


def _ods_cells(row: object) -> list[str]:
    from odf import teletype

    cells: list[str] = []
    for cell in row.childNodes:  # type: ignore[attr-defined]
        if cell.qname[1] not in ("table-cell", "covered-table-cell"):
            continue
        repeat = min(int(cell.getAttribute("numbercolumnsrepeated") or 1), MAX_REPEAT)
        kind = cell.getAttribute("valuetype")
        if kind == "date":
            value = str(cell.getAttribute("datevalue"))
        elif kind in ("float", "percentage", "currency"):
            value = str(cell.getAttribute("value"))
        else:
            value = teletype.extractText(cell)
        cells.extend([value] * repeat)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _read_xlsx(data: bytes) -> list[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error for a broken file
        raise UnreadableFile("The Excel workbook cannot be opened.") from error
    tables = []
    for sheet in workbook.worksheets:
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_xlsx_text(value) for value in values]
            while cells and not cells[-1].strip():
                cells.pop()
            if cells:
                rows.append((number, cells))
        tables.append(Table(sheet.title, rows))
    workbook.close()
    return tables


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)
