"""The booking flow, one question a page; "My bookings"; cancelling; feedback."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Booking, Feedback
from tests.courses.conftest import make_councillors
from tests.factories.courses import (
    BookingFactory,
    FeedbackFactory,
    PastSessionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"courses:{name}", args=args)


def walk_to_check(client, session, access="Hearing loop", dietary="Vegetarian"):
    response = client.get(url("book", session.pk))
    assert response.status_code == 302
    response = client.post(response.url, {"access_requirements": access})
    assert response.url == url("book-dietary", session.pk)
    response = client.post(response.url, {"dietary_requirements": dietary})
    assert response.url == url("book-check", session.pk)
    return client.get(response.url)


def test_a_councillor_books_a_place_one_question_a_page(login, councillor, session):
    client = login(councillor)

    page = client.get(url("session-detail", session.pk))
    assert "Book a place" in page.text
    start = client.get(url("book", session.pk))
    assert start.url == url("book-access", session.pk)
    question = client.get(start.url)
    assert "<h1" in question.text and "Do you have any access requirements?" in question.text

    check = walk_to_check(client, session)
    assert "Check your answers before booking" in check.text
    assert "Hearing loop" in check.text and "Vegetarian" in check.text
    assert "Confirm booking" in check.text
    with_commit = client.post(url("book-check", session.pk))

    booking = Booking.objects.get(person=councillor)
    assert with_commit.url == url("booking-confirmation", booking.pk)
    assert booking.status == "confirmed"
    assert booking.access_requirements == "Hearing loop"
    assert booking.dietary_requirements == "Vegetarian"
    confirmation = client.get(with_commit.url)
    assert "Place booked" in confirmation.text
    assert "What happens next" in confirmation.text


def test_answers_can_be_changed_from_the_check_page(login, councillor, session):
    client = login(councillor)
    walk_to_check(client, session, access="Ramp")

    response = client.post(
        url("book-access", session.pk) + "?change=1", {"access_requirements": "Lift"}
    )

    assert response.url == url("book-check", session.pk)
    assert "Lift" in client.get(response.url).text


def test_a_full_session_offers_the_waiting_list_and_shows_the_position(login, councillor, session):
    for person in make_councillors(3):
        BookingFactory(session=session, person=person)
    BookingFactory(session=session, status="waitlisted")
    client = login(councillor)

    assert "Join the waiting list" in client.get(url("session-detail", session.pk)).text
    check = walk_to_check(client, session)
    assert "This session is full" in check.text and "behind 1 person" in check.text
    response = client.post(url("book-check", session.pk))

    confirmation = client.get(response.url)
    assert "You are on the waiting list" in confirmation.text
    assert "number 2 on the waiting list" in confirmation.text


def test_pressing_confirm_twice_gives_one_booking(
    login, councillor, session, django_capture_on_commit_callbacks
):
    client = login(councillor)
    walk_to_check(client, session)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url("book-check", session.pk))
        second = client.post(url("book-check", session.pk))

    booking = Booking.objects.get(person=councillor)
    assert first.url == url("booking-confirmation", booking.pk)
    assert second.url == booking.get_absolute_url()
    assert len(mail.outbox) == 1


def test_booking_outside_the_window_is_refused_with_a_clear_message(login, councillor):
    opens = timezone.now() + datetime.timedelta(days=2)
    session = SessionFactory(booking_opens_at=opens)
    client = login(councillor)

    response = client.get(url("book", session.pk), follow=True)

    assert "Booking for this session opens on" in response.text
    assert not Booking.objects.exists()


def test_the_flow_cannot_be_entered_half_way(login, councillor, session):
    response = login(councillor).get(url("book-dietary", session.pk))

    assert response.url == url("book", session.pk)


def test_a_programme_manager_books_a_place_for_a_councillor(
    login, programme_manager, councillor, session
):
    client = login(programme_manager)

    start = client.get(url("book", session.pk))
    assert start.url == url("book-person", session.pk)
    unknown = client.post(start.url, {"email": "nobody@example.org"})
    assert "There is no one with that email address on the portal" in unknown.text
    response = client.post(start.url, {"email": councillor.email.upper()})
    assert response.url == url("book-access", session.pk)
    assert "Does Cllr Casey Jones have any access requirements?" in client.get(response.url).text
    client.post(response.url, {"access_requirements": ""})
    client.post(url("book-dietary", session.pk), {"dietary_requirements": "Halal"})
    client.post(url("book-check", session.pk))

    booking = Booking.objects.get(person=councillor)
    assert booking.booked_by == programme_manager
    assert booking.dietary_requirements == "Halal"


def test_only_councillors_may_be_booked_on_leadership_essentials(
    login, programme_manager, associate, session
):
    response = login(programme_manager).post(
        url("book-person", session.pk), {"email": associate.email}
    )

    assert "Leadership Essentials places are for councillors only" in response.text


def test_advisers_cannot_book_leadership_essentials(login, principal_adviser, session):
    client = login(principal_adviser)

    assert "Book a place" not in client.get(url("session-detail", session.pk)).text
    assert client.get(url("book", session.pk)).status_code == 403


def test_my_bookings_lists_upcoming_and_past_with_feedback_prompts(login, councillor):
    upcoming = BookingFactory(person=councillor)
    waiting = BookingFactory(person=councillor, status="waitlisted")
    attended = BookingFactory(person=councillor, session=PastSessionFactory(), status="attended")
    someone_elses = BookingFactory(status="confirmed")

    page = login(councillor).get(url("bookings"))

    assert page.status_code == 200
    assert "My bookings" in page.text
    assert upcoming.get_absolute_url() in page.text
    assert "Waiting list: number 1" in page.text and waiting.get_absolute_url() in page.text
    assert url("feedback", attended.pk) in page.text
    assert url("booking-cancel", upcoming.pk) in page.text
    assert someone_elses.get_absolute_url() not in page.text


def test_a_councillor_cancels_their_booking(
    login, councillor, session, django_capture_on_commit_callbacks
):
    booking = BookingFactory(session=session, person=councillor)
    client = login(councillor)

    confirm = client.get(url("booking-cancel", booking.pk))
    assert "Are you sure you want to cancel your place?" in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("booking-cancel", booking.pk), follow=True)

    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert "has been cancelled" in response.text
    assert mail.outbox[0].subject.startswith("Booking cancelled")


def test_an_attendee_gives_feedback(login, councillor):
    booking = BookingFactory(person=councillor, session=PastSessionFactory(), status="attended")
    client = login(councillor)

    empty = client.post(url("feedback", booking.pk), {})
    assert "Select a rating for the content, from 1 to 5" in empty.text
    assert "govuk-error-summary" in empty.text
    response = client.post(
        url("feedback", booking.pk),
        {
            "content_rating": "5",
            "facilitators_rating": "4",
            "usefulness_rating": "5",
            "would_recommend": "yes",
            "comments": "Excellent",
        },
    )

    assert response.url == url("bookings")
    feedback = Feedback.objects.get(booking=booking)
    assert feedback.would_recommend is True and feedback.facilitators_rating == 4


def test_feedback_is_given_once(login, councillor):
    feedback = FeedbackFactory(booking__person=councillor)

    response = login(councillor).get(url("feedback", feedback.booking.pk))

    assert response.url == url("bookings")


def test_my_bookings_uses_the_same_queries_however_many_bookings(
    login, councillor, django_assert_num_queries
):
    client = login(councillor)
    BookingFactory(person=councillor)
    FeedbackFactory(booking__person=councillor)
    few = count_queries(client, url("bookings"))
    for _ in range(6):
        BookingFactory(person=councillor, status="waitlisted")
        FeedbackFactory(booking__person=councillor)

    with django_assert_num_queries(few):
        client.get(url("bookings"))


def count_queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_an_associate_gives_feedback_on_an_accredited_course(login, associate):
    from tests.factories.courses import AccreditedCourseFactory

    booking = BookingFactory(
        person=associate,
        session=PastSessionFactory(course=AccreditedCourseFactory()),
        status="attended",
    )
    client = login(associate)

    assert "Give feedback" in client.get(url("booking-detail", booking.pk)).text
    assert client.get(url("feedback", booking.pk)).status_code == 200


def test_the_audit_history_names_who_cancelled_through_the_portal(
    login, councillor, programme_manager, session
):
    from auditlog.models import LogEntry
    from django.db.models.signals import pre_save

    booking = BookingFactory(session=session, person=councillor)
    client = login(programme_manager)
    client.get(url("booking-cancel", booking.pk))
    receivers = len(pre_save.receivers)

    client.post(url("booking-cancel", booking.pk))

    entry = LogEntry.objects.get_for_object(booking).latest("timestamp")
    assert entry.actor == programme_manager
    assert entry.changes_dict["status"] == ["confirmed", "cancelled"]
    assert len(pre_save.receivers) == receivers  # no audit context left behind


def test_pressing_cancel_twice_is_harmless(login, councillor, session):
    booking = BookingFactory(session=session, person=councillor)
    client = login(councillor)

    client.post(url("booking-cancel", booking.pk))
    again = client.post(url("booking-cancel", booking.pk))

    assert again.url == booking.get_absolute_url()
    assert Booking.objects.get().status == "cancelled"


def test_a_bookings_history_is_for_programme_managers(login, programme_manager, councillor):
    booking = BookingFactory(session=PastSessionFactory(), person=councillor)
    services.mark_attendance(booking=booking, attended=True, actor=programme_manager)
    url = reverse("courses:booking-detail", args=[booking.pk])

    assert "Status: Place confirmed → Attended" in login(programme_manager).get(url).text
    assert 'id="history"' not in login(councillor).get(url).text
