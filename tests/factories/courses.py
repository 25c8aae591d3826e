from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from courses.models import Booking, Course, CourseSession, Feedback
from tests.factories.accounts import UserFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Leadership Essentials {n}")
    kind = Course.Kind.LEADERSHIP_ESSENTIALS
    summary = "An intensive introduction to the role of children's services portfolio holder."


class AccreditedCourseFactory(CourseFactory):
    title = factory.Sequence(lambda n: f"Peer challenge accreditation {n}")
    kind = Course.Kind.ACCREDITED
    accreditation_kind = "peer_challenge_member"
    accreditation_years = 3


class SessionFactory(factory.django.DjangoModelFactory):
    """A session open for booking now, starting in 30 days."""

    class Meta:
        model = CourseSession

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=30)).replace(
            hour=9, minute=30, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(hours=7))
    venue = "18 Smith Square, London"
    capacity = 10
    booking_opens_at = factory.LazyAttribute(lambda s: timezone.now() - datetime.timedelta(days=1))
    booking_closes_at = factory.LazyAttribute(lambda s: s.starts_at - datetime.timedelta(days=2))
    status = CourseSession.Status.PUBLISHED
    programme = "09:30 Welcome\n10:00 The statutory role of the lead member"


class PastSessionFactory(SessionFactory):
    """A session that ran ten days ago."""

    starts_at = factory.LazyFunction(
        lambda: (timezone.now() - datetime.timedelta(days=10)).replace(
            hour=9, minute=30, second=0, microsecond=0
        )
    )
    booking_opens_at = factory.LazyAttribute(lambda s: s.starts_at - datetime.timedelta(days=60))


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(UserFactory)
    status = Booking.Status.CONFIRMED
    booked_by = factory.SelfAttribute("person")
    confirmed_at = factory.LazyFunction(timezone.now)
    waitlisted_at = factory.LazyAttribute(
        lambda b: timezone.now() if b.status == Booking.Status.WAITLISTED else None
    )


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    booking = factory.SubFactory(
        BookingFactory, session=factory.SubFactory(PastSessionFactory), status="attended"
    )
    content_rating = 4
    facilitators_rating = 5
    usefulness_rating = 4
    would_recommend = True
