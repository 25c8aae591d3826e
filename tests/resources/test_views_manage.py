"""Programme managers add and change resources; uploads are checked by their contents."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from resources.models import Resource
from tests.conftest import PERSONAS
from tests.factories.resources import (
    ResourceFactory,
    docx_bytes,
    pdf_bytes,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
CREATE = reverse("resources:create")
NON_MANAGERS = [persona for persona in PERSONAS if persona != "programme_manager"]
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"This program cannot be run in DOS mode"


def _fields(**overrides) -> dict:
    return {
        "title": "Corporate parenting resource pack",
        "kind": "resource_pack",
        "audiences": ["councillors", "portfolio_holders"],
        "summary": "Every councillor is a corporate parent.",
        "topics": "Corporate parenting, Children in care",
        "status": "published",
        "published_on": "2019-02-11",
        "external_url": "",
        **overrides,
    }


def _upload_error(response) -> str:
    """The error message shown next to the upload field."""
    match = re.search(
        r'<p id="id_upload-error" class="govuk-error-message">'
        r'<span class="govuk-visually-hidden">Error:</span> ([^<]+)</p>',
        response.text,
    )
    assert match, "no error message next to the upload field"
    return match.group(1).replace("&#x27;", "'")


def test_a_programme_manager_sees_the_add_page(login, programme_manager):
    response = login(programme_manager).get(CREATE)

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert "Add a resource" in response.text


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_other_roles_cannot_add_resources(request, login, persona):
    client = login(request.getfixturevalue(persona))

    assert client.get(CREATE).status_code == 403
    posted = client.post(CREATE, {**_fields(), "upload": upload("pack.pdf", pdf_bytes())})
    assert posted.status_code == 403
    assert not Resource.objects.exists()


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_other_roles_cannot_change_resources(request, login, persona):
    resource = ResourceFactory(title="Original")
    client = login(request.getfixturevalue(persona))
    url = reverse("resources:edit", args=[resource.slug])

    assert client.get(url).status_code == 403
    assert client.post(url, _fields(external_url="https://example.org/")).status_code == 403
    resource.refresh_from_db()
    assert resource.title == "Original"


def test_changing_a_resource_that_does_not_exist_is_not_found(login, programme_manager):
    response = login(programme_manager).get(reverse("resources:edit", args=["no-such-thing"]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("pack.pdf", pdf_bytes(), "pdf"),
        ("pack.docx", docx_bytes(), "docx"),
        ("pack.xlsx", xlsx_bytes(), "xlsx"),
        ("named-wrongly.txt", pdf_bytes(), "pdf"),
    ],
    ids=["pdf", "docx", "xlsx", "pdf-with-another-name"],
)
def test_accepts_pdf_word_and_excel_files(login, programme_manager, name, content, extension):
    response = login(programme_manager).post(CREATE, {**_fields(), "upload": upload(name, content)})

    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("resources:detail", args=[resource.slug])
    assert re.fullmatch(rf"resources/[0-9a-f]{{32}}\.{extension}", resource.file.name)
    assert resource.file_format == extension
    assert resource.published_on == datetime.date(2019, 2, 11)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            EXE,
            "The selected file must be a PDF, Word (DOCX) or Excel (XLSX) document",
        ),
        (
            "report.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "The selected file must be a PDF, Word (DOCX) or Excel (XLSX) document",
        ),
        ("report.pdf", b"", "The selected file is empty"),
    ],
    ids=["renamed-executable", "html", "empty"],
)
def test_refuses_other_files_with_a_message_by_the_field(
    login, programme_manager, name, content, message
):
    response = login(programme_manager).post(CREATE, {**_fields(), "upload": upload(name, content)})

    assert response.status_code == 200
    assert _upload_error(response) == message
    assert "There is a problem" in response.text
    assert response.context["form"]["title"].value() == "Corporate parenting resource pack"
    assert not Resource.objects.exists()


def test_asks_for_each_missing_answer_in_plain_words(login, programme_manager):
    response = login(programme_manager).post(CREATE, {})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["Enter a title"]
    assert errors["kind"] == ["Select the kind of resource"]
    assert errors["audiences"] == ["Select who the resource is for"]
    assert errors["summary"] == ["Enter a summary"]
    assert errors["status"] == ["Select whether the resource is a draft or published"]
    assert errors["upload"] == ["Upload a file or enter a link to the resource"]
    assert "<title>Error: Add a resource" in response.text


def test_refuses_a_file_and_a_link_together(login, programme_manager):
    response = login(programme_manager).post(
        CREATE,
        {
            **_fields(external_url="https://www.local.gov.uk/"),
            "upload": upload("a.pdf", pdf_bytes()),
        },
    )

    assert response.context["form"].errors["external_url"] == [
        "Upload a file or enter a link, not both"
    ]
    assert not Resource.objects.exists()


def test_adds_a_link_resource(login, programme_manager):
    response = login(programme_manager).post(
        CREATE, _fields(external_url="https://www.cfgs.org.uk/")
    )

    resource = Resource.objects.get()
    assert response.status_code == 302
    assert resource.external_url == "https://www.cfgs.org.uk/" and not resource.file


def test_changes_a_resource_and_keeps_its_file(login, programme_manager, councillor):
    client = login(programme_manager)
    client.post(CREATE, {**_fields(), "upload": upload("pack.pdf", pdf_bytes())})
    resource = Resource.objects.get()
    url = reverse("resources:edit", args=[resource.slug])

    form_page = client.get(url)
    response = client.post(url, _fields(title="Being a corporate parent", status="draft"))

    assert 'value="Corporate parenting resource pack"' in form_page.text
    assert "Leave blank to keep the current file." in form_page.text
    assert response.status_code == 302
    changed = Resource.objects.get()
    assert (changed.title, changed.status, changed.file.name) == (
        "Being a corporate parent",
        "draft",
        resource.file.name,
    )
    assert changed.slug == resource.slug
    detail = login(councillor).get(reverse("resources:detail", args=[resource.slug]))
    assert detail.status_code == 404


def test_a_replacement_file_is_checked_too(login, programme_manager):
    resource = ResourceFactory()
    url = reverse("resources:edit", args=[resource.slug])

    response = login(programme_manager).post(
        url, {**_fields(external_url=""), "upload": upload("new.pdf", b"<html></html>")}
    )

    assert _upload_error(response) == (
        "The selected file must be a PDF, Word (DOCX) or Excel (XLSX) document"
    )
