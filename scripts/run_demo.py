"""`make run`'s server: the portal on runserver with a Celery worker beside it, and no Redis.

The two processes share the SQLite database and pass tasks through kombu's filesystem
transport (messages are files under ``.broker/``), so a programme manager's report is made in
the background and its page shows the progress, as in production. Stopping the server
(Ctrl-C) stops the worker. Production is unchanged: it sets REDIS_URL and runs its own workers.

    python scripts/run_demo.py [ADDRESS]     # default 127.0.0.1:8000
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BROKER_FOLDER = ROOT / ".broker"


def demo_environment(base: Mapping[str, str], *, folder: Path = BROKER_FOLDER) -> dict[str, str]:
    """``base`` with Celery pointed at the filesystem broker in ``folder`` (made if missing)."""
    (folder / "messages").mkdir(parents=True, exist_ok=True)
    return {**base, "CELERY_BROKER_URL": "filesystem://", "BROKER_FOLDER": str(folder)}


def worker_command(*, folder: Path = BROKER_FOLDER) -> list[str]:
    """One worker process that also runs the periodic jobs (the stale-report sweep)."""
    return [
        sys.executable, "-m", "celery", "-A", "improvement_portal", "worker",
        "--pool", "solo", "--beat", "--schedule", str(folder / "beat-schedule"),
        "--loglevel", "warning",
    ]  # fmt: skip


def start(command: list[str], env: Mapping[str, str], **options: Any) -> subprocess.Popen:
    """Start ``command`` in a process group of its own, so it can be stopped with its children
    (runserver's reloader, the worker's beat) and Ctrl-C reaches this script first."""
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, **options)


def stop(process: subprocess.Popen, *, timeout: float) -> None:
    """SIGTERM to the process group (the worker's warm shutdown), SIGKILL after ``timeout``."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=timeout)


def _exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(address: str) -> int:
    folder = Path(os.environ.get("BROKER_FOLDER") or BROKER_FOLDER)
    env = demo_environment(os.environ, folder=folder)
    # Ctrl-C or a SIGTERM stops both, even when started where SIGINT is ignored.
    signal.signal(signal.SIGTERM, _exit)
    signal.signal(signal.SIGINT, _exit)
    worker = start(worker_command(folder=folder), env)
    server = start([sys.executable, "manage.py", "runserver", address], env)
    try:
        return server.wait()
    finally:
        stop(server, timeout=10)
        stop(worker, timeout=60)  # the task under way may finish first


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"))
