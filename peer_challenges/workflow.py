"""The peer challenge workflow: every step a challenge may take, in this one table.

requested → scoping → team_confirmed → on_site → feedback_sent → closed, and cancelled from
any open state. A confirmed team may go back to scoping when a member drops out. Pages offer
only the steps listed here, and ``services.move_challenge`` refuses every other one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from peer_challenges.models import PeerChallenge

Status = PeerChallenge.Status
Check = Callable[[PeerChallenge], list[str]]


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _team_is_ready(challenge: PeerChallenge) -> list[str]:
    from peer_challenges import eligibility

    problems = []
    missing = challenge.missing_scoping_details()
    if missing:
        problems.append(f"Record {_join(missing)} before confirming the team.")
    return problems + eligibility.team_problems(challenge)


def _on_site_week_has_come(challenge: PeerChallenge) -> list[str]:
    starts_on = challenge.on_site_starts_on
    if starts_on and starts_on > timezone.localdate():
        return [f"The on-site week starts on {long_date(starts_on)}."]
    return []


def _letter_is_ready(challenge: PeerChallenge) -> list[str]:
    if challenge.missing_letter_sections():
        return ["Write the feedback letter before sending it."]
    if not challenge.letter_is_ready:
        return ["Wait until the letter's PDF is ready."]
    return []


def _follow_up_is_agreed(challenge: PeerChallenge) -> list[str]:
    missing = challenge.missing_follow_up_details()
    if missing:
        return [
            f"Record the follow-up ({_join(missing)}), or waive it with a reason, "
            "before closing the peer challenge."
        ]
    return []


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    action: str  # what the button says
    done: str  # how the timeline tells it
    lead_may_take: bool = False  # the lead peer may take it, as well as the challenge's managers
    needs_reason: bool = False
    check: Check | None = None

    def problems(self, challenge: PeerChallenge) -> list[str]:
        """What stops this challenge taking the step now (empty when nothing does)."""
        return self.check(challenge) if self.check else []

    @property
    def is_cancellation(self) -> bool:
        return self.target == Status.CANCELLED


STEPS: tuple[Step, ...] = (
    Step(Status.REQUESTED, Status.SCOPING, "Start scoping", "Scoping started"),
    Step(
        Status.SCOPING,
        Status.TEAM_CONFIRMED,
        "Confirm the team",
        "Team confirmed",
        check=_team_is_ready,
    ),
    Step(Status.TEAM_CONFIRMED, Status.SCOPING, "Reopen scoping", "Scoping reopened"),
    Step(
        Status.TEAM_CONFIRMED,
        Status.ON_SITE,
        "Start the on-site week",
        "On-site week started",
        check=_on_site_week_has_come,
    ),
    Step(
        Status.ON_SITE,
        Status.FEEDBACK_SENT,
        "Send the feedback letter",
        "Feedback letter sent",
        lead_may_take=True,
        check=_letter_is_ready,
    ),
    Step(
        Status.FEEDBACK_SENT,
        Status.CLOSED,
        "Close the peer challenge",
        "Peer challenge closed",
        check=_follow_up_is_agreed,
    ),
    *(
        Step(
            status,
            Status.CANCELLED,
            "Cancel the peer challenge",
            "Peer challenge cancelled",
            needs_reason=True,
        )
        # Every status but the two ends is open, feedback_sent included: a challenge whose
        # letter went out may still be called off before it is closed.
        for status in Status
        if status not in (Status.CLOSED, Status.CANCELLED)
    ),
)
TERMINAL_STATUSES = frozenset({Status.CLOSED, Status.CANCELLED})


def steps_from(status: str) -> list[Step]:
    """The steps a challenge in this status may take, in the table's order."""
    return [step for step in STEPS if step.source == status]


def find_step(source: str, target: str) -> Step | None:
    for step in STEPS:
        if step.source == source and step.target == target:
            return step
    return None


def describe_change(source: str, target: str) -> str:
    if not source:
        return "Peer challenge requested"
    step = find_step(source, target)
    return step.done if step else f"Moved to {Status(target).label.lower()}"


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
