"""Mentoring sessions as calendar events, for "Add to calendar" and the personal feed."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from mentoring.models import MentoringSession
from notifications.calendars import CalendarEvent, whole_days


def session_event(session: MentoringSession) -> CalendarEvent:
    """A session as an all-day event on the day it is held."""
    from notifications.services import portal_url

    match = session.match
    starts, ends = whole_days(session.held_on, session.held_on)
    return CalendarEvent(
        uid=f"mentoring-session-{session.pk}",
        summary=f"Mentoring: {match.mentor.user.full_name} and {match.request.mentee.full_name}",
        starts=starts,
        ends=ends,
        url=portal_url() + match.get_absolute_url(),
        description=f"Peer mentoring session, {session.duration_minutes} minutes.",
    )


def events_for(user: Any) -> list[CalendarEvent]:
    """The sessions of the matches the person is mentor or mentee on (never their notes)."""
    sessions = MentoringSession.objects.filter(
        Q(match__mentor__user=user) | Q(match__request__mentee=user)
    ).select_related("match__mentor__user", "match__request__mentee")
    return [session_event(session) for session in sessions]
