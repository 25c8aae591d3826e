"""Uploads are judged by their contents, never by their names."""

from __future__ import annotations

import io
import tempfile
import zipfile

import pytest
from django.core.exceptions import ValidationError

from resources import files
from resources.models import MAX_UPLOAD_BYTES
from tests.factories.resources import docx_bytes, pdf_bytes, xlsx_bytes

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def _detect(content: bytes) -> str:
    return files.detect_format(io.BytesIO(content), len(content))


def _refusal(content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        _detect(content)
    return caught.value.messages[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [(pdf_bytes(), "pdf"), (docx_bytes(), "docx"), (xlsx_bytes(), "xlsx")],
    ids=["pdf", "docx", "xlsx"],
)
def test_accepts_real_pdf_word_and_excel_documents(content, expected):
    assert _detect(content) == expected


def test_refuses_a_windows_executable():
    assert _refusal(EXE) == files.WRONG_TYPE


def test_refuses_an_html_page():
    assert _refusal(HTML) == files.WRONG_TYPE


def test_refuses_an_empty_file():
    assert _refusal(b"") == "The selected file is empty"


def test_refuses_a_file_over_20_mb_without_reading_it():
    with tempfile.TemporaryFile() as sparse:
        sparse.write(b"%PDF-1.7\n")
        sparse.seek(MAX_UPLOAD_BYTES)
        sparse.write(b"%%EOF")
        size = sparse.tell()

        with pytest.raises(ValidationError) as caught:
            files.detect_format(sparse, size)

    assert caught.value.messages == ["The selected file must be smaller than 20 MB"]


def test_accepts_a_file_of_exactly_20_mb():
    with tempfile.TemporaryFile() as sparse:
        sparse.write(b"%PDF-1.7\n")
        sparse.seek(MAX_UPLOAD_BYTES - 1)
        sparse.write(b"\n")

        assert files.detect_format(sparse, MAX_UPLOAD_BYTES) == "pdf"


def test_refuses_a_macro_enabled_word_document():
    macro_enabled = docx_bytes(main_type="x").replace(
        b"application/vnd.openxmlformats-officedocument.x",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert _refusal(macro_enabled) == files.WRONG_TYPE


def test_refuses_a_zip_that_is_not_an_office_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("setup.exe", EXE)
    assert _refusal(buffer.getvalue()) == files.WRONG_TYPE


def test_refuses_a_package_whose_declared_main_part_is_missing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source, zipfile.ZipFile(buffer, "w") as copy:
        for name in source.namelist():
            if name != "word/document.xml":
                copy.writestr(name, source.read(name))
    assert _refusal(buffer.getvalue()) == files.WRONG_TYPE


def test_refuses_content_types_with_a_document_type_declaration():
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source, zipfile.ZipFile(buffer, "w") as copy:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"<Types", b'<!DOCTYPE t [<!ENTITY e "x">]><Types', 1)
            copy.writestr(name, data)
    assert _refusal(buffer.getvalue()) == files.WRONG_TYPE


def test_refuses_a_truncated_zip():
    assert _refusal(docx_bytes()[:40]) == files.WRONG_TYPE
