"""Notifications against real faults: a worker killed mid-send, and Redis out of reach.

Real Celery workers (subprocesses, prefork pool) on the test database and Redis database 12.
Workers write the emails they send to files, so the test counts what really went out.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction

from courses import services as course_services
from improvement_portal.celery import app
from notifications import services, tasks
from notifications.models import Notification
from tests.brokers import redis_url, reset_celery_connections
from tests.factories.accounts import UserFactory
from tests.factories.courses import SessionFactory
from tests.faults.worker import QUEUE, Worker, wait_for

Status = Notification.Status
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(settings):
    """Tasks published to this xdist worker's "notifications" Redis database, emptied before
    and after."""
    settings.CELERY_BROKER_URL = redis_url("notifications")
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
    """Start workers with ``workers(name, email_url)``; all are killed at the end."""
    started: list[Worker] = []

    def _start(name: str, email_url: str) -> Worker:
        worker = Worker(
            tmp_path / f"{name}.log",
            name,
            redis_url=redis_url("notifications"),
            env={"EMAIL_URL": email_url},
        )
        started.append(worker)
        return worker.start()

    yield _start
    for worker in started:
        worker.stop()


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    directory = tmp_path / "sent"
    directory.mkdir()
    return directory


@pytest.fixture
def silent_mail_server():
    """A mail server that takes the connection and never answers: a send hangs there."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield f"smtp://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def filemail(directory: Path) -> str:
    """EMAIL_URL for the file backend (django-environ drops one leading slash of the path)."""
    return f"filemail:///{directory}"


def sent_messages(directory: Path) -> list[str]:
    """Every message the file backend wrote (one file per connection, messages divided)."""
    text = "".join(path.read_text() for path in sorted(directory.iterdir()))
    return [part for part in text.split("-" * 79) if "Subject:" in part]


def test_a_worker_killed_after_the_claim_sends_the_message_once_after_restart(
    broker, workers, mail_dir, silent_mail_server
):
    first = workers("first", silent_mail_server)
    manager = UserFactory(email="faults-pm@example.org")
    with transaction.atomic():
        row = services.notify(
            recipient=manager,
            kind="report_finished",
            context={"report": None, "failed": False},
            link="/reports/",
        )

    wait_for(
        lambda: Notification.objects.filter(pk=row.pk, status=Status.SENDING).exists(),
        timeout=60,
        what="the worker to claim the notification",
    )
    # The worker now waits on the mail server, claim made and nothing sent: kill it there.
    replies = app.control.cancel_consumer(QUEUE, destination=[first.hostname], reply=True)
    assert replies, "the worker did not answer"
    first.kill_pool_process()
    wait_for(lambda: "WorkerLostError" in first.log(), timeout=30, what="the worker to notice")
    wait_for(lambda: broker.llen(QUEUE) == 1, timeout=30, what="the message back in the queue")
    first.shut_down()
    assert sent_messages(mail_dir) == []

    workers("second", filemail(mail_dir))
    wait_for(
        lambda: Notification.objects.filter(pk=row.pk, status=Status.SENT).exists(),
        timeout=60,
        what="the notification to be sent",
    )
    row.refresh_from_db()
    assert row.attempts == 2
    [message] = sent_messages(mail_dir)
    assert "To: faults-pm@example.org" in message
    # Running the sweep and the task again sends nothing more.
    assert services.send_due_notifications() == 0
    assert services.deliver_notification(notification_id=row.pk) is False
    assert len(sent_messages(mail_dir)) == 1


def test_with_redis_down_a_booking_commits_and_its_email_goes_once_redis_is_back(
    settings, workers, mail_dir, caplog, councils
):
    from tests.faults.conftest import CLOSED_PORT_URL

    settings.CELERY_BROKER_URL = CLOSED_PORT_URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_celery_connections()
    councillor = UserFactory(email="faults-cllr@example.org", role="councillor")
    session = SessionFactory(capacity=5)

    booking = course_services.book_place(session=session, person=councillor, actor=councillor)

    booking.refresh_from_db()
    assert booking.status == "confirmed"
    [row] = Notification.objects.all()
    assert row.status == Status.PENDING
    assert "waits" in caplog.text
    assert mail.outbox == []

    # Redis is back: the beat's sweep runs on a worker and sends the waiting email.
    settings.CELERY_BROKER_URL = redis_url("notifications")
    reset_celery_connections()
    with app.connection_for_write() as conn:
        conn.default_channel.client.flushdb()
    workers("worker", filemail(mail_dir))
    tasks.send_due_notifications.delay()
    wait_for(
        lambda: Notification.objects.filter(pk=row.pk, status=Status.SENT).exists(),
        timeout=60,
        what="the sweep to send the email",
    )
    [message] = sent_messages(mail_dir)
    assert "To: faults-cllr@example.org" in message
    assert services.send_due_notifications() == 0
    assert len(sent_messages(mail_dir)) == 1
    with app.connection_for_write() as conn:
        conn.default_channel.client.flushdb()
    reset_celery_connections()
