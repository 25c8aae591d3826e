"""Celery brokers for tests that publish tasks instead of running them in-process.

Each pytest-xdist worker has Redis databases of its own (``TEST_REDIS_URLS`` in the test
settings), so two workers never share a queue or empty each other's database.
"""

from __future__ import annotations

from django.conf import settings
from kombu import pools

from improvement_portal.celery import app

# Nothing listens on port 1: connecting fails at once, as with a stopped Redis.
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


def redis_url(purpose: str) -> str:
    """This xdist worker's Redis database for ``purpose``: "reports", "worker" or
    "notifications"."""
    return settings.TEST_REDIS_URLS[purpose]


def reset_celery_connections() -> None:
    """Forget the broker connections and producers Celery keeps for the URL it first used."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


# With Redis stopped, the portal's broker timeouts (test_redis_down checks them) make a request
# give up on the task service within about 2 seconds; without them it would wait about 20.
# Requests are timed against this generous bound so a busy machine never fails a test, while
# the 20-second wait still would.
REDIS_DOWN_ANSWER_SECONDS = 10.0
