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

# (page, persona, queries): the pages `make bench` measures.
PAGES = [
    ("/", "programme_manager", 18),
    ("/", "principal_adviser", 16),
    ("/", "councillor", 11),
    ("/councils/", "principal_adviser", 5),
    ("/councils/E09000007/", "principal_adviser", 9),
    ("/engagements/", "programme_manager", 7),
    ("/engagements/?strand=intensive&funding=free", "programme_manager", 7),
    ("/engagements/new/", "principal_adviser", 4),
    ("/courses/", "councillor", 6),
    ("/bookings/", "councillor", 4),
    ("/mentoring/board/", "programme_manager", 8),
    ("/resources/?q=safeguarding", "councillor", 4),
    ("/reports/", "programme_manager", 5),
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
