"""Redis down: logging in (and being refused) never errors, and every action that hands work
to the task service answers within 2 seconds, keeps what was asked and says what happens.

The pages, signing in, /healthz, booking a place and requesting a report are covered in
``tests/faults/test_redis_down.py``; these tests add the login failures and lock-out (rate
limiting must fail safe), the admin's login, and the remaining actions that enqueue work:
the peer challenge letter, cancelling a place (the waiting list's email), cancelling a
session and checking an uploaded Ofsted file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from councils.models import OfstedUpload
from courses.models import Booking, CourseSession
from notifications import services as notification_services
from peer_challenges.models import PeerChallenge
from tests.factories import courses as course_factories
from tests.factories import peer_challenges as challenge_factories
from tests.factories.accounts import UserFactory

PASSWORD = "a-long-test-password"
LIMIT = 2.0  # seconds


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_the_login_rate_limits_do_not_live_in_redis() -> None:
    """Failed-login counting (django-axes) and allauth's limits use the database cache and
    tables, which fail with the database (a 503), never with Redis."""
    backend = django_settings.CACHES["default"]["BACKEND"]
    assert "redis" not in backend.lower()
    assert "memcache" not in backend.lower()
    handler = getattr(django_settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler")
    assert handler.endswith("AxesDatabaseHandler")


@pytest.mark.django_db
def test_with_redis_down_a_wrong_password_is_refused_with_a_message(
    client: Client, councillor: Any, redis_down: None
) -> None:
    client.get("/accounts/login/")
    response, seconds = timed(
        lambda: client.post("/accounts/login/", {"login": councillor.email, "password": "wrong"})
    )

    assert response.status_code == 200
    assert "errorsummary" in response.content.decode().replace("-", "").replace("_", "")
    assert seconds < LIMIT


@pytest.mark.django_db
def test_with_redis_down_repeated_failures_still_lock_the_account(
    client: Client, councillor: Any, redis_down: None
) -> None:
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"login": councillor.email, "password": "wrong"})

    response, seconds = timed(
        lambda: client.post("/accounts/login/", {"login": councillor.email, "password": PASSWORD})
    )

    assert response.status_code == 429
    assert seconds < LIMIT
    assert client.get(reverse("dashboard")).status_code == 302  # still not signed in


@pytest.mark.django_db
def test_with_redis_down_the_admin_is_reached_through_the_portal_login(
    client: Client, redis_down: None
) -> None:
    UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)

    sent_to = client.get("/admin/login/?next=/admin/")
    response, seconds = timed(
        lambda: client.post(
            sent_to.url, {"login": "admin@example.org", "password": PASSWORD, "next": "/admin/"}
        )
    )

    assert response.status_code == 302
    assert seconds < LIMIT
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_with_redis_down_second_factor_codes_are_checked_and_limited(
    client: Client, programme_manager: Any, redis_down: None, settings: Any
) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.MFA_REQUIRED_FOR_STAFF_ROLES = True
    TOTP.activate(programme_manager, generate_totp_secret())
    client.post("/accounts/login/", {"login": programme_manager.email, "password": PASSWORD})

    wrong, seconds = timed(
        lambda: client.post("/accounts/2fa/authenticate/", {"code": "not-a-code"})
    )
    for _ in range(5):
        client.post("/accounts/2fa/authenticate/", {"code": "not-a-code"})
    locked = client.post("/accounts/2fa/authenticate/", {"code": "not-a-code"})

    assert wrong.status_code == 200
    assert seconds < LIMIT
    assert locked.status_code == 429


# Actions that hand work to the task service (a real commit, so the after-commit work runs) --


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_a_letter_is_saved_and_its_pdf_made_at_once(
    redis_down: None, programme_manager: Any, camden: Any
) -> None:
    challenge = challenge_factories.ScopedChallengeFactory(
        council=camden, requested_by=programme_manager, status=PeerChallenge.Status.ON_SITE
    )
    client = Client()
    client.force_login(programme_manager)
    client.get(reverse("peer_challenges:letter", args=[challenge.pk]))

    response, seconds = timed(
        lambda: client.post(
            reverse("peer_challenges:letter", args=[challenge.pk]),
            {
                "strengths": "A strong front door.",
                "areas_for_consideration": "Supervision.",
                "recommendations": "Keep going.",
            },
            follow=True,
        )
    )

    assert response.status_code == 200
    assert seconds < LIMIT
    challenge.refresh_from_db()
    assert challenge.strengths == "A strong front door."
    # The letter is small: with no worker to hand it to, it is prepared here and is ready.
    assert challenge.letter_status == PeerChallenge.LetterStatus.READY
    assert "Download the feedback letter (PDF)" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_cancelling_a_place_promotes_the_waiting_list(
    redis_down: None, councillor: Any
) -> None:
    session = course_factories.SessionFactory(capacity=1)
    mine = course_factories.BookingFactory(session=session, person=councillor)
    waiting = course_factories.BookingFactory(
        session=session, status=Booking.Status.WAITLISTED, confirmed_at=None
    )
    client = Client()
    client.force_login(councillor)
    client.get(reverse("courses:booking-cancel", args=[mine.pk]))

    response, seconds = timed(
        lambda: client.post(reverse("courses:booking-cancel", args=[mine.pk]), follow=True)
    )

    assert response.status_code == 200
    assert seconds < LIMIT
    assert "has been cancelled" in response.content.decode()
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == (Booking.Status.CANCELLED, Booking.Status.CONFIRMED)
    # The cancellation and the place offered wait in the outbox; the sweep sends them.
    assert mail.outbox == []
    assert notification_services.send_due_notifications() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([councillor.email, waiting.person.email])


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_cancelling_a_session_cancels_every_place(
    redis_down: None, programme_manager: Any
) -> None:
    session = course_factories.SessionFactory(capacity=10)
    for _ in range(3):
        course_factories.BookingFactory(session=session)
    client = Client()
    client.force_login(programme_manager)
    client.get(reverse("courses:session-cancel", args=[session.pk]))

    response, seconds = timed(
        lambda: client.post(reverse("courses:session-cancel", args=[session.pk]), follow=True)
    )

    assert response.status_code == 200
    assert seconds < LIMIT
    session.refresh_from_db()
    assert session.status == CourseSession.Status.CANCELLED
    assert set(session.bookings.values_list("status", flat=True)) == {Booking.Status.CANCELLED}


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_an_uploaded_ofsted_file_is_kept_and_checked(
    redis_down: None, programme_manager: Any
) -> None:
    client = Client()
    client.force_login(programme_manager)
    client.get(reverse("councils:import"))
    upload = SimpleUploadedFile("outcomes.csv", b"not,an,ofsted,file\n1,2,3,4\n")

    response, seconds = timed(
        lambda: client.post(reverse("councils:import"), {"file": upload}, follow=True)
    )

    assert response.status_code == 200
    assert seconds < LIMIT
    stored = OfstedUpload.objects.get()
    assert stored.status != OfstedUpload.Status.CHECKING  # checked here, not left waiting
