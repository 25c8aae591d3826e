"""Workbooks built byte by byte, for the readers' limits: small files that claim a lot."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
    "<office:body><office:spreadsheet>"
)
ODS_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def ods_cell(text: str, columns: int = 1) -> str:
    repeat = f' table:number-columns-repeated="{columns}"' if columns > 1 else ""
    if not text:
        return f"<table:table-cell{repeat}/>"
    return f'<table:table-cell office:value-type="string"{repeat}><text:p>{text}</text:p></table:table-cell>'


def ods_row(cells: str, rows: int = 1) -> str:
    repeat = f' table:number-rows-repeated="{rows}"' if rows > 1 else ""
    return f"<table:table-row{repeat}>{cells}</table:table-row>"


def ods(*sheets: tuple[str, str]) -> bytes:
    """An OpenDocument workbook of (sheet name, rows markup) pairs."""
    body = "".join(
        f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in sheets
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", ODS_HEAD + body + ODS_TAIL)
    return buffer.getvalue()


def xlsx(rows: list[list[object]], *, sheet_xml: str | None = None) -> bytes:
    """An Excel workbook of ``rows``; ``sheet_xml`` replaces its one sheet's XML."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if sheet_xml is None:
        return buffer.getvalue()
    rewritten = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            target.writestr(info.filename, data)
    return rewritten.getvalue()


def xlsx_sheet(rows_markup: str, dimension: str = "A1") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_markup}</sheetData></worksheet>'
    )


def xlsx_row(number: int, cells: list[tuple[str, str]]) -> str:
    """A row of inline-string cells given as (reference, text) pairs."""
    inner = "".join(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>' for ref, text in cells)
    return f'<row r="{number}">{inner}</row>'
