"""Celery entry points for advisers: the daily reminders."""

from __future__ import annotations

from celery import shared_task

from advisers import services


@shared_task
def send_daily_reminders() -> int:
    """Daily (Celery beat): accreditations expiring in 60 and 14 days, follow-ups due today."""
    return services.warn_expiring_accreditations() + services.remind_follow_ups()
