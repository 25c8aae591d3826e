"""Fixtures for the courses tests."""

from __future__ import annotations

import pytest

from accounts.models import User
from accounts.roles import Role
from councils.models import Council
from courses import services
from courses.models import Booking, CourseSession
from tests.factories.councils import CouncilFactory, RegionFactory
from tests.factories.courses import SessionFactory


def make_councillors(count: int, prefix: str = "cllr") -> list[User]:
    """Councillors in bulk (they never log in), in creation order."""
    User.objects.bulk_create(
        User(email=f"{prefix}{n}@example.org", full_name=f"Cllr {prefix} {n}", role=Role.COUNCILLOR)
        for n in range(count)
    )
    return list(User.objects.filter(email__startswith=prefix).order_by("pk"))


@pytest.fixture
def councils(db: None) -> None:
    """Only the regions and councils the personas need: loading all 158 is slow, and no
    courses rule depends on the full list."""
    london = RegionFactory(code="E12000007", name="London", slug="london")
    yorkshire = RegionFactory(
        code="E12000003", name="Yorkshire and The Humber", slug="yorkshire-and-the-humber"
    )
    for gss, name, region, kind in [
        ("E09000007", "Camden", london, Council.Kind.LONDON),
        ("E09000019", "Islington", london, Council.Kind.LONDON),
        ("E08000035", "Leeds", yorkshire, Council.Kind.METROPOLITAN),
    ]:
        CouncilFactory(gss_code=gss, name=name, slug=name.lower(), region=region, kind=kind)


@pytest.fixture
def session(db: None) -> CourseSession:
    return SessionFactory(capacity=3)


@pytest.fixture
def book(django_capture_on_commit_callbacks):
    """Book through the service and run its after-commit work (the emails) straight away."""

    def _book(session: CourseSession, person: User, actor: User | None = None, **answers: str):
        with django_capture_on_commit_callbacks(execute=True):
            return services.book_place(
                session=session, person=person, actor=actor or person, **answers
            )

    return _book


@pytest.fixture
def cancel(django_capture_on_commit_callbacks):
    """Cancel through the service and run its after-commit work straight away."""

    def _cancel(booking: Booking, actor: User) -> Booking:
        with django_capture_on_commit_callbacks(execute=True):
            return services.cancel_booking(booking=booking, actor=actor)

    return _cancel
