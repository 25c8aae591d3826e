"""Celery entry points for evaluation reports."""

from __future__ import annotations

from celery import Task, shared_task

from reports import services


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
