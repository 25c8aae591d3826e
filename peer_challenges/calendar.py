"""The calendar-like view of upcoming on-site weeks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

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
