"""Reminders: sent a set number of days before, to confirmed places only, and only once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from courses import services, tasks
from courses.models import Booking
from tests.factories.courses import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def days_ahead(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def reminders() -> list[str]:
    return [m.to[0] for m in mail.outbox if m.subject.startswith("Reminder")]


def test_the_reminder_goes_out_once_even_if_the_task_runs_twice(
    django_capture_on_commit_callbacks,
):
    booking = BookingFactory(session=SessionFactory(starts_at=days_ahead(6)))

    with django_capture_on_commit_callbacks(execute=True) as queued:
        tasks.send_due_reminders()
        tasks.send_due_reminders()

    assert len(queued) == 1  # only the first run wrote a reminder to the outbox...
    assert reminders() == [booking.person.email]  # ...and it went once
    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None


def test_sending_one_reminder_twice_sends_it_once(django_capture_on_commit_callbacks):
    booking = BookingFactory(session=SessionFactory(starts_at=days_ahead(2)))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminder(booking_id=booking.pk) is True
        assert services.send_reminder(booking_id=booking.pk) is False
    assert len(reminders()) == 1


def test_reminders_wait_until_the_set_number_of_days_before(
    settings, django_capture_on_commit_callbacks
):
    settings.COURSE_REMINDER_DAYS_BEFORE = 3
    soon = BookingFactory(session=SessionFactory(starts_at=days_ahead(2.5)))
    BookingFactory(session=SessionFactory(starts_at=days_ahead(4)))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_reminders() == 1
    assert reminders() == [soon.person.email]


def test_no_reminders_for_waiting_cancelled_past_or_cancelled_sessions():
    session = SessionFactory(starts_at=days_ahead(2))
    BookingFactory(session=session, status=Booking.Status.WAITLISTED)
    BookingFactory(session=session, status=Booking.Status.CANCELLED)
    BookingFactory(session=SessionFactory(starts_at=days_ahead(2), status="cancelled"))
    BookingFactory(
        session=SessionFactory(
            starts_at=days_ahead(-1),
            booking_opens_at=days_ahead(-9),
            booking_closes_at=days_ahead(-2),
        )
    )

    assert tasks.send_due_reminders() == 0
    assert mail.outbox == []


def test_the_beat_schedule_runs_the_reminders_daily():
    from improvement_portal.celery import app

    entries = [e["task"] for e in app.conf.beat_schedule.values()]
    assert "courses.tasks.send_due_reminders" in entries
    assert "courses.tasks.send_due_reminders" in app.tasks
