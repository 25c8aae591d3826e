"""Redis hung (accepting connections, never answering): no request waits long on it.

The portal is pointed at a server in this test that accepts every connection and never
replies, which is what an overloaded or half-failed Redis looks like. Each request answers
as it does when Redis is refused, keeping its work.

A request may spend at most 2 s waiting on Redis. That is checked on what sets it, not on a
clock a busy machine can slow: every Redis client the portal makes (the broker connection
Celery publishes through, and the /healthz client) gives up on a connect and on a read
within half a second, and each request below waited on the hung server at most as many
times as a publish is tried. The time each request took is also bounded, generously, so a
client that waits for ever, or for Redis's 20-second defaults, still fails.
"""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.urls import reverse

from courses.models import Booking
from improvement_portal.celery import app
from improvement_portal.views import redis_client
from notifications import services as notification_services
from peer_challenges.models import PeerChallenge
from reports.models import EvaluationReport
from tests.brokers import REDIS_DOWN_ANSWER_SECONDS
from tests.factories.courses import SessionFactory
from tests.factories.peer_challenges import ScopedChallengeFactory

pytestmark = pytest.mark.slow

MOST_SECONDS_PER_WAIT = 0.5  # a connect, or a read, on any Redis client
MOST_SECONDS_WAITING = 2.0  # what a request may spend on Redis in all
# Each wait on the hung server is one connection it accepted; a publish is tried once more
# after it fails, so a request makes at most two.
MOST_WAITS_PER_REQUEST = 2
# The time a request takes on a busy 2-core machine (a first request imports the page's code,
# CI runs beside other work), far under the 20 s an untimed Redis client would wait.
GENEROUS_SECONDS = REDIS_DOWN_ANSWER_SECONDS


def redis_connections() -> dict[str, object]:
    """A connection (not yet opened) of each Redis client the portal makes, by what it is for."""
    with app.connection_for_write() as broker:
        channel_pool = broker.default_channel.client.connection_pool
        return {
            "broker": channel_pool.make_connection(),
            "healthz": redis_client().connection_pool.make_connection(),
        }


def test_every_redis_client_gives_up_within_half_a_second():
    with app.connection_for_write() as broker:
        assert 0 < broker.connect_timeout <= MOST_SECONDS_PER_WAIT
        assert broker.transport_options["max_retries"] <= 1
    for purpose, connection in redis_connections().items():
        timeouts = (connection.socket_connect_timeout, connection.socket_timeout)
        assert all(0 < timeout <= MOST_SECONDS_PER_WAIT for timeout in timeouts), purpose
        assert connection.retry.get_retries() == 0, purpose  # a publish retries, not the socket
    # No result backend is used; should one be set, it times out as quickly.
    assert app.conf.result_backend is None
    backend = app.conf.result_backend_transport_options
    assert 0 < backend["socket_connect_timeout"] <= MOST_SECONDS_PER_WAIT
    assert 0 < backend["socket_timeout"] <= MOST_SECONDS_PER_WAIT
    assert app.conf.task_publish_retry_policy["max_retries"] + 1 == MOST_WAITS_PER_REQUEST
    # Each wait is a connect then a read: within the 2 s a request may spend on Redis.
    assert MOST_WAITS_PER_REQUEST * 2 * MOST_SECONDS_PER_WAIT <= MOST_SECONDS_WAITING


def timed(request) -> tuple[object, float]:
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


def assert_answered_without_long_waits(redis_hung, seconds: float) -> None:
    assert 1 <= redis_hung.connections <= MOST_WAITS_PER_REQUEST  # it did reach the hung server
    assert seconds < GENEROUS_SECONDS


@pytest.mark.django_db
def test_a_report_asked_for_while_redis_hangs_is_kept_queued(login, programme_manager, redis_hung):
    client = login(programme_manager)

    response, seconds = timed(
        lambda: client.post(reverse("reports:list"), {"period": "fy2019"}, follow=True)
    )

    assert_answered_without_long_waits(redis_hung, seconds)
    assert response.status_code == 200
    report = EvaluationReport.objects.get()
    assert (report.status, report.enqueued_at) == (EvaluationReport.Status.QUEUED, None)
    assert "will start when the task service is back" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_booking_confirmed_while_redis_hangs_is_kept_and_confirmed(login, councillor, redis_hung):
    session = SessionFactory(capacity=5)
    client = login(councillor)
    client.get(reverse("courses:book", args=[session.pk]))
    client.post(reverse("courses:book-access", args=[session.pk]), {"access_requirements": ""})
    client.post(reverse("courses:book-dietary", args=[session.pk]), {"dietary_requirements": ""})

    response, seconds = timed(lambda: client.post(reverse("courses:book-check", args=[session.pk])))

    assert_answered_without_long_waits(redis_hung, seconds)
    assert response.status_code == 302
    assert Booking.objects.get(person=councillor).status == Booking.Status.CONFIRMED
    # The confirmation could not be queued: it waits in the outbox, as with Redis refused.
    assert mail.outbox == []
    assert notification_services.send_due_notifications() == 1
    assert [message.to for message in mail.outbox] == [[councillor.email]]


@pytest.mark.django_db(transaction=True)
def test_a_letter_asked_for_while_redis_hangs_is_kept_and_prepared(
    login, principal_adviser, camden, redis_hung
):
    challenge = ScopedChallengeFactory(
        council=camden, requested_by=principal_adviser, status=PeerChallenge.Status.ON_SITE
    )
    client = login(principal_adviser)

    response, seconds = timed(
        lambda: client.post(
            reverse("peer_challenges:letter", args=[challenge.pk]),
            {
                "strengths": "Strong partnerships.",
                "areas_for_consideration": "Supervision.",
                "recommendations": "Refresh the practice model.",
            },
        )
    )

    assert_answered_without_long_waits(redis_hung, seconds)
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.strengths == "Strong partnerships."
    assert challenge.letter_status == PeerChallenge.LetterStatus.READY


@pytest.mark.django_db
def test_healthz_says_redis_is_down_while_it_hangs(client, redis_hung):
    response, seconds = timed(lambda: client.get("/healthz"))

    assert_answered_without_long_waits(redis_hung, seconds)
    assert response.json() == {"status": "ok", "database": "ok", "redis": "down"}
