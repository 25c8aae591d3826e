"""Redis hung (accepting connections, never answering): no request waits on it.

The portal is pointed at a server in this test that accepts every connection and never
replies, which is what an overloaded or half-failed Redis looks like. Each request answers
as it does when Redis is refused, keeping its work. The bound on time is generous (the
machine may be busy); the configured timeouts are what keep it short, and are checked too.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from courses.models import Booking
from improvement_portal.celery import app
from notifications import services as notification_services
from peer_challenges.models import PeerChallenge
from reports.models import EvaluationReport
from tests.factories.courses import SessionFactory
from tests.factories.peer_challenges import ScopedChallengeFactory

pytestmark = pytest.mark.slow

# Well under the 2 s a request may take, with room for the work itself on a busy machine.
MOST_SECONDS_PER_WAIT = 0.5
MOST_SECONDS_PER_REQUEST = 2


def test_every_redis_client_gives_up_within_half_a_second():
    options = app.conf.broker_transport_options
    timeouts = [
        options["socket_connect_timeout"],
        options["socket_timeout"],
        app.conf.broker_connection_timeout,
        app.conf.redis_socket_connect_timeout,
        app.conf.redis_socket_timeout,
        app.conf.result_backend_transport_options["socket_timeout"],
        settings.REDIS_CONNECT_TIMEOUT,
        settings.REDIS_SOCKET_TIMEOUT,
    ]

    assert all(0 < timeout <= MOST_SECONDS_PER_WAIT for timeout in timeouts), timeouts
    assert app.conf.task_publish_retry_policy["max_retries"] <= 1


def timed(request) -> tuple[object, float]:
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


@pytest.mark.django_db
def test_a_report_asked_for_while_redis_hangs_is_kept_queued(login, programme_manager, redis_hung):
    client = login(programme_manager)

    response, seconds = timed(
        lambda: client.post(reverse("reports:list"), {"period": "fy2019"}, follow=True)
    )

    assert redis_hung.connections >= 1  # the portal did reach the hung server
    assert seconds < MOST_SECONDS_PER_REQUEST
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

    assert redis_hung.connections >= 1
    assert seconds < MOST_SECONDS_PER_REQUEST
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

    assert redis_hung.connections >= 1
    assert seconds < MOST_SECONDS_PER_REQUEST
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.strengths == "Strong partnerships."
    assert challenge.letter_status == PeerChallenge.LetterStatus.READY


@pytest.mark.django_db
def test_healthz_says_redis_is_down_while_it_hangs(client, redis_hung):
    response, seconds = timed(lambda: client.get("/healthz"))

    assert seconds < MOST_SECONDS_PER_REQUEST
    assert response.json() == {"status": "ok", "database": "ok", "redis": "down"}
