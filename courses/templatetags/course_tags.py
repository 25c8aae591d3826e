"""Template helpers for courses: when a session runs, and booking status tags."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from courses.models import Booking, CourseSession
from improvement_portal.templatetags.portal import status_tag

register = template.Library()


def _clock(moment: datetime.datetime) -> str:
    """GOV.UK style times: 9am, 9:30am, 12pm (midday)."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    if moment.minute:
        return f"{hour}:{moment.minute:02d}{suffix}"
    return f"{hour}{suffix}"


@register.filter
def clock(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    return _clock(timezone.localtime(moment))


@register.simple_tag
def session_when(session: CourseSession) -> str:
    """ "Tuesday 3 March 2026, 9:30am to 4pm" (or two dates if it runs over days)."""
    starts = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)
    first = f"{starts:%A} {starts.day} {starts:%B %Y}"
    if starts.date() == ends.date():
        return f"{first}, {_clock(starts)} to {_clock(ends)}"
    return f"{first}, {_clock(starts)} to {ends:%A} {ends.day} {ends:%B %Y}, {_clock(ends)}"


@register.filter
def booking_tag(booking: Booking) -> str:
    """A booking's status as a GOV.UK tag with its words (and waiting list position)."""
    label = booking.get_status_display()
    position = getattr(booking, "waiting_position", None)
    if booking.status == "waitlisted" and position:
        label = f"Waiting list: number {position}"
    return status_tag(label, booking.status_colour)
