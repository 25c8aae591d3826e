"""Reading Ofsted's published outcome files into inspection records.

``read_ofsted_file(name, data)`` accepts every shape described in ``formats`` (CSV, Ofsted's
OpenDocument workbook, or an Excel copy of either) and returns a ``ParsedFile``: its records
and every bad line with its reason. ``matching`` says which council a record is about and
``identity`` when two records are the same inspection. Writing is
``councils.services.import_ofsted_file``.
"""

from __future__ import annotations

from councils.ofsted_import.formats import UnrecognisedFile, parse_tables
from councils.ofsted_import.records import InspectionRecord, LineError, ParsedFile
from councils.ofsted_import.tables import UnreadableFile, read_tables

__all__ = ["InspectionRecord", "LineError", "ParsedFile", "read_ofsted_file"]


def read_ofsted_file(name: str, data: bytes) -> ParsedFile:
    """The file's inspection records and bad lines; an unreadable file is one bad "line"."""
    try:
        return parse_tables(name, read_tables(name, data))
    except (UnreadableFile, UnrecognisedFile) as error:
        return ParsedFile(name=name, format="", errors=[LineError("The file", str(error))])
