"""Celery entry points for courses: booking emails and the daily reminders."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from courses import emails, services

RETRY = {
    "acks_late": True,
    "autoretry_for": (ConnectionError, SMTPException),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**RETRY)
def send_booking_email(booking_id: int, kind: str) -> None:
    """Email the person booked about their booking (confirmation, waiting list, place offered,
    cancellation), with a calendar file."""
    emails.send_booking_email(booking_id=booking_id, kind=kind)


@shared_task(**RETRY)
def send_reminder(booking_id: int) -> None:
    """Remind a person of their place; sent at most once, however often this runs."""
    services.send_reminder(booking_id=booking_id)


@shared_task
def send_due_reminders() -> int:
    """Daily (Celery beat): queue a reminder for every place on a session starting soon."""
    return services.queue_due_reminders()
