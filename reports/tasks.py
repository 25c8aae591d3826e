"""Celery entry points for evaluation reports."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from celery.signals import worker_ready

from reports import services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    # Late acknowledgement alone loses a task whose worker process is killed.
    reject_on_worker_lost=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=3,
)
def generate_report(self: Task, report_id: int) -> None:
    """Prepare one evaluation report's PDF and workbook; safe to run more than once."""
    services.generate_report(report_id=report_id, task_id=self.request.id or "")


@shared_task
def requeue_stale_reports() -> int:
    """Hand reports left queued or running too long back to the workers."""
    return services.requeue_stale_reports()


@worker_ready.connect
def resume_reports(**kwargs: Any) -> None:
    """A worker coming up resumes reports a lost worker left: those already stale now, and,
    once their heartbeat is overdue, any whose worker died just before this one started."""
    try:
        requeue_stale_reports.delay()
        requeue_stale_reports.apply_async(
            countdown=services.RUNNING_STALE_AFTER.total_seconds() + 1
        )
    except services.BROKER_ERRORS as error:  # beat's sweep tries again
        logger.warning("Could not ask for a sweep of stale reports: %s", error)
