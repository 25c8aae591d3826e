"""Engagement follow-up dates as calendar events, for the adviser's personal feed."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from advisers.models import Engagement
from notifications.calendars import CalendarEvent, whole_days

# Older follow-ups are history, not plans: the feed keeps a year of them.
FOLLOW_UPS_SINCE = datetime.timedelta(days=365)


def events_for(user: Any) -> list[CalendarEvent]:
    """The follow-up dates of the person's own engagements."""
    from notifications.services import portal_url

    since = timezone.localdate() - FOLLOW_UPS_SINCE
    engagements = Engagement.objects.filter(
        adviser__user=user, follow_up_on__gte=since
    ).select_related("council")
    events = []
    for engagement in engagements:
        starts, ends = whole_days(engagement.follow_up_on, engagement.follow_up_on)  # type: ignore[arg-type]  # follow_up_on__gte leaves out unset dates
        events.append(
            CalendarEvent(
                uid=f"engagement-follow-up-{engagement.pk}",
                summary=f"Follow up: {engagement.council.name}",
                starts=starts,
                ends=ends,
                url=portal_url() + engagement.get_absolute_url(),
                description=f"Follow-up to your engagement of {engagement.date:%-d %B %Y}.",
            )
        )
    return events
