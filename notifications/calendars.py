"""Calendar files and each person's secret calendar feed, made with ``icalendar``.

Areas describe their events as ``CalendarEvent``s; the feed gathers a person's events from
the functions named in ``settings.CALENDAR_EVENT_SOURCES`` (each takes a user and returns
events), so this app depends on no area. A cancelled event stays in the feed, marked
CANCELLED, so calendars that already hold it take it out.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from icalendar import Calendar, Event

from accounts.models import User
from notifications.models import CalendarFeed

PRODUCT_ID = "-//Local Government Association//Children's Services Improvement//EN"
UID_DOMAIN = "improvement-portal.local.gov.uk"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable: "<kind>-<pk>", made unique across the portal by the domain
    summary: str
    starts: datetime.datetime | datetime.date
    ends: datetime.datetime | datetime.date  # for dates: the day after the last day
    url: str = ""
    location: str = ""
    description: str = ""
    cancelled: bool = False
    sequence: int = 0


def whole_days(first: datetime.date, last: datetime.date) -> tuple[datetime.date, datetime.date]:
    """All-day event bounds for [first, last]: iCalendar's end date is exclusive."""
    return first, last + datetime.timedelta(days=1)


def build_calendar(events: Iterable[CalendarEvent], *, name: str = "", method: str = "") -> bytes:
    """One iCalendar document holding the events."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts)
        event.add("dtend", item.ends)
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("sequence", item.sequence + (1 if item.cancelled else 0))
        calendar.add_component(event)
    return calendar.to_ical()


def ics_response(data: bytes, filename: str) -> HttpResponse:
    """An "Add to calendar" download."""
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def events_for(user: User) -> list[CalendarEvent]:
    """Every event of the person's, from every area that has some."""
    events: list[CalendarEvent] = []
    for path in getattr(settings, "CALENDAR_EVENT_SOURCES", []):
        events.extend(import_string(path)(user))
    return events


def live_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


@transaction.atomic
def create_feed(*, user: User) -> CalendarFeed:
    """Give the person a secret calendar address (their live one, if they have it)."""
    feed = live_feed(user)
    if feed is not None:
        return feed
    return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))


@transaction.atomic
def revoke_feed(*, user: User) -> int:
    """Stop the person's calendar address for good: it answers 404 from now on."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
