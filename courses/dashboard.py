"""Dashboard cards for courses: what needs doing first, then the figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import can_use_area
from courses import permissions
from courses.models import Booking, CourseSession, Feedback

MAX_ITEMS = 5


def cards(user: Any) -> list[dict[str, Any]]:
    if not can_use_area(user, "courses"):
        return []
    result: list[dict[str, Any]] = []
    if permissions.can_manage_courses(user):
        result += _registers_to_complete()
    else:
        result += _feedback_to_give(user)
    if can_use_area(user, "bookings") and not permissions.can_manage_courses(user):
        result.append(_my_bookings(user))
    result.append(_upcoming_sessions(user))
    return result


def _upcoming_sessions(user: Any) -> dict[str, Any]:
    count = (
        CourseSession.objects.visible_to(user)
        .upcoming()
        .filter(status=CourseSession.Status.PUBLISHED)
        .count()
    )
    return {
        "title": "Courses",
        "figure": count,
        "body": "Upcoming Leadership Essentials and accredited course sessions.",
        "url": reverse("courses:list"),
    }


def _my_bookings(user: Any) -> dict[str, Any]:
    count = (
        Booking.objects.filter(person=user, session__starts_at__gte=timezone.now())
        .filter(status__in=(Booking.Status.CONFIRMED, Booking.Status.WAITLISTED))
        .count()
    )
    return {
        "title": "My bookings",
        "figure": count,
        "body": "Sessions you have a place on or are waiting for.",
        "url": reverse("courses:bookings"),
    }


def _feedback_to_give(user: Any) -> list[dict[str, Any]]:
    bookings = list(
        Booking.objects.filter(person=user, status=Booking.Status.ATTENDED)
        .exclude(Exists(Feedback.objects.filter(booking=OuterRef("pk"))))
        .select_related("session__course")
        .order_by("-session__starts_at")[:MAX_ITEMS]
    )
    if not bookings:
        return []
    items = [
        {
            "label": _label(booking.session),
            "url": reverse("courses:feedback", args=[booking.pk]),
            "note": "tell us how it went",
        }
        for booking in bookings
    ]
    return [
        {
            "title": "Give feedback on a course",
            "action": True,
            "body": "Two minutes of feedback helps us improve the sessions.",
            "url": None,
            "items": items,
        }
    ]


def _registers_to_complete() -> list[dict[str, Any]]:
    sessions = (
        CourseSession.objects.past()
        .filter(Exists(Booking.objects.filter(session=OuterRef("pk"), status="confirmed")))
        .with_unmarked()
        .select_related("course")
        .order_by("-starts_at", "-pk")
    )
    total = sessions.count()
    if not total:
        return []
    items = [
        {
            "label": _label(session),
            "url": reverse("courses:register", args=[session.pk]),
            "note": f"{session.unmarked} to record",
        }
        for session in sessions[:MAX_ITEMS]
    ]
    return [
        {
            "title": f"{total} session{'s need' if total != 1 else ' needs'} attendance recorded",
            "action": True,
            "url": reverse("courses:bookings") + "?period=past",
            "items": items,
        }
    ]


def _label(session: CourseSession) -> str:
    return f"{session.course.title}, {timezone.localtime(session.starts_at):%-d %B %Y}"
