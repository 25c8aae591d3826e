"""Demo data for courses: realistic, within capacity, and the same for the same seed."""

from __future__ import annotations

import io
import random

import pytest
from django.db.models import F
from django.utils import timezone

from courses import demo
from courses.models import Booking, Course, CourseSession, Feedback
from improvement_portal.demo import DemoContext, last_financial_year

pytestmark = pytest.mark.django_db


def seed(scale: float, seed: int) -> str:
    return demo.seed(DemoContext(scale=scale, rng=random.Random(seed), stdout=io.StringIO()))


def fingerprint() -> list[tuple]:
    return list(
        Booking.objects.order_by("session__starts_at", "person__email", "status").values_list(
            "session__course__title", "session__starts_at", "person__email", "status"
        )
    )


def wipe() -> None:
    Feedback.objects.all().delete()
    Booking.objects.all().delete()
    CourseSession.objects.all().delete()
    Course.objects.all().delete()


def test_the_same_seed_gives_the_same_courses(councillor):
    seed(0.05, 7)
    first = fingerprint()
    wipe()
    seed(0.05, 7)

    assert fingerprint() == first
    assert seed(0.05, 7) == "courses already seeded"


def test_the_demo_is_realistic_and_never_overbooks(councillor):
    summary = seed(0.05, 2018)

    now = timezone.now()
    sessions = CourseSession.objects.with_counts()
    assert sessions.count() >= 10 and "sessions" in summary
    assert sessions.filter(starts_at__gt=now).count() >= 4
    assert sessions.filter(starts_at__lt=now).count() >= 6
    assert not sessions.filter(places_taken__gt=F("capacity")).exists()
    assert Feedback.objects.exists()
    assert Booking.objects.filter(status="waitlisted").exists()
    own = set(Booking.objects.filter(person=councillor).values_list("status", flat=True))
    assert {"confirmed", "attended"} <= own
    bookers = Booking.objects.exclude(person=councillor).values_list("person", flat=True)
    from accounts.models import User

    assert not any(user.has_usable_password() for user in User.objects.filter(pk__in=bookers))


def test_every_upcoming_session_is_open_for_booking_on_the_day_it_is_seeded(councillor):
    seed(0.05, 2018)

    now = timezone.now()
    upcoming = CourseSession.objects.filter(
        starts_at__gt=now + timezone.timedelta(days=2), status=CourseSession.Status.PUBLISHED
    )
    assert upcoming.exists()
    for session in upcoming:
        assert session.booking_opens_at <= now < session.booking_closes_at, session.starts_at
    assert not Booking.objects.filter(created_at__gt=now).exists()  # nobody booked ahead of time


def test_leadership_essentials_ran_in_the_report_forms_first_period(councillor):
    seed(0.05, 2018)
    start, end = last_financial_year(timezone.localdate())

    ran = CourseSession.objects.filter(
        course__kind=Course.Kind.LEADERSHIP_ESSENTIALS,
        status=CourseSession.Status.PUBLISHED,
        starts_at__date__gte=start,
        starts_at__date__lte=end,
    )
    assert ran.count() >= 2
    assert Booking.objects.filter(session__in=ran, status=Booking.Status.ATTENDED).exists()
