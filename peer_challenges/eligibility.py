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
from typing import Any, cast

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from advisers.models import Accreditation, Adviser, Availability
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


@dataclass
class Refusal:
    """Someone on the register who cannot take this place, with every rule they break."""

    adviser: Adviser
    reasons: list[str]


@dataclass
class Picker:
    """The choice for one team place: who can take it, in the fairness order, and who cannot."""

    role: str
    eligible: list[Proposal]
    ineligible: list[Refusal]


def picker(challenge: PeerChallenge, role: str) -> Picker:
    """Everyone active on the availability register and not yet on the team, split into those
    who keep every rule for ``role`` on this challenge (least recently asked, then lowest load,
    each with why they fit) and those who do not (each with the true rules they break).
    A fixed number of queries, whatever the size of the register."""
    if challenge.on_site_dates is None:
        return Picker(role, [], [])
    start, end = challenge.on_site_dates
    on_team = challenge.team.values_list("adviser_id", flat=True)
    register = (
        Adviser.objects.active()
        .exclude(pk__in=on_team)
        .select_related("user", "home_council")
        .prefetch_related(
            Prefetch(
                "accreditations",
                Accreditation.objects.filter(kind__in=PEER_KINDS),
                to_attr="peer_accreditations",
            ),
            Prefetch(
                "availability",
                Availability.objects.covering(start, end),
                to_attr="covering_availability",
            ),
        )
        .order_by("user__full_name", "pk")
    )
    clashes = _clashing_places(challenge)
    eligible, ineligible = [], []
    for adviser in register:
        facts = PersonFacts(
            adviser=adviser,
            held=cast(list[Accreditation], adviser.peer_accreditations),
            covering=list(adviser.covering_availability),
            clash=clashes.get(adviser.pk),
        )
        breaches = breaches_of(challenge, facts, role)
        if breaches:
            ineligible.append(Refusal(adviser, breaches))
        else:
            eligible.append(facts)
    records = service_records([f.adviser.pk for f in eligible], exclude=challenge)
    proposals = [_proposal(challenge, facts, role, records) for facts in eligible]
    return Picker(role, sorted(proposals, key=Proposal.sort_key), ineligible)


def _proposal(
    challenge: PeerChallenge, facts: PersonFacts, role: str, records: dict[int, ServiceRecord]
) -> Proposal:
    start, end = challenge.on_site_starts_on, challenge.on_site_ends_on
    valid = [a for a in facts.fitting(role) if a.is_valid_between(start, end)]  # type: ignore[arg-type]  # picker() returned early if a date is unset
    record = records.get(facts.adviser.pk, ServiceRecord())
    reasons = [
        f"{a.get_kind_display()} accreditation valid until {long_date(a.expires_on)}" for a in valid
    ]
    reasons += [
        f"Available {long_date(a.starts_on)} to {long_date(a.ends_on)}" for a in facts.covering
    ]
    home = facts.adviser.home_council
    reasons.append(
        f"Works for {home.name}, not {challenge.council.name}"
        if home
        else f"Does not work for {challenge.council.name}"
    )
    reasons.append(
        f"Last on a peer challenge on {long_date(record.last_on_site)}"
        if record.last_on_site
        else "Not yet asked onto a peer challenge"
    )
    reasons.append(f"{record.in_last_12_months} in the last 12 months")
    return Proposal(facts.adviser, valid, record, reasons)


def proposals(challenge: PeerChallenge) -> list[Proposal]:
    """People who may join this challenge's team as a member peer, least recently asked first."""
    return picker(challenge, Role.MEMBER_PEER).eligible


@dataclass
class PersonFacts:
    """What the rules need to know about one person for one challenge's dates."""

    adviser: Adviser
    held: list[Accreditation]  # their peer challenge accreditations, valid or not
    covering: list[Any]  # availability ranges covering the whole on-site dates
    clash: TeamMember | None  # a place on another challenge on overlapping dates

    def fitting(self, role: str) -> list[Accreditation]:
        kinds = KINDS_FOR_ROLE[Role(role)]
        return [a for a in self.held if a.kind in kinds]


def person_facts(challenge: PeerChallenge, adviser: Adviser) -> PersonFacts:
    start, end = challenge.on_site_starts_on, challenge.on_site_ends_on
    return PersonFacts(
        adviser=adviser,
        held=list(adviser.accreditations.filter(kind__in=PEER_KINDS)),
        covering=list(adviser.availability.covering(start, end)),  # type: ignore[arg-type]  # rule_breaches() checked both dates are set
        clash=_clashing_place(challenge, adviser),
    )


def rule_breaches(challenge: PeerChallenge, adviser: Adviser, role: str) -> list[str]:
    """Every rule the person breaks for this role on this challenge, in plain words."""
    if challenge.on_site_dates is None:
        return ["Record the on-site dates before choosing the team."]
    return breaches_of(challenge, person_facts(challenge, adviser), role)


def breaches_of(challenge: PeerChallenge, facts: PersonFacts, role: str) -> list[str]:
    """The rules broken, from facts already loaded (the one place the rules are written)."""
    assert challenge.on_site_dates is not None
    start, end = challenge.on_site_dates
    adviser = facts.adviser
    name = adviser.user.full_name or adviser.user.email
    problems = []
    if not (adviser.is_active and adviser.user.is_active):
        problems.append(f"{name} is no longer on the availability register.")
    problems += _accreditation_breaches(facts, name, role, start, end)
    if not facts.covering:
        problems.append(
            f"{name} has not said they are available from {long_date(start)} to {long_date(end)}."
        )
    council = challenge.council
    if council.pk in (adviser.home_council_id, adviser.user.council_id):
        problems.append(f"{name} works for {council.name}, the council under review.")
    # A place clashes only through on-site dates that overlap these.
    clash = facts.clash
    if clash is not None and (other_dates := clash.challenge.on_site_dates) is not None:
        other = clash.challenge
        other_start, other_end = other_dates
        problems.append(
            f"{name} is on the peer challenge of {other.council.name} from "
            f"{long_date(other_start)} to {long_date(other_end)}, which overlaps these dates."
        )
    return problems


ACCREDITATION_NAMES = {
    Kind.PEER_CHALLENGE_LEAD: "lead accreditation",
    Kind.PEER_CHALLENGE_MEMBER: "team member accreditation",
}


def _accreditation_breaches(
    facts: PersonFacts, name: str, role: str, start: datetime.date, end: datetime.date
) -> list[str]:
    fitting = facts.fitting(role)
    if any(a.is_valid_between(start, end) for a in fitting):
        return []
    if not fitting and role == Role.LEAD_PEER and facts.held:
        return [f"{name} is not accredited to lead a peer challenge, so cannot be the lead peer."]
    if not fitting:
        return [f"{name} holds no peer challenge accreditation."]
    latest = max(fitting, key=lambda a: a.expires_on)
    which = ACCREDITATION_NAMES[Kind(latest.kind)]
    if latest.awarded_on > start:
        return [
            f"{name}'s {which} starts on {long_date(latest.awarded_on)}, "
            "after the on-site dates begin."
        ]
    when = "before the on-site dates" if latest.expires_on < start else "during the on-site dates"
    verb = "expired" if latest.expires_on < timezone.localdate() else "expires"
    return [f"{name}'s {which} {verb} on {long_date(latest.expires_on)}, {when}."]


def _clashing_places(challenge: PeerChallenge) -> dict[int, TeamMember]:
    """Each person's place on another (not cancelled) challenge overlapping these dates."""
    places = (
        TeamMember.objects.serving()
        .overlapping(challenge.on_site_starts_on, challenge.on_site_ends_on)  # type: ignore[arg-type]  # picker() returned early if a date is unset
        .exclude(challenge=challenge)
        .select_related("challenge__council")
        .order_by("challenge__on_site_starts_on", "pk")
    )
    found: dict[int, TeamMember] = {}
    for place in places:
        found.setdefault(place.adviser_id, place)
    return found


def _clashing_place(challenge: PeerChallenge, adviser: Adviser) -> TeamMember | None:
    if challenge.on_site_dates is None:
        return None
    return (
        TeamMember.objects.serving()
        .overlapping(*challenge.on_site_dates)
        .filter(adviser=adviser)
        .exclude(challenge=challenge)
        .select_related("challenge__council")
        .order_by("challenge__on_site_starts_on", "pk")
        .first()
    )


def members_who_no_longer_fit(
    challenge: PeerChallenge, team: list[TeamMember] | None = None
) -> dict[int, list[str]]:
    """Each team member (by place) who breaks a rule on the current dates, with the rules."""
    if not challenge.has_on_site_dates:
        return {}
    if team is None:
        team = list(challenge.team.select_related("adviser__user", "adviser__home_council"))
    found = {}
    for member in team:
        breaches = rule_breaches(challenge, member.adviser, member.role)
        if breaches:
            found[member.pk] = breaches
    return found


def team_problems(challenge: PeerChallenge) -> list[str]:
    """What stops the current team being confirmed: no lead, too few, unconfirmed, rules."""
    team = list(challenge.team.select_related("adviser__user", "adviser__home_council"))
    problems = []
    if not any(member.is_lead for member in team):
        problems.append("Add a lead peer to the team.")
    if sum(1 for m in team if m.role != Role.SHADOW) < 2:
        problems.append("Add at least one more peer besides the lead.")
    for breaches in members_who_no_longer_fit(challenge, team).values():
        problems += [f"{breach} Remove them or change the dates." for breach in breaches]
    waiting = [m.adviser.user.full_name for m in team if not m.is_confirmed]
    if waiting:
        problems.append(f"Waiting for {', '.join(waiting)} to confirm their place.")
    return problems
