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


TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _read_ods(data: bytes) -> list[Table]:
    """The sheets of an OpenDocument workbook, streamed from its ``content.xml``.

    Read with the standard library's XML parser rather than a document model: Ofsted's
    workbook then takes a fraction of a second, which matters for the demo and the tests.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as xml:
            return list(_ods_tables(xml))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError) as error:
        raise UnreadableFile("The OpenDocument spreadsheet cannot be opened.") from error


def _ods_tables(xml: IO[bytes]) -> Iterator[Table]:
    rows: list[tuple[int, list[str]]] = []
    number = 0
    for _, element in ElementTree.iterparse(xml, events=("end",)):
        if element.tag == TABLE_NS + "table-row":
            repeat = int(element.get(TABLE_NS + "number-rows-repeated", 1))
            cells = _ods_cells(element)
            if cells:
                rows.extend((number + 1 + n, cells) for n in range(min(repeat, MAX_REPEAT)))
            number += repeat
            element.clear()
        elif element.tag == TABLE_NS + "table":
            yield Table(element.get(TABLE_NS + "name", ""), rows)
            rows, number = [], 0
            element.clear()


def _ods_cells(row: ElementTree.Element) -> list[str]:
    cells: list[str] = []
    for cell in row:
        if cell.tag in (TABLE_NS + "table-cell", TABLE_NS + "covered-table-cell"):
            repeat = int(cell.get(TABLE_NS + "number-columns-repeated", 1))
            cells.extend([_ods_value(cell)] * min(repeat, MAX_REPEAT))
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _ods_value(cell: ElementTree.Element) -> str:
    kind = cell.get(OFFICE_NS + "value-type")
    if kind == "date":
        return cell.get(OFFICE_NS + "date-value", "")
    if kind in ("float", "percentage", "currency"):
        return cell.get(OFFICE_NS + "value", "")
    return "\n".join("".join(p.itertext()) for p in cell.iter(TEXT_NS + "p"))


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
