"""A councillor logs in through the real browser and sees an accessible dashboard."""

from __future__ import annotations

import pytest

from tests.browser.support import WIDTHS, assert_accessible, log_in, screenshot
from tests.conftest import PERSONAS

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


# Where each item of the service navigation sits, and whether the row is wider than its list.
NAVIGATION_ROW = """() => {
  const list = document.querySelector(".govuk-service-navigation__list");
  const items = [...list.querySelectorAll(".govuk-service-navigation__item")];
  return {
    labels: items.map((item) => item.innerText.trim()),
    rows: new Set(items.map((item) => Math.round(item.getBoundingClientRect().top))).size,
    overflows: list.scrollWidth > list.clientWidth,
    menuButton: !document.querySelector(".govuk-service-navigation__toggle").hidden,
  };
}"""


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_service_navigation_fits_on_one_row_on_a_laptop(page, live_server, persona, request):
    user = request.getfixturevalue(persona)
    page.set_viewport_size(WIDTHS["desktop"])  # 1,280 px
    log_in(page, live_server.url, user.email)

    row = page.evaluate(NAVIGATION_ROW)

    assert row["labels"][0] == "Dashboard"
    assert row["rows"] == 1, f"the navigation wraps onto {row['rows']} rows: {row['labels']}"
    assert not row["overflows"]
    assert not row["menuButton"], "at 1,280 px every item shows, not a Menu button"
