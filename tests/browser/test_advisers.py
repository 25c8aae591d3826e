"""A principal adviser logs an engagement, corrects a mistake, and finds it again."""

from __future__ import annotations

import pytest

from tests.browser.support import (
    assert_accessible,
    choose_in_autocomplete,
    log_in,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_principal_adviser_logs_corrects_and_finds_an_engagement(
    page, live_server, principal_adviser, camden
):
    log_in(page, live_server.url, principal_adviser.email)
    page.goto(f"{live_server.url}/engagements/new/")

    choose_in_autocomplete(page, page.get_by_label("Council", exact=True), "Camden")
    page.get_by_label("Days").fill("7")
    page.get_by_label("Type of activity").select_option(label="Workshop")
    page.get_by_label("Summary").fill("Workshop with the front door team.")
    page.get_by_role("button", name="Log engagement").click()

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "The number of days must be 5 or fewer" in summary.inner_text()
    assert page.get_by_label("Summary").input_value() == "Workshop with the front door team."
    screenshot(page, "engagement-form-error")
    assert_accessible(page)

    page.get_by_label("Days").fill("1.5")
    page.get_by_role("button", name="Log engagement").click()
    assert (
        "Engagement with Camden logged (1.5 days)."
        in page.locator(".govuk-notification-banner").inner_text()
    )
    assert_accessible(page)

    page.goto(f"{live_server.url}/engagements/")
    choose_in_autocomplete(
        page, page.locator("form.portal-filters").get_by_label("Council"), "Camden"
    )
    page.get_by_role("button", name="Apply filters").click()

    table = page.get_by_role("table")
    assert "Workshop" in table.inner_text()
    assert (
        "1 engagement, 1.5 days for these filters"
        in page.locator("#engagement-totals").inner_text()
    )
    screenshot(page, "engagement-list-filtered")
    assert_accessible(page)


def test_without_javascript_the_council_is_chosen_from_the_plain_select(
    browser, live_server, principal_adviser, camden
):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    log_in(page, live_server.url, principal_adviser.email)
    page.goto(f"{live_server.url}/engagements/new/")

    council = page.get_by_label("Council", exact=True)
    assert council.evaluate("element => element.tagName") == "SELECT"
    council.select_option(label="Camden")
    page.get_by_label("Days").fill("1")
    page.get_by_label("Type of activity").select_option(label="Workshop")
    page.get_by_label("Summary").fill("Workshop, no scripts.")
    page.get_by_role("button", name="Log engagement").click()

    assert (
        "Engagement with Camden logged (1 day)."
        in page.locator(".govuk-notification-banner").inner_text()
    )
    context.close()


def test_with_javascript_the_council_select_becomes_an_autocomplete_posting_the_same_value(
    page, live_server, principal_adviser, camden
):
    log_in(page, live_server.url, principal_adviser.email)
    page.goto(f"{live_server.url}/engagements/new/")

    field = page.get_by_label("Council", exact=True)
    assert field.evaluate("element => element.tagName") == "INPUT"
    assert field.get_attribute("role") == "combobox"
    choose_in_autocomplete(page, field, "Camden")
    assert page.locator("select[name=council]").input_value() == str(camden.pk)
