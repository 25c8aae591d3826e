"""Helpers for browser tests: logging in through the real form, and axe-core checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
# WCAG 2.2 AA and the best-practice rules axe runs by those tags.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
FAILURE_DIR = SCREENSHOT_DIR.parent / "failures"
# The rules whose outcome changes when the layout does (checked again at mobile width).
LAYOUT_RULES = ["color-contrast", "scrollable-region-focusable", "target-size"]
# The widths a page is looked at: a laptop, and a small phone.
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 375, "height": 812}}
# Every page is also read on the smallest phones still in use and on a common one.
PHONES = ({"width": 320, "height": 640}, {"width": 390, "height": 844})
PASSWORD = "a-long-test-password"
# What Playwright says when a script meets a page that is being replaced by the next one.
NAVIGATION_SIGNS = ("Execution context was destroyed", "reading 'appendChild'", "navigation")


def log_in(page: Any, live_server_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def serious_violations(page: Any, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the current page (of ``rules`` only, if
    given; otherwise of every WCAG 2.2 AA and best-practice rule)."""
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    result = _run_axe(page, only)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _run_axe(page: Any, only: dict[str, Any]) -> dict[str, Any]:
    """Run axe on the page the browser shows once it has loaded. A check started just after a
    click may meet the next page while its document is still being made (no head to add the
    script to, or the context replaced mid-run): it waits for that page to load and runs again."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            if not page.evaluate("typeof axe !== 'undefined'"):
                page.add_script_tag(content=AXE_SOURCE)
            result: dict[str, Any] = page.evaluate(
                "async (only) => await axe.run(document, {runOnly: only, resultTypes: ['violations']})",
                only,
            )
            return result
        except PlaywrightError as error:
            navigating = any(sign in str(error) for sign in NAVIGATION_SIGNS)
            if not navigating or attempt == 2:
                raise
    raise AssertionError("unreachable")


def assert_accessible(page: Any) -> None:
    violations = serious_violations(page)
    assert violations == [], f"axe found serious or critical violations: {violations}"


def assert_accessible_on_a_phone(page: Any) -> None:
    """The layout rules again at mobile width (a table that overflows must scroll by keyboard,
    text must keep its contrast, nothing else may scroll sideways); the page is left at
    desktop width."""
    page.set_viewport_size(WIDTHS["mobile"])
    violations = serious_violations(page, LAYOUT_RULES)
    too_wide = sideways(page)
    page.set_viewport_size(WIDTHS["desktop"])
    assert violations == [], f"axe found serious or critical violations on a phone: {violations}"
    assert too_wide == [], f"the page scrolls sideways on a phone because of {too_wide}"


SIDEWAYS_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const clipped = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  const wide = [`the page is ${document.documentElement.scrollWidth}px wide`];
  for (const element of document.body.querySelectorAll("*")) {
    const parent = element.parentElement;
    if (element.getBoundingClientRect().right <= width + 1 || clipped(element)) continue;
    if (parent && parent.getBoundingClientRect().right > width + 1) continue;
    const label = element.tagName.toLowerCase() + (element.className ? "." + element.className : "");
    wide.push(`${label} (${Math.round(element.getBoundingClientRect().right)}px)`);
  }
  return wide;
}"""


def sideways(page: Any) -> list[str]:
    """The elements that make the page scroll sideways (WCAG 1.4.10 Reflow): on a phone,
    only a wide table may scroll, inside its own region."""
    return page.evaluate(SIDEWAYS_SCRIPT)


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def screenshot_widths(page: Any, name: str) -> list[Path]:
    """The whole page at desktop and at mobile width, as ``<name>-desktop.png`` and
    ``<name>-mobile.png``; the page is left at desktop width (focus is kept)."""
    paths = []
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        paths.append(screenshot(page, f"{name}-{label}"))
    page.set_viewport_size(WIDTHS["desktop"])
    return paths


def look(page: Any, name: str) -> None:
    """What every page of a journey gets: axe-core's checks, and a look at both widths."""
    assert_accessible(page)
    assert_accessible_on_a_phone(page)
    screenshot_widths(page, name)


def is_focused(locator: Any) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Any, locator: Any, *, backwards: bool = False, limit: int = 200) -> Any:
    """Press Tab (or Shift+Tab) until ``locator`` has the focus; fails if it never does.

    This is how a keyboard user reaches a control, so a control this cannot reach is one
    they cannot use.
    """
    key = "Shift+Tab" if backwards else "Tab"
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("element => element === document.activeElement", target):
            return locator
    raise AssertionError(f"{locator} cannot be reached with the {key} key")


def choose_radio(page: Any, radio: Any, *, limit: int = 200) -> None:
    """Tab into the radio group, as a keyboard user does, then move to ``radio`` with the
    arrow keys (which select as they move) and select it."""
    name = radio.get_attribute("name")
    in_group = (
        "name => document.activeElement?.type === 'radio' && document.activeElement.name === name"
    )
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(in_group, name):
            break
    else:
        raise AssertionError(f"The {name!r} radios cannot be reached with the Tab key")
    for _ in range(20):
        if is_focused(radio):
            if not radio.is_checked():
                page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{radio} cannot be reached with the arrow keys")


def choose_in_autocomplete(page: Any, field: Any, text: str) -> None:
    """Reach an accessible autocomplete with Tab, type, and pick the match with the arrow and
    Enter keys, as a keyboard user does."""
    tab_to(page, field)
    page.keyboard.type(text)
    page.get_by_role("option", name=text, exact=True).wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")


def type_date(page: Any, legend: str, day: Any) -> None:
    """Type a date into a GOV.UK date input (day, month, year), moving between boxes by Tab."""
    group = page.get_by_role("group", name=legend)
    for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        box = group.get_by_label(part, exact=True)
        tab_to(page, box)
        page.keyboard.press("Control+A")
        page.keyboard.type(str(value))
