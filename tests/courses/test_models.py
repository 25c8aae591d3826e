"""What the course models answer: booking windows, places, positions and feedback figures."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from courses.models import Booking, CourseSession, Feedback
from courses.templatetags.course_tags import clock, session_when
from tests.courses.conftest import make_councillors
from tests.factories.courses import (
    BookingFactory,
    FeedbackFactory,
    PastSessionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_booking_problem_is_empty_while_the_window_is_open():
    assert SessionFactory().booking_problem() == ""


def test_booking_problem_names_the_day_booking_closed():
    closes = datetime.datetime(2025, 3, 3, 17, 0, tzinfo=LONDON)
    session = SessionFactory.build(
        starts_at=datetime.datetime(2025, 3, 10, 9, 30, tzinfo=LONDON),
        booking_opens_at=closes - datetime.timedelta(days=30),
        booking_closes_at=closes,
    )

    problem = session.booking_problem(now=closes + datetime.timedelta(hours=1))

    assert problem == "Booking for this session closed on 3 March 2025."


def test_places_taken_left_and_waiting_are_counted_in_one_query(django_assert_num_queries):
    session = SessionFactory(capacity=4)
    people = make_councillors(6)
    statuses = ["confirmed", "attended", "no_show", "cancelled", "waitlisted", "waitlisted"]
    for person, status in zip(people, statuses, strict=True):
        BookingFactory(session=session, person=person, status=status)

    with django_assert_num_queries(1):
        counted = CourseSession.objects.with_counts().get(pk=session.pk)

    assert (counted.places_taken, counted.places_left, counted.waiting) == (3, 1, 2)


def test_a_session_whose_capacity_was_cut_below_its_bookings_has_no_places_left():
    session = SessionFactory(capacity=3)
    for person in make_councillors(3):
        BookingFactory(session=session, person=person, status="confirmed")
    CourseSession.objects.filter(pk=session.pk).update(capacity=2)

    counted = CourseSession.objects.with_counts().get(pk=session.pk)

    assert (counted.places_taken, counted.places_left) == (3, 0)


def test_waiting_positions_follow_the_time_people_joined():
    session = SessionFactory()
    now = timezone.now()
    late = BookingFactory(session=session, status="waitlisted", waitlisted_at=now)
    early = BookingFactory(
        session=session, status="waitlisted", waitlisted_at=now - datetime.timedelta(hours=1)
    )
    BookingFactory(session=SessionFactory(), status="waitlisted", waitlisted_at=now)

    positions = dict(
        Booking.objects.with_waiting_position()
        .filter(session=session)
        .values_list("pk", "waiting_position")
    )

    assert positions == {early.pk: 1, late.pk: 2}


def test_the_feedback_summary_gives_means_and_the_share_who_would_recommend():
    session = PastSessionFactory()
    for content, recommend in [(5, True), (4, True), (2, False)]:
        FeedbackFactory(
            booking__session=session,
            content_rating=content,
            facilitators_rating=4,
            usefulness_rating=3,
            would_recommend=recommend,
        )

    summary = Feedback.objects.filter(booking__session=session).summary()

    assert summary == {
        "responses": 3,
        "content": 3.7,
        "facilitators": 4.0,
        "usefulness": 3.0,
        "overall": 3.6,
        "recommend_percent": 66.7,
    }


def test_the_feedback_summary_of_nothing_is_empty():
    assert Feedback.objects.none().summary()["responses"] == 0
    assert Feedback.objects.all().summary()["recommend_percent"] is None


def test_session_times_read_the_gov_uk_way():
    session = SessionFactory.build(
        starts_at=datetime.datetime(2025, 3, 4, 9, 30, tzinfo=LONDON),
        ends_at=datetime.datetime(2025, 3, 4, 16, 0, tzinfo=LONDON),
    )

    assert session_when(session) == "Tuesday 4 March 2025, 9:30am to 4pm"
    assert clock(datetime.datetime(2025, 6, 1, 12, 0, tzinfo=LONDON)) == "12pm"


def test_feedback_figures_per_session():
    session = PastSessionFactory()
    FeedbackFactory(
        booking__session=session,
        content_rating=5,
        facilitators_rating=5,
        usefulness_rating=5,
        would_recommend=True,
    )
    FeedbackFactory(
        booking__session=session,
        content_rating=3,
        facilitators_rating=3,
        usefulness_rating=3,
        would_recommend=False,
    )
    BookingFactory(session=session, status="attended")

    figures = CourseSession.objects.with_feedback_figures().get(pk=session.pk)

    assert (figures.attended, figures.responses, figures.recommending) == (3, 2, 1)
    assert figures.mean_rating == pytest.approx(4.0)
