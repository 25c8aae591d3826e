"""A real Celery worker in a subprocess, on the test database, and ways to hurt it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests import brokers

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "celery"


def wait_for(condition: Callable[[], object], *, timeout: float, what: str) -> object:
    """Poll ``condition`` until it is truthy; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"Gave up after {timeout:.0f} s waiting for {what}")


class Worker:
    """``celery worker --pool prefork --concurrency 1`` on the test database and this xdist
    worker's "worker" Redis database (or the Redis URL given), with any extra environment
    (an email backend, say)."""

    def __init__(
        self,
        log_path: Path,
        name: str,
        *,
        redis_url: str | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.log_path = log_path
        self.name = name
        self.redis_url = redis_url or brokers.redis_url("worker")
        self.extra_env = env or {}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "improvement_portal.settings",
            # pytest-django's test database ("test_..."), not the one DATABASE_URL names.
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": self.redis_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CONN_MAX_AGE": "0",
            **self.extra_env,
        }
        command = [
            sys.executable, "-m", "celery", "-A", "improvement_portal", "worker",
            "--pool", "prefork", "--concurrency", "1", "-Q", QUEUE, "-n", f"{self.name}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO",
        ]  # fmt: skip
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        wait_for(self._ready, timeout=60, what="the worker to start")
        return self

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"The worker stopped at start:\n{self.log()}")
        return b" ready." in self.log_path.read_bytes()

    def pool_children(self) -> list[int]:
        """The prefork pool's processes: the children of the worker's main process."""
        assert self.process is not None
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{self.process.pid}\n" in status:
                children.append(int(entry.name))
        return children

    def kill_pool_process(self) -> int:
        (child,) = wait_for(self.pool_children, timeout=10, what="the pool process")
        os.kill(child, signal.SIGKILL)
        return child

    @property
    def hostname(self) -> str:
        return f"{self.name}@{socket.gethostname()}"

    def shut_down(self) -> None:
        """A warm shutdown (SIGTERM), as a deployment stops a worker; killed if it hangs."""
        assert self.process is not None
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.stop()

    def kill(self) -> None:
        """The whole worker dies at once: main process and pool, no chance to tidy up."""
        self.stop()

    def stop(self) -> None:
        """Kill the worker and its pool processes, whatever state they are in."""
        if self.process is None or self.process.poll() is not None:
            return
        for child in self.pool_children():
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        self.process.kill()
        self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")
