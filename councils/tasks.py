"""Celery entry points for councils: checking and importing uploaded Ofsted files."""

from __future__ import annotations

from celery import shared_task

from councils import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_ofsted_upload(upload_id: int) -> None:
    """Dry-run an uploaded Ofsted file and store its per-line report."""
    services.check_ofsted_upload(upload_id=upload_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def apply_ofsted_upload(upload_id: int) -> None:
    """Import an uploaded Ofsted file that a programme manager confirmed."""
    services.apply_ofsted_upload(upload_id=upload_id)
