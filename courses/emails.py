"""Emails about bookings, each with the booking's .ics calendar file attached.

Templates come in threes: ``emails/<name>_subject.txt``, ``_body.txt`` and ``_body.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from courses import ics
from courses.models import Booking

DEFAULT_PORTAL_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class BookingEmail:
    template: str
    # The email still makes sense only while the booking is in one of these states.
    statuses: tuple[str, ...]


EMAILS = {
    "confirmed": BookingEmail("course_booking_confirmed", (Booking.Status.CONFIRMED,)),
    "waitlisted": BookingEmail("course_booking_waitlisted", (Booking.Status.WAITLISTED,)),
    "promoted": BookingEmail("course_booking_promoted", (Booking.Status.CONFIRMED,)),
    "cancelled": BookingEmail("course_booking_cancelled", (Booking.Status.CANCELLED,)),
    "reminder": BookingEmail("course_booking_reminder", (Booking.Status.CONFIRMED,)),
    "session_cancelled": BookingEmail("course_session_cancelled", (Booking.Status.CANCELLED,)),
}


def portal_url() -> str:
    return str(getattr(settings, "PORTAL_URL", DEFAULT_PORTAL_URL)).rstrip("/")


def send_booking_email(*, booking_id: int, kind: str) -> bool:
    """Email the person booked about their booking; skipped if the booking has moved on."""
    email = EMAILS[kind]
    booking = (
        Booking.objects.with_waiting_position()
        .select_related("session__course", "person")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or booking.status not in email.statuses:
        return False
    base = portal_url()
    context = {
        "booking": booking,
        "session": booking.session,
        "course": booking.session.course,
        "person": booking.person,
        "booking_url": base + booking.get_absolute_url(),
        "session_url": base + booking.session.get_absolute_url(),
        "portal_url": base,
    }
    subject = " ".join(render_to_string(f"emails/{email.template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{email.template}_body.txt", context),
        to=[booking.person.email],
    )
    message.attach_alternative(
        render_to_string(f"emails/{email.template}_body.html", context), "text/html"
    )
    message.attach(_calendar_part(booking, base))
    message.send()
    return True


def _calendar_part(booking: Booking, base: str) -> MIMEText:
    calendar = ics.booking_ics(booking, portal_url=base)
    part = MIMEText(calendar.decode(), "calendar", "utf-8")
    part.set_param("method", "CANCEL" if b"METHOD:CANCEL" in calendar else "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename="session.ics")
    return part
