"""A councillor logs in through the real browser and sees an accessible dashboard."""

from __future__ import annotations

import pytest

from tests.browser.support import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_councillor_logs_in_and_sees_an_accessible_dashboard(page, live_server, councillor):
    log_in(page, live_server.url, councillor.email)

    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Cllr Casey Jones"
    assert page.get_by_role("link", name="Dashboard").count() == 1
    assert page.get_by_role("link", name="Engagements").count() == 0
    screenshot(page, "dashboard-councillor")
    assert_accessible(page)


def test_the_login_page_is_accessible(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Log in").click()

    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
