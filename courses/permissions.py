"""Who may see and do what with courses, sessions and bookings.

Bookings hold personal data (access requirements, dietary needs): only the person booked and
programme managers ever see a booking. Councillors book Leadership Essentials for themselves;
advisers and associates book the accredited courses for themselves; programme managers book
any course on someone's behalf.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from courses.models import Booking, Course, CourseSession


def can_manage_courses(user: Any) -> bool:
    return bool(getattr(user, "is_programme_manager", False))


def can_book_for_others(user: Any) -> bool:
    return can_manage_courses(user)


def can_book_session(user: Any, session: CourseSession) -> bool:
    """May the user start a booking on this session (for themselves or, PMs, for others)?"""
    if can_book_for_others(user):
        return True
    return is_eligible_attendee(user, session.course)


def is_eligible_attendee(person: Any, course: Course) -> bool:
    """Leadership Essentials is for councillors; accredited courses for advisers and associates."""
    if not person.is_active:
        return False
    if course.is_leadership_essentials:
        return bool(person.is_councillor)
    return bool(person.is_adviser)


def can_see_booking(user: Any, booking: Booking) -> bool:
    return can_manage_courses(user) or booking.person_id == user.pk


def can_cancel_booking(user: Any, booking: Booking) -> bool:
    if not can_see_booking(user, booking):
        return False
    return booking.status in (Booking.Status.CONFIRMED, Booking.Status.WAITLISTED) and (
        not booking.session.has_started()
    )


def can_mark_attendance(user: Any, booking: Booking) -> bool:
    return can_manage_courses(user) and booking.session.has_started()


def can_give_feedback(user: Any, booking: Booking) -> bool:
    return (
        booking.person_id == user.pk
        and booking.status == Booking.Status.ATTENDED
        and not hasattr(booking, "feedback")
    )


def get_course_for_user(user: Any, pk: int, *, edit: bool = False) -> Course:
    """The course if the user may see it (else 404); editing needs a programme manager (403)."""
    course = get_object_or_404(Course.objects.visible_to(user), pk=pk)
    if edit and not can_manage_courses(user):
        raise PermissionDenied
    return course


def get_session_for_user(
    user: Any, pk: int, *, edit: bool = False, counted: bool = False
) -> CourseSession:
    """The session if the user may see it (else 404); editing needs a programme manager (403).
    ``counted`` adds its places and waiting list (``with_counts``) in the same query."""
    sessions = CourseSession.objects.visible_to(user).select_related("course")
    session = get_object_or_404(sessions.with_counts() if counted else sessions, pk=pk)
    if edit and not can_manage_courses(user):
        raise PermissionDenied
    return session


def get_bookable_session_for_user(user: Any, pk: int) -> CourseSession:
    """The session if the user may book on it: invisible gives 404, not allowed gives 403."""
    session = get_session_for_user(user, pk)
    if not can_book_session(user, session):
        raise PermissionDenied
    return session


def get_booking_for_user(user: Any, pk: int) -> Booking:
    """The booking if it is the user's own or the user is a programme manager, else 404."""
    return get_object_or_404(
        Booking.objects.visible_to(user).select_related("session__course", "person__council"),
        pk=pk,
    )
