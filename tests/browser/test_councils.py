"""A councillor filters the councils list in a real browser, and the page is accessible."""

from __future__ import annotations

import datetime

import pytest

from councils.models import Council
from tests.browser.support import assert_accessible, log_in, screenshot
from tests.factories.councils import InspectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_councillor_filters_councils_by_latest_judgement(page, live_server, councillor):
    InspectionFactory(
        council=Council.objects.get(gss_code="E08000035"),
        published_on=datetime.date(2019, 1, 1),
        overall_effectiveness=4,
    )
    log_in(page, live_server.url, councillor.email)

    page.goto(f"{live_server.url}/councils/")
    page.get_by_label("Latest overall effectiveness").select_option(label="Inadequate")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**overall=4**")

    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "Leeds" in rows.first.inner_text()
    assert "Inadequate" in rows.first.inner_text()
    screenshot(page, "councils-list-filtered")
    assert_accessible(page)

    page.get_by_role("link", name="Leeds").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Leeds"
    screenshot(page, "council-detail")
    assert_accessible(page)
