"""The courses section of a council's page: Leadership Essentials bookings by its councillors.

Bookings are personal data, so only programme managers get this section.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from courses import permissions
from courses.models import Booking

RECENT = 10


def sections(user: Any, council: Any) -> list[dict[str, Any]]:
    if not permissions.can_manage_courses(user):
        return []
    bookings = Booking.objects.filter(person__council=council)
    totals = bookings.aggregate(
        booked=Count("pk", filter=~Q(status=Booking.Status.CANCELLED)),
        attended=Count("pk", filter=Q(status=Booking.Status.ATTENDED)),
        councillors=Count("person", filter=Q(status=Booking.Status.ATTENDED), distinct=True),
    )
    recent = list(
        bookings.exclude(status=Booking.Status.CANCELLED)
        .with_waiting_position()
        .select_related("person", "session__course")
        .order_by("-session__starts_at", "pk")[:RECENT]
    )
    return [
        {
            "title": "Leadership Essentials and course bookings",
            "template": "courses/fragment_council_bookings.html",
            "context": {"council": council, "totals": totals, "recent": recent},
        }
    ]
