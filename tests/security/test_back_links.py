"""Every page's "Back" link leads somewhere the person reading it may go."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.security.conftest import PERSONAS, World
from tests.security.test_url_matrix import GUARDED, Route, url_for

BACK_LINK = re.compile(
    r'<a href="([^"]+)" class="govuk-back-link"|class="govuk-back-link" href="([^"]+)"'
)
# Only pages a person can open with a plain GET, naming at most the world's objects.
PAGES = [route for route in GUARDED if not route.route.endswith((".csv", ".xlsx", ".pdf", ".ics"))]


@pytest.mark.parametrize("route", PAGES, ids=str)
def test_the_back_link_of_every_page_opens_for_whoever_reads_it(route: Route, world: World) -> None:
    url = url_for(route, world)
    problems = []
    for persona in PERSONAS:
        client = Client()
        client.force_login(world.people[persona])
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        for match in BACK_LINK.finditer(page.content.decode()):
            target = (match[1] or match[2]).replace("&amp;", "&")
            status = client.get(target).status_code
            if status not in (200, 302):
                problems.append(f"{persona}: back to {target} gives {status}")
    assert not problems, f"{route} at {url}: {'; '.join(problems)}"


def test_the_pattern_finds_the_back_links_pages_have(world: World) -> None:
    # A pattern that matched nothing would let every page above pass.
    client = Client()
    client.force_login(world.pm)
    page = client.get(world.engagement.get_absolute_url()).content.decode()

    assert [m[1] or m[2] for m in BACK_LINK.finditer(page)] == ["/engagements/"]
