"""Dashboard cards for courses: what needs doing first."""

from __future__ import annotations

import pytest

from courses import dashboard
from tests.factories.courses import (
    BookingFactory,
    FeedbackFactory,
    PastSessionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def titles(cards):
    return [card["title"] for card in cards]


def test_a_councillor_is_asked_for_feedback_and_sees_their_bookings(councillor):
    SessionFactory()
    BookingFactory(person=councillor)
    needs_feedback = BookingFactory(
        person=councillor, session=PastSessionFactory(), status="attended"
    )
    FeedbackFactory(booking__person=councillor)  # already given

    cards = dashboard.cards(councillor)

    assert titles(cards) == ["Give feedback on a course", "My bookings", "Courses"]
    assert cards[0]["action"] is True
    assert [item["url"] for item in cards[0]["items"]] == [
        f"/bookings/{needs_feedback.pk}/feedback/"
    ]
    assert cards[1]["figure"] == 1
    assert cards[2]["figure"] == 2


def test_a_programme_manager_is_asked_to_record_attendance(programme_manager):
    session = PastSessionFactory()
    BookingFactory(session=session)
    BookingFactory(session=session)
    BookingFactory(session=PastSessionFactory(), status="attended")

    cards = dashboard.cards(programme_manager)

    assert titles(cards) == ["1 session needs attendance recorded", "Courses"]
    assert cards[0]["items"][0]["note"] == "2 to record"
    assert cards[0]["items"][0]["url"] == f"/bookings/sessions/{session.pk}/"


def test_advisers_see_their_own_bookings_and_the_courses(principal_adviser):
    assert titles(dashboard.cards(principal_adviser)) == ["My bookings", "Courses"]
