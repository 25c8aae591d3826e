"""Celery entry points for courses: the daily reminders (emails go through notifications)."""

from __future__ import annotations

from celery import shared_task

from courses import services


@shared_task
def send_due_reminders() -> int:
    """Daily (Celery beat): remind every person with a place on a session starting soon."""
    return services.queue_due_reminders()
