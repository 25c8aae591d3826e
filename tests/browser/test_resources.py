"""A councillor searches the resource library; a programme manager's bad upload is explained."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from resources import services
from tests.browser.support import assert_accessible, log_in, screenshot
from tests.factories.resources import ResourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_councillor_finds_a_resource_by_searching(page, live_server, councillor):
    for title, summary in [
        ("Corporate parenting resource pack", "Every councillor is a corporate parent."),
        ("Must know: safeguarding children", "Keeping children safe."),
    ]:
        resource = ResourceFactory(title=title, summary=summary, topics=["Children in care"])
        services.update_search_vectors(resource_ids=[resource.pk])
    log_in(page, live_server.url, councillor.email)

    page.goto(f"{live_server.url}/resources/")
    page.get_by_label("Search").fill("corporate parenting")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results-heading")).to_contain_text("best match first")

    results = page.locator("#main-content ol li h3")
    assert results.all_inner_texts() == ["Corporate parenting resource pack"]
    assert_accessible(page)
    screenshot(page, "resources-search")
    results.first.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Corporate parenting resource pack"
    assert_accessible(page)
    screenshot(page, "resources-detail")


def test_a_renamed_executable_is_refused_with_an_accessible_message(
    page, live_server, programme_manager, tmp_path
):
    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    log_in(page, live_server.url, programme_manager.email)

    page.goto(f"{live_server.url}/resources/new/")
    page.get_by_label("Title").fill("Annual report")
    page.get_by_label("Guide", exact=True).check()
    page.get_by_label("All councillors").check()
    page.get_by_label("Summary").fill("What the programme did this year.")
    page.get_by_label("Upload a file").set_input_files(str(fake))
    page.get_by_label("Published – everyone").check()
    page.get_by_role("button", name="Add resource").click()

    summary = page.locator(".govuk-error-summary")
    assert "must be a PDF, Word (DOCX) or Excel (XLSX) document" in summary.inner_text()
    assert page.title().startswith("Error: Add a resource")
    assert_accessible(page)
    screenshot(page, "resources-upload-refused")
