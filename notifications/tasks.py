"""Celery entry points for notifications: one send per row, and the sweep."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from notifications import services


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def send_notification(self: Any, notification_id: int) -> bool:
    """Email one outbox row; the message's id is its claim, so a redelivery may finish it."""
    return services.deliver_notification(
        notification_id=notification_id, token=self.request.id or ""
    )


@shared_task
def send_due_notifications() -> int:
    """Every minute (Celery beat): send rows left waiting or whose send died."""
    return services.send_due_notifications()
