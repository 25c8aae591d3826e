"""The calendar-like view of upcoming on-site weeks, and on-site weeks and follow-ups as
calendar events."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from notifications.calendars import CalendarEvent, whole_days
from peer_challenges.models import PeerChallenge


@dataclass
class Week:
    starts_on: datetime.date
    challenges: list[PeerChallenge] = field(default_factory=list)

    @property
    def ends_on(self) -> datetime.date:
        return self.starts_on + datetime.timedelta(days=6)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def group_by_week(challenges: Iterable[PeerChallenge], today: datetime.date) -> list[Week]:
    """Challenges by the week (Monday) their on-site visit starts; a visit already under way
    is shown in the current week."""
    weeks: dict[datetime.date, Week] = {}
    this_week = monday_of(today)
    for challenge in challenges:
        if challenge.on_site_starts_on is None:  # only challenges with dates are on the calendar
            continue
        monday = max(monday_of(challenge.on_site_starts_on), this_week)
        weeks.setdefault(monday, Week(monday)).challenges.append(challenge)
    return sorted(weeks.values(), key=lambda week: week.starts_on)


def on_site_event(challenge: PeerChallenge) -> CalendarEvent:
    """The on-site week as an all-day event (CANCELLED once the challenge is cancelled)."""
    from notifications.services import portal_url

    starts, ends = whole_days(challenge.on_site_starts_on, challenge.on_site_ends_on)  # type: ignore[arg-type]  # callers pass only challenges with both on-site dates set
    return CalendarEvent(
        uid=f"peer-challenge-{challenge.pk}-on-site",
        summary=f"Peer challenge on site: {challenge.council.name}",
        starts=starts,
        ends=ends,
        url=portal_url() + challenge.get_absolute_url(),
        location=challenge.council.name,
        description="Children's services peer challenge: " + ", ".join(challenge.focus_labels),
        cancelled=challenge.status == PeerChallenge.Status.CANCELLED,
    )


def follow_up_event(challenge: PeerChallenge) -> CalendarEvent:
    """The agreed follow-up as an all-day event for its owner (CANCELLED once the follow-up
    is waived or the challenge is cancelled)."""
    from notifications.services import portal_url

    day = challenge.follow_up_on
    if day is None:
        raise ValueError("A follow-up with no date is not a calendar event.")
    checks = challenge.follow_up_checks
    starts, ends = whole_days(day, day)
    return CalendarEvent(
        uid=f"peer-challenge-{challenge.pk}-follow-up",
        summary=f"Peer challenge follow-up: {challenge.council.name}",
        starts=starts,
        ends=ends,
        url=portal_url() + challenge.get_absolute_url(),
        description=f"What the follow-up will check: {checks}" if checks else "",
        cancelled=(
            challenge.follow_up_is_waived or challenge.status == PeerChallenge.Status.CANCELLED
        ),
    )


def events_for(user: Any) -> list[CalendarEvent]:
    """The on-site weeks of the challenges the person is on the team of, and the follow-ups
    they own."""
    challenges = PeerChallenge.objects.filter(
        team__adviser__user=user, on_site_starts_on__isnull=False, on_site_ends_on__isnull=False
    ).select_related("council")
    follow_ups = PeerChallenge.objects.filter(
        follow_up_owner=user, follow_up_on__isnull=False
    ).select_related("council")
    return [on_site_event(challenge) for challenge in challenges.distinct()] + [
        follow_up_event(challenge) for challenge in follow_ups
    ]
