"""Fault fixtures: the task service (Redis) out of reach, and Celery's cached connections."""

from __future__ import annotations

import socket
import threading

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


class SilentServer:
    """A TCP server that accepts every connection and never answers: a hung Redis."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0), backlog=64)
        self._socket.settimeout(0.1)
        self._held: list[socket.socket] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self._socket.getsockname()[1]}/0"

    @property
    def connections(self) -> int:
        return len(self._held)

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            self._held.append(connection)  # kept open, never read from nor written to

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        for connection in self._held:
            connection.close()
        self._socket.close()


@pytest.fixture
def redis_hung(settings):
    """Redis accepting connections and never answering, for the broker and /healthz, with
    tasks published (not run in-process) as in production."""
    server = SilentServer()
    settings.CELERY_BROKER_URL = server.url
    settings.REDIS_URL = server.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_celery_connections()
    yield server
    reset_celery_connections()
    server.stop()
