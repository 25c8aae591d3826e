"""Celery entry points for peer challenges."""

from __future__ import annotations

from celery import shared_task

from peer_challenges import services


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def render_feedback_letter(challenge_id: int, revision: int) -> None:
    """Render and store one revision of a feedback letter's PDF; safe to run more than once."""
    services.render_feedback_letter(challenge_id=challenge_id, revision=revision)
