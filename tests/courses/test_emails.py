"""Booking emails: plain words, an HTML part, and a calendar file that parses back."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from icalendar import Calendar

from courses import services
from courses.models import Booking
from notifications.models import Notification
from tests.courses.conftest import make_councillors
from tests.factories.courses import CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db


def calendar_of(message: mail.EmailMultiAlternatives) -> Calendar:
    [attachment] = [
        part for part in message.attachments if part.get_content_type() == "text/calendar"
    ]
    assert attachment.get_filename() == "event.ics"
    return Calendar.from_ical(attachment.get_payload(decode=True))


@pytest.fixture
def session():
    return SessionFactory(
        course=CourseFactory(title="Leadership Essentials: children's services"),
        capacity=1,
        venue="Local Government House, London",
    )


def test_a_confirmation_carries_a_calendar_event_for_the_session(session, councillor, book):
    booking = book(session, councillor)

    [message] = mail.outbox
    assert message.to == [councillor.email]
    assert message.subject == (
        f"Your place is booked: Leadership Essentials: children's services, "
        f"{timezone.localtime(session.starts_at):%-d %B %Y}"
    )
    assert "Your place is booked." in message.body
    assert "&#x27;" not in message.body  # plain text is not HTML-escaped
    assert message.alternatives[0].mimetype == "text/html"
    calendar = calendar_of(message)
    assert calendar["method"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == session.starts_at
    assert event.decoded("dtend") == session.ends_at
    assert str(event["summary"]) == "Leadership Essentials: children's services"
    assert str(event["location"]) == "Local Government House, London"
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["uid"]) == f"course-booking-{booking.pk}@improvement-portal.local.gov.uk"


def test_the_waiting_list_email_gives_the_position_and_a_tentative_event(session, book):
    first, second = make_councillors(2)
    book(session, first)
    book(session, second)

    message = mail.outbox[-1]
    assert message.subject.startswith("You are on the waiting list")
    assert "at number 1" in message.body
    [event] = calendar_of(message).walk("VEVENT")
    assert str(event["status"]) == "TENTATIVE"
    assert "(waiting list)" in str(event["summary"])


def test_cancelling_sends_a_calendar_cancellation_for_the_same_event(
    session, councillor, book, cancel
):
    booking = book(session, councillor)
    cancel(booking, councillor)

    booked, cancelled = (calendar_of(m).walk("VEVENT")[0] for m in mail.outbox)
    assert calendar_of(mail.outbox[1])["method"] == "CANCEL"
    assert str(cancelled["status"]) == "CANCELLED"
    assert cancelled["uid"] == booked["uid"]
    assert cancelled["sequence"] > booked["sequence"]


def test_the_person_offered_a_place_gets_a_confirmed_event(session, book, cancel):
    first, second = make_councillors(2)
    holder = book(session, first)
    waiting = book(session, second)
    cancel(holder, first)

    offer = mail.outbox[-1]
    assert offer.to == [second.email]
    assert offer.subject.startswith("A place has come free for you")
    [event] = calendar_of(offer).walk("VEVENT")
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["uid"]).startswith(f"course-booking-{waiting.pk}@")


def test_online_joining_details_go_only_to_people_with_a_place(
    councillor, book, django_capture_on_commit_callbacks
):
    session = SessionFactory(
        is_online=True,
        venue="",
        capacity=1,
        joining_instructions="Join at https://meet.example.org/le",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    booking = book(session, councillor)
    [event] = calendar_of(mail.outbox[0]).walk("VEVENT")
    assert "meet.example.org" in str(event["description"])

    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminder(booking_id=booking.pk)
    assert "meet.example.org" in mail.outbox[-1].body


def test_a_booking_change_rolled_back_sends_nothing(session, councillor):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.book_place(session=session, person=councillor, actor=councillor)
        raise RuntimeError("the request failed after booking")

    assert not Booking.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_each_booking_change_writes_one_outbox_row_in_its_transaction(
    session, councillor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        booking = services.book_place(session=session, person=councillor, actor=councillor)
        [row] = Notification.objects.all()
    assert (row.kind, row.recipient, row.status) == ("booking_confirmed", councillor, "pending")
    assert mail.outbox == []  # nothing leaves before the commit

    queued[0]()
    assert [m.to for m in mail.outbox] == [[councillor.email]]
    row.refresh_from_db()
    assert row.status == "sent" and row.sent_at is not None
    assert booking.pk


Told = list[tuple[str, str]]  # (kind, email) of each outbox row, in order


def a_cancellation(session, book) -> tuple[Callable[[], Any], Told]:
    [person] = make_councillors(1, "leaving")
    booking = book(session, person)

    def change() -> Booking:
        return services.cancel_booking(booking=booking, actor=person)

    return change, [("booking_cancelled", person.email)]


def a_promotion(session, book) -> tuple[Callable[[], Any], Told]:
    holder, waiting = make_councillors(2, "queue")
    held = book(session, holder)
    book(session, waiting)

    def change() -> Booking:
        return services.cancel_booking(booking=held, actor=holder)

    return change, [("booking_cancelled", holder.email), ("booking_promoted", waiting.email)]


def a_reminder(session, book) -> tuple[Callable[[], Any], Told]:
    [person] = make_councillors(1, "coming")
    booking = book(session, person)

    def change() -> bool:
        return services.send_reminder(booking_id=booking.pk)

    return change, [("booking_reminder", person.email)]


@pytest.mark.parametrize("arrange", [a_cancellation, a_promotion, a_reminder])
def test_a_cancellation_promotion_or_reminder_tells_each_person_once_and_only_if_it_commits(
    session, book, arrange, django_capture_on_commit_callbacks
):
    change, told = arrange(session, book)
    bookings = list(Booking.objects.order_by("pk").values_list("status", "reminder_sent_at"))
    before = set(Notification.objects.values_list("pk", flat=True))
    mail.outbox.clear()

    with (
        pytest.raises(RuntimeError),
        TestCase.captureOnCommitCallbacks(execute=True) as survivors,
        transaction.atomic(),
    ):
        change()
        raise RuntimeError("the request failed after the change")

    assert survivors == [] and mail.outbox == []
    assert set(Notification.objects.values_list("pk", flat=True)) == before
    assert list(Booking.objects.order_by("pk").values_list("status", "reminder_sent_at")) == (
        bookings
    )

    with django_capture_on_commit_callbacks(execute=False) as queued:
        change()
    rows = list(Notification.objects.exclude(pk__in=before).order_by("pk"))
    assert [(row.kind, row.email) for row in rows] == told
    assert mail.outbox == []  # nothing leaves before the commit

    for callback in queued:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(email for _, email in told)
    assert {row.status for row in Notification.objects.filter(pk__in=[r.pk for r in rows])} == {
        Notification.Status.SENT
    }
