"""Fault fixtures: the task service (Redis) out of reach, and Celery's cached connections."""

from __future__ import annotations

import pytest
from kombu import pools

from improvement_portal.celery import app

# Nothing listens on port 1: connecting fails at once, as with a stopped Redis.
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


def reset_celery_connections() -> None:
    """Forget the broker connections and producers Celery keeps for the URL it first used."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def redis_down(settings):
    """Redis stopped, as the portal sees it: the broker and /healthz point at a closed port,
    and tasks are published (not run in-process) as in production."""
    settings.CELERY_BROKER_URL = CLOSED_PORT_URL
    settings.REDIS_URL = CLOSED_PORT_URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_celery_connections()
    yield
    reset_celery_connections()
