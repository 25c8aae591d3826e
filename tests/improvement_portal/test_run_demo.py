"""`make run`'s demo: a report is made by the worker beside the server, not in the request.

The demo is set up here as `make run` sets it up (scripts/run_demo.py): a SQLite file, and the
worker started by the same command on the same filesystem broker, with no Redis. The web side
is a separate process that asks for a report through the real view and exits; only the worker
is left to make the PDF.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("run_demo", ROOT / "scripts" / "run_demo.py")
run_demo = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run_demo)

pytestmark = pytest.mark.slow

# Settings read from the environment that must come from the demo set-up alone.
OUTSIDE = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "BROKER_FOLDER", "MEDIA_ROOT")
OUTSIDE += ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")

# The web process: a programme manager asks for the 2018 to 2020 report through the view.
REQUEST = """
import json, time
from django.test import Client
from accounts.models import User
from reports.models import EvaluationReport
manager = User.objects.create_user("pm@example.org", role="programme_manager")
client = Client()
client.force_login(manager)
started = time.monotonic()
response = client.post("/reports/", {"period": "2018-2020", "region": ""})
seconds = time.monotonic() - started
report = EvaluationReport.objects.get()
print(json.dumps({
    "status_code": response.status_code, "location": response.get("Location"),
    "seconds": seconds, "status": report.status, "pdf": report.pdf.name,
}))
"""


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def demo_env(folder: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in OUTSIDE}
    env = run_demo.demo_environment(base, folder=folder / "broker")
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'demo.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        DJANGO_SETTINGS_MODULE="improvement_portal.settings",
    )
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A demo database migrated once, as `make run` migrates it; each test gets a copy."""
    folder = tmp_path_factory.mktemp("migrated")
    env = demo_env(folder)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable")
    return folder / "demo.sqlite3"


@pytest.fixture
def demo(tmp_path, migrated) -> Iterator[dict[str, str]]:
    shutil.copyfile(migrated, tmp_path / "demo.sqlite3")
    yield demo_env(tmp_path)


@pytest.fixture
def worker(demo, tmp_path) -> Iterator[subprocess.Popen]:
    command = run_demo.worker_command(folder=tmp_path / "broker")
    with (tmp_path / "worker.log").open("w") as log:
        process = run_demo.start(command, demo, stdout=log, stderr=subprocess.STDOUT)
        yield process
        run_demo.stop(process, timeout=60)


def report_row(database: Path) -> tuple[str, str, int]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT status, pdf, progress FROM reports_evaluationreport"
        ).fetchone()


def test_the_demo_settings_publish_to_the_filesystem_broker_instead_of_running_in_process(demo):
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER,"
        " settings.CELERY_BROKER_TRANSPORT_OPTIONS['data_folder_in']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=demo, capture_output=True, text=True
    )

    broker, eager, folder = json.loads(result.stdout.strip().splitlines()[-1])
    assert (broker, eager) == ("filesystem://", False)
    assert Path(folder) == Path(demo["BROKER_FOLDER"]) / "messages"
    assert "REDIS_URL" not in demo


def test_a_report_asked_for_in_the_demo_is_made_by_the_worker_after_the_request_returns(
    demo, worker, tmp_path
):
    answer = json.loads(manage(demo, "shell", "-c", REQUEST).strip().splitlines()[-1])

    # The request has returned, and its process has exited, before the PDF exists.
    assert answer["status_code"] == 302
    assert answer["location"].startswith("/reports/")
    # (The worker may already have claimed it: it polls the broker folder every second.)
    assert answer["status"] in ("queued", "running")
    assert answer["pdf"] == ""
    # Only the worker is left to make it: wait for it, as the progress page does.
    database = tmp_path / "demo.sqlite3"
    deadline = time.monotonic() + 180
    while report_row(database)[0] not in ("done", "failed") and time.monotonic() < deadline:
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
        time.sleep(0.5)
    status, pdf, progress = report_row(database)
    assert (status, progress) == ("done", 100), (tmp_path / "worker.log").read_text()[-3000:]
    assert (tmp_path / "media" / pdf).read_bytes().startswith(b"%PDF")


def descendants(pid: int) -> set[int]:
    """Every process started under ``pid`` (Linux's /proc)."""
    found: set[int] = set()
    pending = [pid]
    while pending:
        parent = pending.pop()
        path = Path(f"/proc/{parent}/task/{parent}/children")
        children = {int(c) for c in path.read_text().split()} if path.exists() else set()
        pending.extend(children - found)
        found |= children
    return found


def command_lines(pids: set[int]) -> dict[int, str]:
    lines = {}
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            lines[pid] = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    return lines


def is_running(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_stopping_the_demo_server_stops_its_worker(demo, tmp_path):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    demo = {**demo, "PYTHONUNBUFFERED": "1"}
    script = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "run_demo.py"), f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=demo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 60
        # The server and its reloader, the worker and its beat; short-lived helpers come and go.
        while time.monotonic() < deadline and not (
            sum("runserver" in line for line in started.values()) >= 2
            and sum("celery" in line for line in started.values()) >= 2
        ):
            started.update(command_lines(descendants(script.pid)))
            time.sleep(0.5)
        assert sum("celery" in line for line in started.values()) >= 2, started

        script.send_signal(signal.SIGINT)  # Ctrl-C

        assert script.wait(timeout=90) == 0
        assert not [pid for pid in started if is_running(pid)]
    finally:  # leave nothing running, whatever failed above
        if script.poll() is None:
            script.kill()
            script.wait()
        for pid in started:  # the server and the worker lead process groups of their own
            if is_running(pid):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGKILL)
