"""A Celery worker killed mid-report: the report is prepared once a worker is back, exactly once.

The workers are real (subprocesses with a prefork pool) on the test database and Redis
database 13. The report is caught while RUNNING by locking its row, so the kill lands
mid-report however fast the machine is.
"""

from __future__ import annotations

import datetime
import json
import time

import psycopg
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from improvement_portal.celery import app
from reports import services
from reports.models import EvaluationReport
from tests.factories.accounts import UserFactory
from tests.factories.reports import EvaluationReportFactory
from tests.faults.conftest import reset_celery_connections
from tests.faults.worker import QUEUE, WORKER_REDIS_URL, Worker, wait_for

Status = EvaluationReport.Status


@pytest.fixture
def broker(settings):
    """Tasks published to Redis database 13, emptied before and after."""
    settings.CELERY_BROKER_URL = WORKER_REDIS_URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_celery_connections()
    with app.connection_for_write() as conn:
        redis = conn.default_channel.client
        redis.flushdb()
        yield redis
        redis.flushdb()
    reset_celery_connections()


@pytest.fixture
def workers(tmp_path):
    """Start workers with ``workers(name)``; every one is killed at the end, pass or fail."""
    started: list[Worker] = []

    def _start(name: str) -> Worker:
        worker = Worker(tmp_path / f"{name}.log", name)
        started.append(worker)
        return worker.start()

    yield _start
    for worker in started:
        worker.stop()


@pytest.fixture
def requested_report(councils):
    manager = UserFactory(email="faults-manager@example.org", role=Role.PROGRAMME_MANAGER)

    def _request() -> EvaluationReport:
        report = services.request_report(
            start=datetime.date(2018, 4, 1),
            end=datetime.date(2020, 3, 31),
            as_of=None,
            region=None,
            actor=manager,
        )
        assert report.enqueued_at is not None
        return report

    return _request


def lock_while_running(report: EvaluationReport) -> psycopg.Connection:
    """Wait until a worker has claimed the report, then lock its row so it cannot finish."""
    wait_for(
        lambda: EvaluationReport.objects.filter(pk=report.pk, status=Status.RUNNING).exists(),
        timeout=60,
        what="a worker to start the report",
    )
    db = connection.settings_dict
    lock = psycopg.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"])
    row = lock.execute(
        "SELECT status FROM reports_evaluationreport WHERE id = %s FOR UPDATE", [report.pk]
    ).fetchone()
    assert row == (Status.RUNNING,), "the report finished before it could be caught"
    return lock


def release(lock: psycopg.Connection) -> None:
    """End the killed process's statement still waiting for the lock (it would otherwise run
    once the lock is released), as the database does when it notices its client is gone."""
    try:
        lock.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND wait_event_type = 'Lock'"
        )
    finally:
        lock.close()


def report_files(report: EvaluationReport) -> list[str]:
    if not default_storage.exists("reports"):
        return []
    return sorted(
        name
        for name in default_storage.listdir("reports")[1]
        if name.startswith(report.file_stem())
    )


def wait_until_done(report: EvaluationReport, timeout: float = 90) -> EvaluationReport:
    wait_for(
        lambda: EvaluationReport.objects.filter(pk=report.pk, status=Status.DONE).exists(),
        timeout=timeout,
        what="the report to be ready",
    )
    report.refresh_from_db()
    return report


def _is_report_task(raw: bytes) -> bool:
    payload = json.loads(raw)
    message = payload[0] if isinstance(payload, list) else payload  # unacked: [message, ...]
    return message["headers"]["task"] == "reports.tasks.generate_report"


def report_messages(redis) -> tuple[int, list[bytes]]:
    """Messages that prepare a report (a starting worker also queues sweeps): how many wait in
    the queue, and the delivery tags of those held unacknowledged by a worker."""
    waiting = sum(_is_report_task(raw) for raw in redis.lrange(QUEUE, 0, -1))
    held = [tag for tag, raw in redis.hgetall("unacked").items() if _is_report_task(raw)]
    return waiting, held


def queue_is_empty(redis) -> bool:
    return report_messages(redis) == (0, [])


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_report_whose_pool_process_is_killed_is_prepared_once_by_the_next_worker(
    broker, workers, requested_report
):
    first = workers("first")
    report = requested_report()
    lock = lock_while_running(report)
    try:
        # The first worker takes nothing more, so the returned message waits for the next.
        replies = app.control.cancel_consumer(QUEUE, destination=[first.hostname], reply=True)
        assert replies, "the worker did not answer"
        first.kill_pool_process()
    finally:
        release(lock)

    # Late acknowledgement with reject_on_worker_lost: the message goes back to the queue.
    wait_for(lambda: "WorkerLostError" in first.log(), timeout=30, what="the worker to notice")
    wait_for(
        lambda: report_messages(broker)[0] == 1, timeout=30, what="the message back in the queue"
    )
    first.shut_down()
    report.refresh_from_db()
    assert report.status == Status.RUNNING and report.attempts == 1

    workers("second")
    report = wait_until_done(report)

    assert report.attempts == 2
    assert report.finished_at is not None and report.error == ""
    assert report_files(report) == [f"{report.file_stem()}.pdf", f"{report.file_stem()}.xlsx"]
    wait_for(lambda: queue_is_empty(broker), timeout=10, what="the message to be acknowledged")
    finished_at = report.finished_at
    report.refresh_from_db()
    assert (report.status, report.finished_at, report.attempts) == (Status.DONE, finished_at, 2)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_report_whose_whole_worker_was_killed_is_done_within_a_minute_of_a_new_worker(
    broker, workers, requested_report
):
    first = workers("first")
    report = requested_report()
    lock = lock_while_running(report)
    try:
        first.kill()  # SIGKILL to the main process and its pool: nothing tidies up
    finally:
        release(lock)
    # The message is held as unacknowledged by a worker that is gone: Redis hands it back only
    # after its visibility timeout (an hour), so the report's own state must bring it back.
    waiting, (lost_message,) = report_messages(broker)
    assert waiting == 0

    second = workers("second")  # returns once the worker says it is ready
    back_at = time.monotonic()
    report = wait_until_done(report, timeout=60)

    assert time.monotonic() - back_at < 60
    assert report.attempts == 2
    assert report_files(report) == [f"{report.file_stem()}.pdf", f"{report.file_stem()}.xlsx"]
    finished_at = report.finished_at

    # An hour on, Redis hands the lost message back: the report is not prepared a third time.
    with app.connection_for_write() as conn:
        conn.default_channel.qos.restore_by_tag(lost_message, leftmost=True)
    wait_for(lambda: queue_is_empty(broker), timeout=30, what="the old message to be taken")
    wait_for(lambda: "not waiting to be prepared" in second.log(), timeout=30, what="the skip")
    report.refresh_from_db()
    assert (report.status, report.attempts, report.finished_at) == (Status.DONE, 2, finished_at)
    assert len(report_files(report)) == 2


# The claim, without workers: who may take over a report already running.


@pytest.mark.django_db
def test_the_message_that_claimed_a_report_may_take_it_over_when_delivered_again(councils):
    report = EvaluationReportFactory(
        status=Status.RUNNING, started_at=timezone.now(), attempts=1, task_id="message-1"
    )

    services.generate_report(report_id=report.pk, task_id="message-1")

    report.refresh_from_db()
    assert (report.status, report.attempts) == (Status.DONE, 2)


@pytest.mark.django_db
@pytest.mark.parametrize("task_id", ["another-message", ""])
def test_any_other_message_leaves_a_running_report_alone(task_id):
    report = EvaluationReportFactory(
        status=Status.RUNNING, started_at=timezone.now(), attempts=1, task_id="message-1"
    )

    services.generate_report(report_id=report.pk, task_id=task_id)

    report.refresh_from_db()
    assert (report.status, report.attempts) == (Status.RUNNING, 1)
