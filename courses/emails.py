"""What the portal tells a person about their booking, through the notifications outbox.

Every message about one booking carries the booking's calendar event (the same UID), so a
calendar updates the one entry: tentative while waiting, confirmed with a place, removed when
cancelled. The message is written in the transaction of the booking change it tells of.
"""

from __future__ import annotations

from courses import ics
from courses.models import Booking
from notifications import services as notifications
from notifications.models import Notification

KINDS = {
    Booking.Status.CONFIRMED: "booking_confirmed",
    Booking.Status.WAITLISTED: "booking_waitlisted",
    "promoted": "booking_promoted",
    "cancelled": "booking_cancelled",
    "reminder": "booking_reminder",
    "session_cancelled": "session_cancelled",
}


def message_booking(
    booking: Booking, *, subject: str, message: str, sender: str
) -> Notification | None:
    """A programme manager's message about the session, to one person booked or waiting."""
    session = booking.session
    context = {
        "person": booking.person,
        "session": session,
        "course": session.course,
        "subject": subject,
        "message": message,
        "sender": sender,
        "booking_url": notifications.portal_url() + booking.get_absolute_url(),
    }
    return notifications.notify(
        recipient=booking.person,
        kind="session_message",
        context=context,
        link=booking.get_absolute_url(),
        link_text="See your booking",
    )


def notify_booking(booking: Booking, event: str) -> Notification | None:
    """Tell the person booked about their booking (in the caller's transaction)."""
    booking = (
        Booking.objects.with_waiting_position()
        .select_related("session__course", "person")
        .get(pk=booking.pk)
    )
    base = notifications.portal_url()
    calendar = ics.booking_ics(booking, portal_url=base).decode()
    context = {
        "booking": booking,
        "session": booking.session,
        "course": booking.session.course,
        "person": booking.person,
        "booking_url": base + booking.get_absolute_url(),
        "session_url": base + booking.session.get_absolute_url(),
    }
    return notifications.notify(
        recipient=booking.person,
        kind=KINDS[event],
        context=context,
        link=booking.get_absolute_url(),
        link_text="See your booking",
        calendar=notifications.Calendar(
            calendar, "CANCEL" if "METHOD:CANCEL" in calendar else "PUBLISH"
        ),
    )
