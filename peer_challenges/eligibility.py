"""Who may join a peer challenge team, and in what order to ask them.

The rules (DESIGN.md, "PeerChallenge"): a team member holds an accreditation valid on the
on-site dates, is available on those dates, and does not work for the council under review.
A person on another challenge on the same dates cannot be in two places, so they are left out
too. Proposals are ordered so that people asked least recently come first, which keeps the
pool from wearing down to a few regulars.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone

from advisers import queries
from advisers.models import Accreditation, Adviser
from peer_challenges.models import PeerChallenge, TeamMember

Kind = Accreditation.Kind
Role = TeamMember.Role
PEER_KINDS = (Kind.PEER_CHALLENGE_LEAD, Kind.PEER_CHALLENGE_MEMBER)
# A lead peer must be accredited to lead; any peer challenge accreditation will do for the rest.
KINDS_FOR_ROLE = {
    Role.LEAD_PEER: (Kind.PEER_CHALLENGE_LEAD,),
    Role.MEMBER_PEER: PEER_KINDS,
    Role.COUNCILLOR_PEER: PEER_KINDS,
    Role.SHADOW: PEER_KINDS,
}
RECENT_DAYS = 365


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass
class ServiceRecord:
    """How often a person has been asked: their latest on-site week and recent count."""

    last_on_site: datetime.date | None = None
    in_last_12_months: int = 0


@dataclass
class Proposal:
    adviser: Adviser
    accreditations: list[Accreditation]
    record: ServiceRecord
    reasons: list[str] = field(default_factory=list)

    @property
    def can_lead(self) -> bool:
        return any(a.kind == Kind.PEER_CHALLENGE_LEAD for a in self.accreditations)

    def sort_key(self) -> tuple[datetime.date, int, str]:
        return (
            self.record.last_on_site or datetime.date.min,
            self.record.in_last_12_months,
            self.adviser.user.full_name.lower(),
        )


def service_records(
    adviser_ids: list[int], *, today: datetime.date | None = None, exclude: PeerChallenge | None
) -> dict[int, ServiceRecord]:
    """Each person's latest on-site week (booked ones count: they were asked) and how many
    challenges they did in the last 12 months, in one query."""
    today = today or timezone.localdate()
    year_ago = today - datetime.timedelta(days=RECENT_DAYS)
    places = TeamMember.objects.serving().filter(
        adviser_id__in=adviser_ids, challenge__on_site_starts_on__isnull=False
    )
    if exclude is not None:
        places = places.exclude(challenge=exclude)
    rows = places.values("adviser_id").annotate(
        last=Max("challenge__on_site_starts_on"),
        recent=Count(
            "pk",
            filter=Q(
                challenge__on_site_starts_on__gt=year_ago,
                challenge__on_site_starts_on__lte=today,
            ),
        ),
    )
    return {row["adviser_id"]: ServiceRecord(row["last"], row["recent"]) for row in rows}


def proposals(challenge: PeerChallenge) -> list[Proposal]:
    """People who may join this challenge's team, least recently asked first."""
    if challenge.on_site_dates is None:
        return []
    start, end = challenge.on_site_dates
    candidates = queries.eligible_advisers(
        start, end, exclude_council=challenge.council, accreditation_kinds=PEER_KINDS
    )
    busy = set(
        TeamMember.objects.serving().overlapping(start, end).values_list("adviser_id", flat=True)
    )
    on_team = set(challenge.team.values_list("adviser_id", flat=True))
    candidates = [c for c in candidates if c.adviser.pk not in busy | on_team]
    records = service_records([c.adviser.pk for c in candidates], exclude=challenge)
    found = [
        Proposal(c.adviser, c.accreditations, records.get(c.adviser.pk, ServiceRecord()), c.reasons)
        for c in candidates
    ]
    return sorted(found, key=Proposal.sort_key)


def rule_breaches(challenge: PeerChallenge, adviser: Adviser, role: str) -> list[str]:
    """Every rule the person breaks for this role on this challenge, in plain words."""
    if challenge.on_site_dates is None:
        return ["Record the on-site dates before choosing the team."]
    start, end = challenge.on_site_dates
    name = adviser.user.full_name or adviser.user.email
    problems = []
    if not (adviser.is_active and adviser.user.is_active):
        problems.append(f"{name} is no longer on the availability register.")
    problems += _accreditation_breaches(adviser, name, role, start, end)
    if not adviser.availability.covering(start, end).exists():
        problems.append(
            f"{name} has not said they are available from {long_date(start)} to {long_date(end)}."
        )
    council = challenge.council
    if council.pk in (adviser.home_council_id, adviser.user.council_id):
        problems.append(f"{name} works for {council.name}, the council under review.")
    clash = _clashing_place(challenge, adviser)
    # A place clashes only through on-site dates that overlap these.
    if clash is not None and clash.challenge.on_site_dates is not None:
        other_start, other_end = clash.challenge.on_site_dates
        problems.append(
            f"{name} is on the peer challenge of {clash.challenge.council.name} from "
            f"{long_date(other_start)} to {long_date(other_end)}."
        )
    return problems


def _accreditation_breaches(
    adviser: Adviser, name: str, role: str, start: datetime.date, end: datetime.date
) -> list[str]:
    held = list(adviser.accreditations.filter(kind__in=PEER_KINDS))
    kinds = KINDS_FOR_ROLE[Role(role)]
    fitting = [a for a in held if a.kind in kinds]
    if any(a.is_valid_between(start, end) for a in fitting):
        return []
    if role == Role.LEAD_PEER and any(a.is_valid_between(start, end) for a in held):
        return [f"{name} is not accredited to lead a peer challenge, so cannot be the lead peer."]
    if not fitting:
        return [f"{name} holds no peer challenge accreditation."]
    latest = max(fitting, key=lambda a: a.expires_on)
    if latest.awarded_on > start:
        return [
            f"{name}'s {latest.get_kind_display().lower()} accreditation starts on "
            f"{long_date(latest.awarded_on)}, after the on-site week begins."
        ]
    when = "before the on-site week" if latest.expires_on < start else "during the on-site week"
    verb = "expired" if latest.expires_on < timezone.localdate() else "expires"
    return [
        f"{name}'s {latest.get_kind_display().lower()} accreditation {verb} on "
        f"{long_date(latest.expires_on)}, {when}."
    ]


def _clashing_place(challenge: PeerChallenge, adviser: Adviser) -> TeamMember | None:
    if challenge.on_site_dates is None:
        return None
    return (
        TeamMember.objects.serving()
        .overlapping(*challenge.on_site_dates)
        .filter(adviser=adviser)
        .exclude(challenge=challenge)
        .select_related("challenge__council")
        .first()
    )


def team_problems(challenge: PeerChallenge) -> list[str]:
    """What stops the current team being confirmed: no lead, too few, unconfirmed, rules."""
    team = list(challenge.team.select_related("adviser__user", "adviser__home_council"))
    problems = []
    if not any(member.is_lead for member in team):
        problems.append("Add a lead peer to the team.")
    if sum(1 for m in team if m.role != Role.SHADOW) < 2:
        problems.append("Add at least one more peer besides the lead.")
    for member in team if challenge.has_on_site_dates else []:
        for breach in rule_breaches(challenge, member.adviser, member.role):
            problems.append(f"{breach} Remove them or change the dates.")
    waiting = [m.adviser.user.full_name for m in team if not m.is_confirmed]
    if waiting:
        problems.append(f"Waiting for {', '.join(waiting)} to confirm their place.")
    return problems
