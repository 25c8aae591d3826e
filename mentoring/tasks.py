"""Celery entry points for mentoring."""

from __future__ import annotations

from celery import shared_task

from mentoring import services


@shared_task(acks_late=True)
def flag_stalled_matches() -> int:
    """Daily: tell the programme about matches with no session for six weeks (once each)."""
    return services.flag_stalled_matches()
