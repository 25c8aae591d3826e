"""Every list page filters the same way: totals first, the filters behind "Filter"."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LIST_PAGES = [
    "advisers:engagement-list",
    "advisers:support-request-list",
    "advisers:adviser-list",
    "advisers:availability-search",
    "advisers:accreditation-expiring",
    "councils:list",
    "councils:regions",
    "courses:list",
    "courses:bookings",
    "resources:list",
    "mentoring:mentor-list",
    "mentoring:match-list",
    "peer_challenges:list",
    "people:list",
]

# Searches and summaries whose count is in their table's caption or the results' heading.
WITHOUT_TOTALS = {
    "advisers:availability-search",
    "advisers:accreditation-expiring",
    "councils:regions",
    "resources:list",
}


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_list_page_puts_its_filters_behind_the_filter_toggle(login, programme_manager, name):
    response = login(programme_manager).get(reverse(name))

    assert response.status_code == 200
    assert "fragment_filters.html" in [template.name for template in response.templates]
    html = response.content.decode()
    toggle = html.index('<details class="govuk-details portal-filter" data-portal-filter')
    assert html.index('<form method="get"', toggle) < html.index("</details>", toggle)
    assert html.count('class="portal-filters"') == 1
    if name not in WITHOUT_TOTALS:
        before = html[:toggle].rstrip()
        totals = before[before.rindex('<p class="govuk-body-l"') :]
        assert before.endswith("</p>") and "<strong>" in totals, "the totals come first"


def test_no_template_writes_its_own_filter_form():
    templates = Path(settings.BASE_DIR) / "templates"
    hand_written = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if "portal-filters" in path.read_text() and path.name != "fragment_filters.html"
    ]

    assert hand_written == []


def test_a_list_with_filters_that_have_errors_opens_them(login, programme_manager):
    html = login(programme_manager).get(reverse("councils:list"), {"region": "nowhere"})

    assert "data-portal-filter open" in html.content.decode()


def test_filter_labels_do_not_say_optional(login, programme_manager):
    html = login(programme_manager).get(reverse("peer_challenges:list")).content.decode()

    assert ">Region</label>" in html
    assert "(optional)" not in html
