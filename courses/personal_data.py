"""The courses area's part of a subject-access export and of erasure (see
``accounts.personal_data``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts import personal_data
from accounts.models import User
from courses.models import Booking, Feedback

BOOKING_TEXT = ("access_requirements", "dietary_requirements")
# What a person who booked or cancelled someone else's place sees of it: not that person's needs.
ACTION_FIELDS = (
    "session",
    "status",
    "booked_by",
    "cancelled_by",
    "confirmed_at",
    "cancelled_at",
    "created_at",
)


def export(user: User) -> dict[str, Any]:
    bookings = Booking.objects.select_related("session__course", "person", "booked_by")
    return {
        "bookings": personal_data.section(
            bookings.filter(person=user).select_related("cancelled_by")
        ),
        "feedback": personal_data.section(
            Feedback.objects.filter(booking__person=user).select_related(
                "booking__session__course", "booking__person"
            )
        ),
        "bookings_made_or_cancelled_for_others": personal_data.section(
            bookings.filter(Q(booked_by=user) | Q(cancelled_by=user))
            .exclude(person=user)
            .select_related("cancelled_by"),
            fields=ACTION_FIELDS,
        ),
    }


def erase(user: User, *, actor: User | None) -> dict[str, int]:
    """Needs and comments blanked; places, attendance, ratings and dates kept for the figures."""
    return {
        "booking needs blanked": personal_data.blank_text(
            Booking.objects.filter(person=user), BOOKING_TEXT
        ),
        "feedback comments blanked": personal_data.blank_text(
            Feedback.objects.filter(booking__person=user), ["comments"]
        ),
    }
