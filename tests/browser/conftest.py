"""Browser tests keep a picture of the page whenever one fails, so a person can see why."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.support import FAILURE_DIR


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[Any]:
    report = yield
    if report.when == "call" and report.failed:
        page = getattr(item, "funcargs", {}).get("page")
        if page is not None and not page.is_closed():
            name = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.nodeid).strip("-")
            FAILURE_DIR.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=str(FAILURE_DIR / f"{name}.png"), full_page=True)
                (FAILURE_DIR / f"{name}.html").write_text(page.content())
            except Exception as error:  # a crashed page must not hide the test's own failure
                report.sections.append(("failure screenshot", f"not taken: {error}"))
            else:
                report.sections.append(("failure screenshot", str(FAILURE_DIR / f"{name}.png")))
    return report


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # The portal's users are in England (Debian's Chromium ships only its en-US layout for
    # date fields, so those still read month/day/year in screenshots).
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}
