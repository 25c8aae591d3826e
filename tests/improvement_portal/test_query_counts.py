"""Each main page's first view runs a pinned number of SQL queries, session and user included.

Every view renders from the database, so these counts are what each request costs. A change
that adds a query to a page fails here: lower the pin when a page gets cheaper, and raise it
only with a reason. That the counts stay the same as the data grows is tested per area
(for example tests/advisers/test_views_engagements.py).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories.courses import BookingFactory
from tests.factories.mentoring import MentoringRequestFactory
from tests.factories.reports import EvaluationReportFactory
from tests.factories.resources import ResourceFactory

# (page, persona, queries): the pages `make bench` measures. Every signed-in page reads its
# session, its user and the header's count of unread notifications. The dashboards read the
# follow-ups their owner has due; the board reads the regions (for the pool by region) and the
# stalled matches. The council pages and the principal adviser's dashboard also read the newest
# Ofsted publication date ("Ofsted outcomes published up to …").
PAGES = [
    ("/", "programme_manager", 20),
    ("/", "principal_adviser", 19),
    ("/", "councillor", 12),
    ("/councils/", "principal_adviser", 7),
    ("/councils/E09000007/", "principal_adviser", 10),
    ("/engagements/", "programme_manager", 8),
    ("/engagements/?strand=intensive&funding=free", "programme_manager", 8),
    ("/engagements/new/", "principal_adviser", 5),
    ("/courses/", "councillor", 7),
    ("/bookings/", "councillor", 5),
    ("/mentoring/board/", "programme_manager", 11),
    ("/resources/?q=safeguarding", "councillor", 5),
    ("/reports/", "programme_manager", 6),
]


@pytest.fixture
def filled(world) -> dict:
    BookingFactory(person=world["councillor"])
    MentoringRequestFactory()
    EvaluationReportFactory(requested_by=world["programme_manager"])
    ResourceFactory(title="Safeguarding guide", audiences=["councillors"])
    return world


@pytest.mark.parametrize(("url", "persona", "expected"), PAGES)
def test_first_view_query_count_is_pinned(url, persona, expected, filled):
    client = Client()
    client.force_login(filled[persona])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert len(queries) == expected, "\n".join(query["sql"][:120] for query in queries)


def test_a_course_session_pages_first_view_query_count_is_pinned(filled):
    """The page most of the benchmark's mixed run reads: the session with its places and
    waiting list in one query, then the reader's own booking."""
    session = BookingFactory(person=filled["councillor"]).session
    client = Client()
    client.force_login(filled["councillor"])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/courses/{session.pk}/")

    assert response.status_code == 200
    assert len(queries) == 5, "\n".join(query["sql"][:120] for query in queries)
