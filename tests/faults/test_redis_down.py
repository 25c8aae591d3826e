"""Redis stopped: every page still answers, and work for the task service is kept, not lost.

Redis is not really stopped (other tests use it): the portal is pointed at a closed port,
which is what a stopped Redis looks like from the portal.
"""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.urls import reverse

from courses.models import Booking
from notifications import services as notification_services
from reports import services as report_services
from reports.models import EvaluationReport
from tests.brokers import REDIS_DOWN_ANSWER_SECONDS, redis_url, reset_celery_connections
from tests.factories.courses import SessionFactory

pytestmark = pytest.mark.django_db

# Pages each persona uses most, from the dashboard to each area's lists.
PAGES = {
    "programme_manager": [
        "dashboard",
        "councils:list",
        "advisers:engagement-list",
        "peer_challenges:list",
        "courses:list",
        "courses:bookings",
        "mentoring:board",
        "resources:list",
        "reports:list",
    ],
    "principal_adviser": [
        "dashboard",
        "advisers:engagement-list",
        "advisers:support-request-list",
        "peer_challenges:list",
        "reports:list",
    ],
    "improvement_adviser": ["dashboard", "advisers:engagement-list", "advisers:availability"],
    "associate": ["dashboard", "advisers:availability", "advisers:accreditation-list"],
    "councillor": ["dashboard", "courses:list", "courses:bookings", "mentoring:mine"],
}


@pytest.mark.parametrize("persona", sorted(PAGES))
def test_with_redis_down_every_page_still_answers(request, login, persona, redis_down):
    client = login(request.getfixturevalue(persona))

    for name in PAGES[persona]:
        started = time.monotonic()
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert time.monotonic() - started < REDIS_DOWN_ANSWER_SECONDS, name


def test_with_redis_down_signing_in_works(client, councillor, redis_down):
    response = client.post(
        "/accounts/login/", {"login": councillor.email, "password": "a-long-test-password"}
    )

    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_healthz_says_redis_is_down_and_the_portal_is_up(client, redis_down):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "down"}


def test_a_report_asked_for_while_redis_is_down_is_kept_and_sent_once_it_is_back(
    login, programme_manager, redis_down, settings
):
    client = login(programme_manager)

    started = time.monotonic()
    response = client.post(reverse("reports:list"), {"period": "fy2019"}, follow=True)

    assert time.monotonic() - started < REDIS_DOWN_ANSWER_SECONDS
    assert response.status_code == 200
    report = EvaluationReport.objects.get()
    assert (report.status, report.enqueued_at) == (EvaluationReport.Status.QUEUED, None)
    page = response.content.decode()
    assert "Your report is queued and will start when the task service is back" in page
    assert "You can leave this page" in page
    assert client.get(reverse("reports:list")).status_code == 200

    # Redis is back (a database of its own): the sweep hands the kept report to the queue.
    settings.CELERY_BROKER_URL = redis_url("worker")
    reset_celery_connections()
    from improvement_portal.celery import app

    with app.connection_for_write() as connection:
        redis = connection.default_channel.client
        redis.delete("celery")
        assert report_services.requeue_stale_reports() == 1
        assert redis.llen("celery") == 1
        redis.delete("celery")
    report.refresh_from_db()
    assert report.enqueued_at is not None


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_a_councillor_still_books_a_place_and_is_told(
    login, councillor, redis_down, caplog
):
    # A real commit, so the after-commit work (the confirmation email task) really runs.
    session = SessionFactory(capacity=5)
    client = login(councillor)
    client.get(reverse("courses:book", args=[session.pk]))
    client.post(reverse("courses:book-access", args=[session.pk]), {"access_requirements": ""})
    client.post(reverse("courses:book-dietary", args=[session.pk]), {"dietary_requirements": ""})

    response = client.post(reverse("courses:book-check", args=[session.pk]))

    booking = Booking.objects.get(person=councillor)
    assert booking.status == Booking.Status.CONFIRMED
    assert response.status_code == 302
    assert "Place booked" in client.get(response.url).content.decode()
    # The confirmation could not be queued: it waits in the outbox for the sweep.
    assert mail.outbox == []
    assert "Task service unreachable" in caplog.text
    assert notification_services.send_due_notifications() == 1
    assert [message.to for message in mail.outbox] == [[councillor.email]]
