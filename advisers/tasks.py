"""Celery entry points for advisers: daily reminders, and checking and importing uploaded
engagement logs."""

from __future__ import annotations

from celery import shared_task

from advisers import services


@shared_task
def send_daily_reminders() -> int:
    """Daily (Celery beat): accreditations expiring in 60 and 14 days, follow-ups due today."""
    return services.warn_expiring_accreditations() + services.remind_follow_ups()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_engagement_upload(upload_id: int) -> None:
    """Dry-run an uploaded engagement log and store its line-by-line report."""
    services.check_engagement_upload(upload_id=upload_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def apply_engagement_upload(upload_id: int, actor_id: int | None) -> None:
    """Import an uploaded engagement log that a programme manager confirmed."""
    services.apply_engagement_upload(upload_id=upload_id, actor_id=actor_id)
