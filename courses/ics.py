"""iCalendar (.ics) files for bookings, made with the ``icalendar`` library.

Every email about one booking carries an event with the same UID, so a calendar updates the one
entry: tentative while waiting, confirmed with a place, removed (METHOD:CANCEL) when cancelled.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from courses.models import Booking

PRODUCT_ID = "-//Local Government Association//Children's Services Improvement courses//EN"
# A later state must carry a higher SEQUENCE for calendars to apply it.
SEQUENCE = {
    Booking.Status.WAITLISTED: 0,
    Booking.Status.CONFIRMED: 1,
    Booking.Status.ATTENDED: 1,
    Booking.Status.NO_SHOW: 1,
    Booking.Status.CANCELLED: 2,
}
EVENT_STATUS = {
    Booking.Status.WAITLISTED: "TENTATIVE",
    Booking.Status.CANCELLED: "CANCELLED",
}


def booking_uid(booking: Booking) -> str:
    return f"course-booking-{booking.pk}@improvement-portal.local.gov.uk"


def booking_ics(booking: Booking, *, portal_url: str) -> bytes:
    """An iCalendar file with one event for the booking's session, in the booking's state."""
    session = booking.session
    cancelled = booking.status == Booking.Status.CANCELLED or session.is_cancelled
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")

    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    summary = session.course.title
    if booking.status == Booking.Status.WAITLISTED:
        summary += " (waiting list)"
    event.add("summary", summary)
    event.add("location", vText(_location(booking)))
    event.add("description", _description(booking))
    event.add("url", portal_url + booking.get_absolute_url())
    event.add(
        "status",
        "CANCELLED" if cancelled else EVENT_STATUS.get(Booking.Status(booking.status), "CONFIRMED"),
    )
    event.add("sequence", 3 if session.is_cancelled else SEQUENCE[Booking.Status(booking.status)])
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText("LGA Children's Services Improvement")
    event.add("organizer", organizer)
    calendar.add_component(event)
    return calendar.to_ical()


def _location(booking: Booking) -> str:
    session = booking.session
    if session.is_online:
        return "Online"
    return ", ".join(part for part in [session.venue, " ".join(session.address.split())] if part)


def _description(booking: Booking) -> str:
    session = booking.session
    lines = [session.course.summary]
    if session.is_online and booking.status == Booking.Status.CONFIRMED:
        lines.append(session.joining_instructions)
    if session.programme_items():
        lines += ["", "Programme:", *session.programme_items()]
    return "\n".join(line for line in lines if line is not None)
