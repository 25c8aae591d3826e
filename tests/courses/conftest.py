"""Fixtures for the courses tests."""

from __future__ import annotations

import pytest

from accounts.models import User
from accounts.roles import Role
from courses import services
from courses.models import Booking, CourseSession
from tests.factories.courses import SessionFactory


def make_councillors(count: int, prefix: str = "cllr") -> list[User]:
    """Councillors in bulk (they never log in), in creation order."""
    User.objects.bulk_create(
        User(email=f"{prefix}{n}@example.org", full_name=f"Cllr {prefix} {n}", role=Role.COUNCILLOR)
        for n in range(count)
    )
    return list(User.objects.filter(email__startswith=prefix).order_by("pk"))


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
