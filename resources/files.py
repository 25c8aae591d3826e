"""What an uploaded file really is, judged by its contents and never by its name.

A PDF starts with ``%PDF-``. Word and Excel files are ZIP packages whose
``[Content_Types].xml`` names a main document part of the right type, and that part must be
in the package. Everything else (executables, HTML, macro-enabled Office files, empty files)
is refused.
"""

from __future__ import annotations

import zipfile
from typing import IO
from xml.etree import ElementTree

from django.core.exceptions import ValidationError

from resources.models import MAX_UPLOAD_BYTES

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
CONTENT_TYPES_PART = "[Content_Types].xml"
# [Content_Types].xml is a few kilobytes; anything far larger is not a real Office package.
MAX_CONTENT_TYPES_BYTES = 512 * 1024
OFFICE_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"

WRONG_TYPE = "The selected file must be a PDF, Word (DOCX) or Excel (XLSX) document"
EMPTY = "The selected file is empty"
TOO_BIG = "The selected file must be smaller than 20 MB"


def detect_format(upload: IO[bytes], size: int) -> str:
    """Return "pdf", "docx" or "xlsx" for an acceptable file, or raise ValidationError."""
    if size == 0:
        raise ValidationError(EMPTY, code="empty")
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(TOO_BIG, code="too_big")
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        file_format = _office_format(upload)
        upload.seek(0)
        if file_format:
            return file_format
    raise ValidationError(WRONG_TYPE, code="wrong_type")


def _office_format(upload: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            info = package.getinfo(CONTENT_TYPES_PART)
            if info.file_size > MAX_CONTENT_TYPES_BYTES:
                return None
            content_types = package.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    return _main_part_format(content_types, names)


def _main_part_format(content_types: bytes, names: set[str]) -> str | None:
    # A real [Content_Types].xml never declares a DTD; refusing one rules out entity tricks.
    if b"<!DOCTYPE" in content_types.upper() or b"<!ENTITY" in content_types.upper():
        return None
    try:
        root = ElementTree.fromstring(content_types)
    except ElementTree.ParseError:
        return None
    for override in root.iter(f"{CONTENT_TYPES_NS}Override"):
        file_format = OFFICE_MAIN_PARTS.get(override.get("ContentType", ""))
        part = override.get("PartName", "").lstrip("/")
        if file_format and part in names:
            return file_format
    return None
