"""Booking rules, the waiting list, cancelling, attendance and feedback (courses.services)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from courses import services
from courses.models import Booking, CourseSession
from tests.courses.conftest import make_councillors
from tests.factories.accounts import UserFactory
from tests.factories.courses import (
    AccreditedCourseFactory,
    BookingFactory,
    PastSessionFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


# Booking rules ----------------------------------------------------------------------------


def test_books_a_confirmed_place_while_places_are_left(session, councillor, book):
    booking = book(session, councillor, access_requirements="  Step-free access  ")

    assert booking.status == Booking.Status.CONFIRMED
    assert booking.confirmed_at is not None and booking.waitlisted_at is None
    assert booking.access_requirements == "Step-free access"
    assert booking.booked_by == councillor


def test_puts_people_on_the_waiting_list_once_the_session_is_full(session, book):
    people = make_councillors(5)
    bookings = [book(session, person) for person in people]

    assert [b.status for b in bookings] == ["confirmed"] * 3 + ["waitlisted"] * 2
    positions = Booking.objects.with_waiting_position().filter(status="waitlisted").order_by("pk")
    assert [b.waiting_position for b in positions] == [1, 2]


def test_a_second_attempt_by_the_same_person_returns_their_booking(session, councillor, book):
    first = book(session, councillor)
    second = book(session, councillor, dietary_requirements="Vegan")

    assert second.pk == first.pk
    assert Booking.objects.filter(person=councillor).count() == 1
    assert len(mail.outbox) == 1


def test_the_database_refuses_two_active_bookings_for_one_person(session, councillor):
    from django.db import IntegrityError, transaction

    BookingFactory(session=session, person=councillor)
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(session=session, person=councillor, status="waitlisted")


def test_a_person_may_book_again_after_cancelling(session, councillor, book):
    first = book(session, councillor)
    services.cancel_booking(booking=first, actor=councillor)

    again = book(session, councillor)

    assert again.pk != first.pk and again.status == "confirmed"


def test_refuses_booking_before_the_window_opens(councillor, book):
    opens = timezone.now() + datetime.timedelta(days=3)
    session = SessionFactory(booking_opens_at=opens)

    with pytest.raises(ValidationError) as error:
        book(session, councillor)

    local = timezone.localtime(opens)
    assert error.value.messages == [
        f"Booking for this session opens on {local:%-d %B %Y} at {local:%H:%M}."
    ]


def test_refuses_booking_after_the_window_closes(councillor, book):
    now = timezone.now()
    session = SessionFactory(
        booking_opens_at=now - datetime.timedelta(days=20),
        booking_closes_at=now - datetime.timedelta(days=1),
    )

    with pytest.raises(ValidationError, match="Booking for this session closed on"):
        book(session, councillor)
    assert not Booking.objects.exists()


def test_refuses_booking_a_session_that_has_started(councillor, book):
    with pytest.raises(ValidationError, match="closed"):
        book(PastSessionFactory(), councillor)


def test_refuses_booking_a_cancelled_session(councillor, book):
    session = SessionFactory(status=CourseSession.Status.CANCELLED)

    with pytest.raises(ValidationError, match="This session has been cancelled."):
        book(session, councillor)


def test_refuses_booking_a_draft_session(councillor, book):
    session = SessionFactory(status=CourseSession.Status.DRAFT)

    with pytest.raises(ValidationError, match="not open for booking yet"):
        book(session, councillor)


def test_leadership_essentials_is_for_councillors_only(session, associate, programme_manager, book):
    with pytest.raises(ValidationError, match="for councillors"):
        book(session, associate, actor=programme_manager)


def test_a_councillor_cannot_book_for_someone_else(session, councillor, book):
    other = UserFactory(role=Role.COUNCILLOR)

    with pytest.raises(PermissionDenied):
        book(session, other, actor=councillor)


def test_a_programme_manager_books_for_a_councillor(session, councillor, programme_manager, book):
    booking = book(session, councillor, actor=programme_manager)

    assert booking.person == councillor and booking.booked_by == programme_manager
    assert mail.outbox[0].to == [councillor.email]


def test_a_programme_manager_books_an_associate_on_an_accredited_course(
    associate, programme_manager, councillor, book
):
    session = SessionFactory(course=AccreditedCourseFactory())

    assert book(session, associate, actor=programme_manager).status == "confirmed"
    with pytest.raises(ValidationError, match="for advisers and associates"):
        book(session, councillor, actor=programme_manager)


# Cancelling and the waiting list ----------------------------------------------------------


def test_cancelling_a_place_promotes_the_longest_waiting_person_and_emails_them(
    session, book, cancel
):
    people = make_councillors(6)
    bookings = [book(session, person) for person in people]
    mail.outbox.clear()

    cancel(bookings[1], people[1])

    statuses = dict(Booking.objects.values_list("person__email", "status"))
    assert statuses[people[1].email] == "cancelled"
    assert statuses[people[3].email] == "confirmed"  # waited longest
    assert statuses[people[4].email] == "waitlisted"
    assert Booking.objects.occupying().count() == session.capacity
    assert sorted((m.to[0], m.subject.split(":")[0]) for m in mail.outbox) == [
        (people[1].email, "Booking cancelled"),
        (people[3].email, "A place has come free for you"),
    ]
    remaining = Booking.objects.with_waiting_position().get(person=people[4])
    assert remaining.waiting_position == 1


def test_cancelling_a_place_on_the_waiting_list_promotes_no_one(session, book, cancel):
    people = make_councillors(5)
    bookings = [book(session, person) for person in people]

    cancel(bookings[3], people[3])

    assert Booking.objects.get(pk=bookings[4].pk).status == "waitlisted"
    assert Booking.objects.with_waiting_position().get(pk=bookings[4].pk).waiting_position == 1


def test_cancelling_twice_is_harmless(session, councillor, book, cancel):
    booking = book(session, councillor)
    cancel(booking, councillor)
    cancel(booking, councillor)

    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Your place is booked",
        "Booking cancelled",
    ]


def test_a_programme_manager_may_cancel_and_others_may_not(
    session, councillor, programme_manager, book
):
    booking = book(session, councillor)
    with pytest.raises(PermissionDenied):
        services.cancel_booking(booking=booking, actor=UserFactory(role=Role.COUNCILLOR))

    services.cancel_booking(booking=booking, actor=programme_manager)

    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.cancelled_by == programme_manager


def test_a_booking_cannot_be_cancelled_once_the_session_has_started(councillor):
    booking = BookingFactory(session=PastSessionFactory(), person=councillor)

    with pytest.raises(ValidationError, match="has started"):
        services.cancel_booking(booking=booking, actor=councillor)


def test_more_places_go_to_the_waiting_list_at_once(session, programme_manager, book):
    people = make_councillors(6)
    for person in people:
        book(session, person)

    services.update_session(session=session, actor=programme_manager, capacity=5)

    assert Booking.objects.occupying().count() == 5
    assert list(Booking.objects.waiting().values_list("person__email", flat=True)) == [
        people[5].email
    ]


def test_capacity_cannot_fall_below_the_places_booked(session, programme_manager, book):
    for person in make_councillors(3):
        book(session, person)

    with pytest.raises(ValidationError) as error:
        services.update_session(session=session, actor=programme_manager, capacity=2)

    assert error.value.message_dict == {
        "capacity": ["Enter at least 3: 3 places are already booked."]
    }


def test_cancelling_a_session_cancels_every_booking_and_tells_each_person(
    session, programme_manager, book, django_capture_on_commit_callbacks
):
    people = make_councillors(4)
    for person in people:
        book(session, person)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session, actor=programme_manager)

    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all(m.subject.startswith("Session cancelled") for m in mail.outbox)


def test_only_programme_managers_change_courses_and_sessions(session, councillor):
    with pytest.raises(PermissionDenied):
        services.update_session(session=session, actor=councillor, capacity=20)
    with pytest.raises(PermissionDenied):
        services.cancel_session(session=session, actor=councillor)


# After the session ------------------------------------------------------------------------


def test_marking_attendance(programme_manager, councillor):
    booking = BookingFactory(session=PastSessionFactory(), person=councillor)

    services.mark_attendance(booking=booking, attended=False, actor=programme_manager)
    assert Booking.objects.get(pk=booking.pk).status == "no_show"
    services.mark_attendance(booking=booking, attended=True, actor=programme_manager)
    assert Booking.objects.get(pk=booking.pk).status == "attended"


def test_attendance_is_recorded_only_once_the_session_has_started(programme_manager, session):
    booking = BookingFactory(session=session)

    with pytest.raises(PermissionDenied):
        services.mark_attendance(booking=booking, attended=True, actor=programme_manager)


def test_attending_an_accredited_course_records_the_accreditation_once(
    programme_manager, associate
):
    from advisers.models import Accreditation, Adviser

    Adviser.objects.get_or_create(user=associate, defaults={"kind": Adviser.Kind.ASSOCIATE})
    session = PastSessionFactory(course=AccreditedCourseFactory(accreditation_years=3))
    booking = BookingFactory(session=session, person=associate)

    services.mark_attendance(booking=booking, attended=True, actor=programme_manager)
    services.mark_attendance(booking=booking, attended=True, actor=programme_manager)

    accreditation = Accreditation.objects.get(adviser__user=associate)
    awarded = timezone.localdate(session.ends_at)
    assert accreditation.kind == "peer_challenge_member"
    assert accreditation.awarded_on == awarded
    assert accreditation.expires_on == awarded.replace(year=awarded.year + 3)


def test_attending_leadership_essentials_records_no_accreditation(programme_manager, councillor):
    from advisers.models import Accreditation

    booking = BookingFactory(session=PastSessionFactory(), person=councillor)
    services.mark_attendance(booking=booking, attended=True, actor=programme_manager)

    assert not Accreditation.objects.exists()


ANSWERS = {
    "content_rating": 5,
    "facilitators_rating": 4,
    "usefulness_rating": 3,
    "would_recommend": True,
    "comments": "Very useful case study.",
}


def test_an_attendee_gives_feedback_once(councillor):
    booking = BookingFactory(session=PastSessionFactory(), person=councillor, status="attended")

    feedback = services.give_feedback(booking=booking, actor=councillor, **ANSWERS)

    assert feedback.usefulness_rating == 3
    with pytest.raises(ValidationError, match="already given feedback"):
        services.give_feedback(booking=booking, actor=councillor, **ANSWERS)


def test_only_attendees_give_feedback(councillor):
    no_show = BookingFactory(session=PastSessionFactory(), person=councillor, status="no_show")

    with pytest.raises(ValidationError, match="once you have attended"):
        services.give_feedback(booking=no_show, actor=councillor, **ANSWERS)
    with pytest.raises(PermissionDenied):
        services.give_feedback(booking=no_show, actor=UserFactory(), **ANSWERS)


def test_ratings_must_be_from_one_to_five(councillor):
    booking = BookingFactory(session=PastSessionFactory(), person=councillor, status="attended")

    with pytest.raises(ValidationError):
        services.give_feedback(
            booking=booking, actor=councillor, **{**ANSWERS, "content_rating": 6}
        )


def test_bookings_keep_an_audit_history_with_the_actor(
    session, councillor, programme_manager, book
):
    from auditlog.models import LogEntry

    booking = book(session, councillor, actor=programme_manager)
    services.cancel_booking(booking=booking, actor=councillor)

    entries = LogEntry.objects.get_for_object(booking).order_by("timestamp")
    assert [(e.action, e.actor) for e in entries] == [
        (LogEntry.Action.CREATE, programme_manager),
        (LogEntry.Action.UPDATE, councillor),
    ]
    assert entries[1].changes_dict["status"] == ["confirmed", "cancelled"]
