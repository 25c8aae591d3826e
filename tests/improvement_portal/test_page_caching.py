"""Each main page, served a second time with no change in between, comes from the fragment
cache: the same page for the reader, for the cost of the session and version reads. After a
committed change the page shows it at once.

These tests commit (transaction=True): inside a test's own transaction nothing is cached,
because what it wrote could still be rolled back.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.roles import Role
from tests.factories.advisers import AdviserFactory, EngagementFactory
from tests.factories.courses import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Each page of `make bench`, with the persona that reads it there.
PAGES = [
    ("/", "principal_adviser"),
    ("/councils/", "principal_adviser"),
    ("/councils/E09000007/", "principal_adviser"),
    ("/engagements/", "programme_manager"),
    ("/engagements/?strand=intensive&funding=free", "programme_manager"),
    ("/engagements/new/", "principal_adviser"),
    ("/courses/", "councillor"),
    ("/bookings/", "councillor"),
    ("/mentoring/board/", "programme_manager"),
    ("/resources/?q=safeguarding", "councillor"),
    ("/reports/", "programme_manager"),
]
# The session, the data version, and the header's count of the reader's unread notifications.
MOST_QUERIES_FROM_CACHE = 3

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    # A CSRF token is masked afresh for every response: it is the one part never cached.
    return CSRF_VALUE.sub("csrf", response.content.decode()), len(queries)


@pytest.fixture
def readers(programme_manager, principal_adviser, councillor, camden) -> dict[str, User]:
    AdviserFactory(
        user=principal_adviser, kind="principal_adviser", region=principal_adviser.region
    )
    EngagementFactory(council=camden, adviser__user=principal_adviser)
    BookingFactory(person=councillor, session=SessionFactory())
    return {
        "programme_manager": programme_manager,
        "principal_adviser": principal_adviser,
        "councillor": councillor,
    }


def test_a_second_visit_is_the_same_page_from_the_cache(client, readers):
    for url, persona in PAGES:
        client.force_login(readers[persona])
        first, first_queries = _page(client, url)
        again, cached_queries = _page(client, url)

        assert again == first, url
        assert cached_queries <= MOST_QUERIES_FROM_CACHE < first_queries, url


def test_a_committed_change_shows_on_the_next_visit(client, readers, camden):
    client.force_login(readers["programme_manager"])
    before, _ = _page(client, "/engagements/")

    EngagementFactory(council=camden, adviser__user=readers["principal_adviser"])
    after, _ = _page(client, "/engagements/")

    assert "<strong>1</strong> engagement," in before
    assert "<strong>2</strong> engagements," in after


def test_a_renamed_council_shows_its_new_name_on_the_next_visit(client, readers, camden):
    client.force_login(readers["councillor"])
    _page(client, "/councils/E09000007/")

    type(camden).objects.filter(pk=camden.pk).update(name="London Borough of Camden")
    page, _ = _page(client, "/councils/E09000007/")

    assert "<title>London Borough of Camden –" in page


def test_a_changed_role_changes_what_the_cached_dashboard_shows(client, readers):
    manager = readers["programme_manager"]
    client.force_login(manager)
    before, _ = _page(client, "/")

    User.objects.filter(pk=manager.pk).update(role=Role.COUNCILLOR)
    page, _ = _page(client, "/")

    assert '<span class="govuk-caption-l">Programme manager</span>' in before
    assert '<span class="govuk-caption-l">Councillor</span>' in page
