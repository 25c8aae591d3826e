"""The courses section on a council's page: bookings by its councillors, for PMs only."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from courses import council_sections
from tests.factories.accounts import UserFactory
from tests.factories.courses import BookingFactory, PastSessionFactory

pytestmark = pytest.mark.django_db


def test_programme_managers_see_bookings_by_the_councils_councillors(
    programme_manager, councillor, camden, islington
):
    BookingFactory(person=councillor, session=PastSessionFactory(), status="attended")
    BookingFactory(person=councillor, status="waitlisted")
    BookingFactory(person=UserFactory(council=islington))

    [section] = council_sections.sections(programme_manager, camden)

    assert section["title"] == "Leadership Essentials and course bookings"
    assert section["context"]["totals"] == {"booked": 2, "attended": 1, "councillors": 1}
    html = render_to_string(section["template"], section["context"])
    assert "Cllr Casey Jones" in html
    assert "Waiting list: number 1" in html


@pytest.mark.parametrize(
    "persona", ["principal_adviser", "improvement_adviser", "associate", "councillor"]
)
def test_no_one_else_gets_the_section(request, persona, councillor, camden):
    BookingFactory(person=councillor)

    assert council_sections.sections(request.getfixturevalue(persona), camden) == []
