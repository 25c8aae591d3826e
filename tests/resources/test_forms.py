"""The resource form: sizes, links and topics."""

from __future__ import annotations

import tempfile

import pytest
from django.core.files.uploadedfile import UploadedFile

from resources.forms import ResourceForm
from resources.models import MAX_UPLOAD_BYTES

FIELDS = {
    "title": "Must know: education",
    "kind": "must_know_guide",
    "audiences": ["portfolio_holders"],
    "summary": "Schools and learning.",
    "status": "draft",
}


def test_refuses_a_file_over_20_mb():
    with tempfile.TemporaryFile() as sparse:
        sparse.write(b"%PDF-1.7\n")
        sparse.seek(MAX_UPLOAD_BYTES)
        sparse.write(b"%%EOF\n")
        big = UploadedFile(
            sparse, name="big.pdf", content_type="application/pdf", size=sparse.tell()
        )

        form = ResourceForm(FIELDS, {"upload": big})

        assert form.errors["upload"] == ["The selected file must be smaller than 20 MB"]


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://example.org/file.pdf", "www.local.gov.uk"]
)
def test_refuses_links_that_are_not_web_addresses(link):
    form = ResourceForm({**FIELDS, "external_url": link})

    assert form.errors["external_url"] == [
        "Enter a link in the correct format, like https://www.local.gov.uk/"
    ]


def test_reads_topics_as_a_comma_separated_list():
    form = ResourceForm({**FIELDS, "external_url": "https://x.org/", "topics": " Ofsted, ,SEND ,"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["topics"] == ["Ofsted", "SEND"]
    assert form.cleaned_data["file_format"] == ""


def test_refuses_too_many_or_too_long_topics():
    many = ResourceForm(
        {**FIELDS, "external_url": "https://x.org/", "topics": ",".join("abcdefghijk")}
    )
    long = ResourceForm({**FIELDS, "external_url": "https://x.org/", "topics": "x" * 61})

    assert many.errors["topics"] == ["Enter 10 topics or fewer"]
    assert long.errors["topics"] == ["Each topic must be 60 characters or fewer"]


def test_a_date_that_does_not_exist_is_refused_in_plain_words():
    form = ResourceForm({**FIELDS, "external_url": "https://x.org/", "published_on": "2025-02-30"})

    assert form.errors["published_on"] == ["Publication date must be a real date"]
