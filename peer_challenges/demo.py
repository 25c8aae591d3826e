"""Demo peer challenges: ten years of them, in every status, with teams from the register.

At scale 1: 100 challenges (about two thirds closed, the rest spread over every other status),
each past one with a team of four or five drawn fairly from the advisers made by
``advisers.demo`` (least recently used first, never from the council under review). Upcoming
challenges take their teams from the portal's own proposals, so they keep the team rules.
Camden, the demo councillor's council, has a sent feedback letter with its PDF; the demo
associate is asked onto an upcoming team. Dates count back from today: the same seed on the
same day gives the same data.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from advisers.models import Accreditation, Adviser
from councils.models import Council
from improvement_portal.demo import DemoContext, last_financial_year
from peer_challenges import eligibility, services
from peer_challenges.models import Focus, Funding, PeerChallenge, StatusChange, TeamMember

Status = PeerChallenge.Status
TeamRole = TeamMember.Role
YEARS = 10
LONDON, CAMDEN = "E12000007", "E09000007"
DEMO_ASSOCIATE = "associate@example.org"
# Shares of the challenges beyond the first one in each status.
STATUS_WEIGHTS = {
    Status.CLOSED: 66,
    Status.CANCELLED: 8,
    Status.FEEDBACK_SENT: 7,
    Status.ON_SITE: 2,
    Status.TEAM_CONFIRMED: 6,
    Status.SCOPING: 6,
    Status.REQUESTED: 5,
}
PATH = [Status.REQUESTED, Status.SCOPING, Status.TEAM_CONFIRMED, Status.ON_SITE]
REQUESTS = [
    "A safeguarding diagnostic of the front door before the next inspection.",
    "An external view of services for children in care and care leavers.",
    "The new director wants a fresh look at child protection practice.",
    "Support to test the self-assessment after a focused visit.",
    "A review of early help and the step-up and step-down arrangements.",
]
ENQUIRIES = [
    "How well do partners understand and apply thresholds at the front door?",
    "Is management oversight of child protection plans effective?",
    "Do care leavers have suitable homes and someone who stays in touch?",
    "How well do leaders know the quality of practice, and how do they know it?",
    "Are children in need seen often enough, and do their plans make a difference?",
]
STRENGTHS = [
    "Social workers know their children well and speak about them with warmth.",
    "Leaders have a clear and accurate understanding of the service's strengths and gaps.",
    "Partnership working at the front door is strong, with police and health co-located.",
    "Corporate parenting is taken seriously across the council, led by the chief executive.",
    "A stable, experienced workforce with manageable caseloads.",
]
CONSIDERATIONS = [
    "Thresholds are applied unevenly between teams, and some contacts wait too long.",
    "Supervision records do not always show reflection or clear actions.",
    "Pathway plans for care leavers are not always written with the young person.",
    "Performance reports are many but rarely lead to a decision.",
    "Placement sufficiency for older children is under strain.",
]
RECOMMENDATIONS = [
    "Audit contacts that lead to no further action, with partners, every quarter.",
    "Refresh the supervision policy and audit against it within six months.",
    "Co-produce a local offer for care leavers with the children in care council.",
    "Agree a small set of measures the leadership team reviews monthly.",
    "Commission a sufficiency review for children aged 14 and over.",
]
CANCEL_REASONS = [
    "The council asked to postpone until after the inspection.",
    "A new director starts soon and wants to commission the work then.",
    "The council chose a different form of support.",
]


@dataclass
class Plan:
    council: Council
    status: str
    requested_by: User
    requested_on: datetime.date
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    steps: list[tuple[str, str, datetime.date]] = field(default_factory=list)
    challenge: PeerChallenge | None = None


CLOSED_SHARE_IN_PERIOD = 0.25  # and at least one


def seed(context: DemoContext) -> str:
    if PeerChallenge.objects.exists():
        return "peer challenges already seeded"
    today = timezone.localdate()
    managers = _managers()
    councils = list(Council.objects.select_related("region").order_by("gss_code"))
    if not managers["pm"] or not councils:
        return "skipped: needs councils and a programme manager"
    statuses = _statuses(context)
    # Some closed challenges were on site in the report form's first period, letters sent in it.
    period = last_financial_year(today)
    closed = [n for n, status in enumerate(statuses) if status == Status.CLOSED]
    in_period = set(closed[: max(1, round(len(closed) * CLOSED_SHARE_IN_PERIOD))])
    # A generator of its own places them, so every other challenge stays as the seed made it.
    placing = random.Random(f"{period[0]}-{len(councils)}")
    plans = [
        _plan(
            context, status, councils, managers, today, **_placed(n in in_period, period, placing)
        )
        for n, status in enumerate(statuses)
    ]
    _feature_demo_logins(plans, councils, managers)
    _save(context, plans)
    advisers = list(Adviser.objects.active().select_related("user").order_by("pk"))
    members = _past_teams(context, plans, advisers, today) if advisers else 0
    members += _upcoming_teams(context, plans, today) if advisers else 0
    letters = _render_some_letters(context, plans)
    return f"{len(plans)} peer challenges, {members} team places, {letters} letter PDFs"


def _managers() -> dict[str, Any]:
    people = User.objects.filter(
        role__in=[Role.PROGRAMME_MANAGER, Role.PRINCIPAL_ADVISER], is_active=True
    ).order_by("pk")
    by_region: dict[int, User] = {}
    pm = None
    for user in people:
        if user.role == Role.PROGRAMME_MANAGER:
            pm = pm or user
        elif user.region_id and user.region_id not in by_region:
            by_region[user.region_id] = user
    return {"pm": pm, "pa": by_region}


def _statuses(context: DemoContext) -> list[str]:
    """One challenge in each status, then the rest in the programme's usual shares."""
    rest = context.count(100, minimum=len(Status.values)) - len(Status.values)
    total = sum(STATUS_WEIGHTS.values())
    shares = {status: rest * weight / total for status, weight in STATUS_WEIGHTS.items()}
    counts = {status: int(share) for status, share in shares.items()}
    # Largest remainders take the places that rounding down left over.
    by_remainder = sorted(shares, key=lambda s: shares[s] - counts[s], reverse=True)
    for status in by_remainder[: rest - sum(counts.values())]:
        counts[status] += 1
    extra = [status for status, count in counts.items() for _ in range(count)]
    context.rng.shuffle(extra)
    return list(Status.values) + extra


def _placed(inside: bool, period: tuple, placing: random.Random) -> dict[str, Any]:
    return {"within": period, "placing": placing} if inside else {}


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _on_site_start(rng: Any, status: str, today: datetime.date) -> datetime.date | None:
    this_week = _monday(today)
    weeks = {
        Status.REQUESTED: None,
        Status.SCOPING: (4, 20),
        Status.TEAM_CONFIRMED: (1, 10),
        Status.ON_SITE: (0, 0),
        Status.FEEDBACK_SENT: (-16, -4),
        Status.CLOSED: (-52 * YEARS, -30),
        Status.CANCELLED: (-52 * YEARS, 8),
    }[Status(status)]
    if weeks is None:
        return None
    return this_week + datetime.timedelta(weeks=rng.randint(*weeks))


def _plan(
    context: DemoContext,
    status: str,
    councils: list[Council],
    managers: dict,
    today: datetime.date,
    *,
    within: tuple[datetime.date, datetime.date] | None = None,
    placing: random.Random | None = None,
) -> Plan:
    rng = context.rng
    starts_on = _on_site_start(rng, status, today)
    if within:  # on site early enough for the letter (2 to 4 weeks on) to go in the period
        latest = (within[1] - within[0]).days - 60
        offset = placing.randint(0, latest) if placing else 0
        starts_on = _monday(within[0] + datetime.timedelta(days=7 + offset))
    anchor = starts_on or today - datetime.timedelta(days=rng.randint(3, 40))
    existing = [c for c in councils if c.existed_on(anchor)] or councils
    council = rng.choice(existing)
    requested_on = anchor - datetime.timedelta(weeks=rng.randint(10, 26)) if starts_on else anchor
    requested_on = min(requested_on, today)
    plan = Plan(
        council=council,
        status=status,
        requested_by=managers["pa"].get(council.region_id, managers["pm"]),
        requested_on=requested_on,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=rng.choice([2, 3, 3, 4]))
        if starts_on
        else None,
    )
    plan.steps = _steps(rng, plan, today)
    return plan


def _steps(rng: Any, plan: Plan, today: datetime.date) -> list[tuple[str, str, datetime.date]]:
    """The timeline: each step's from, to and date, ending in the plan's status."""
    start = plan.starts_on or today
    end = plan.ends_on or today
    dates = {
        Status.SCOPING: plan.requested_on + datetime.timedelta(days=rng.randint(5, 20)),
        Status.TEAM_CONFIRMED: start - datetime.timedelta(days=rng.randint(10, 35)),
        Status.ON_SITE: start,
        Status.FEEDBACK_SENT: end + datetime.timedelta(days=rng.randint(14, 30)),
        Status.CLOSED: end + datetime.timedelta(days=rng.randint(90, 180)),
    }
    if plan.status == Status.CANCELLED:
        # A challenge whose week has not come was cancelled before anyone went on site.
        furthest = 4 if plan.starts_on and plan.starts_on <= today else 3
        reached = PATH[: rng.randint(1, furthest)]
    elif plan.status in PATH:
        reached = PATH[: PATH.index(Status(plan.status)) + 1]
    else:
        reached = [*PATH, Status.FEEDBACK_SENT] + (
            [Status.CLOSED] if plan.status == "closed" else []
        )
    steps = [("", Status.REQUESTED, plan.requested_on)]
    for previous, status in zip(reached, reached[1:], strict=False):
        steps.append((previous, status, min(max(dates[status], steps[-1][2]), today)))
    if plan.status == Status.CANCELLED:
        when = min(steps[-1][2] + datetime.timedelta(days=rng.randint(3, 30)), today)
        steps.append((reached[-1], Status.CANCELLED, when))
    return steps


def _feature_demo_logins(plans: list[Plan], councils: list[Council], managers: dict) -> None:
    """The demo PA's region gets the challenges that need action; Camden a sent letter."""
    london = [c for c in councils if c.region.code == LONDON and c.is_current]
    camden = next((c for c in councils if c.gss_code == CAMDEN), None)
    firsts = {plan.status: plan for plan in reversed(plans)}
    for index, status in enumerate([Status.REQUESTED, Status.SCOPING, Status.TEAM_CONFIRMED]):
        if london:
            _move_to(firsts[status], london[(index * 7) % len(london)], managers)
    if camden is not None:
        _move_to(firsts[Status.FEEDBACK_SENT], camden, managers)


def _move_to(plan: Plan, council: Council, managers: dict) -> None:
    plan.council = council
    plan.requested_by = managers["pa"].get(council.region_id, managers["pm"])


def _save(context: DemoContext, plans: list[Plan]) -> None:
    rng = context.rng
    for plan in plans:
        plan.challenge = _challenge(rng, plan)
    PeerChallenge.objects.bulk_create([plan.challenge for plan in plans])  # type: ignore[misc]
    StatusChange.objects.bulk_create(
        StatusChange(
            challenge=plan.challenge,
            from_status=source,
            to_status=target,
            changed_by=plan.requested_by,
            changed_at=_at(day, 9 + index),
            note=rng.choice(CANCEL_REASONS) if target == Status.CANCELLED else "",
        )
        for plan in plans
        for index, (source, target, day) in enumerate(plan.steps)
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(min(hour, 17))))


def _challenge(rng: Any, plan: Plan) -> PeerChallenge:
    reached = {target for _, target, _ in plan.steps}
    scoped = Status.SCOPING in reached and (plan.status != Status.SCOPING or rng.random() < 0.6)
    sent = Status.FEEDBACK_SENT in reached
    return PeerChallenge(
        council=plan.council,
        requested_by=plan.requested_by,
        requested_on=plan.requested_on,
        request_notes=rng.choice(REQUESTS),
        status=plan.status,
        focus=rng.sample(Focus.values, rng.randint(1, 3)) if scoped else [],
        key_lines_of_enquiry="\n".join(rng.sample(ENQUIRIES, 2)) if scoped else "",
        on_site_starts_on=plan.starts_on if scoped or not plan.starts_on else None,
        on_site_ends_on=plan.ends_on if scoped or not plan.starts_on else None,
        funding=rng.choice(Funding.values) if scoped else "",
        strengths="\n\n".join(rng.sample(STRENGTHS, 2)) if sent else "",
        areas_for_consideration="\n\n".join(rng.sample(CONSIDERATIONS, 2)) if sent else "",
        recommendations="\n\n".join(rng.sample(RECOMMENDATIONS, 2)) if sent else "",
        letter_written_at=_at(plan.steps[-1][2], 9) if sent else None,
        letter_sent_at=_at(_step_day(plan, Status.FEEDBACK_SENT), 10) if sent else None,
        follow_up_on=_follow_up_on(rng, plan),
        follow_up_notes="Good progress on the recommendations." if plan.status == "closed" else "",
    )


def _follow_up_on(rng: Any, plan: Plan) -> datetime.date | None:
    """Closed challenges had their follow-up; about half of those with feedback sent have
    booked it."""
    if plan.status == Status.CLOSED:
        return _step_day(plan, Status.CLOSED)
    sent_on = _step_day(plan, Status.FEEDBACK_SENT)
    if plan.status == Status.FEEDBACK_SENT and sent_on and rng.random() < 0.5:
        return sent_on + datetime.timedelta(weeks=rng.randint(10, 16))
    return None


def _step_day(plan: Plan, status: str) -> datetime.date | None:
    return next((day for _, target, day in plan.steps if target == status), None)


def _past_teams(
    context: DemoContext, plans: list[Plan], advisers: list[Adviser], today: datetime.date
) -> int:
    """Teams for challenges already under way or done, asking the least recently used first."""
    rng = context.rng
    leads = _lead_accredited(advisers)
    last_used: dict[int, datetime.date] = defaultdict(lambda: datetime.date.min)
    places = []
    for plan in sorted(plans, key=lambda p: p.starts_on or today):
        challenge = plan.challenge
        if not _has_past_team(plan, today) or challenge is None:
            continue
        home = plan.council.pk
        pool = [a for a in advisers if home not in (a.home_council_id, a.user.council_id)]
        pool.sort(key=lambda a: (last_used[a.pk], rng.random()))
        chosen = pool[: rng.choice([4, 4, 5])]
        lead = next((a for a in chosen if a.pk in leads), chosen[0] if chosen else None)
        for adviser in chosen:
            role = TeamRole.LEAD_PEER if adviser is lead else _other_role(rng, adviser, chosen)
            confirmed = _at(plan.starts_on - datetime.timedelta(days=20), 12)  # type: ignore[operator]
            places.append(
                TeamMember(
                    challenge=challenge,
                    adviser=adviser,
                    role=role,
                    added_by=plan.requested_by,
                    confirmed_at=confirmed,
                )
            )
            last_used[adviser.pk] = plan.starts_on  # type: ignore[assignment]
    TeamMember.objects.bulk_create(places)
    return len(places)


def _has_past_team(plan: Plan, today: datetime.date) -> bool:
    if plan.starts_on is None or plan.starts_on > today:
        return False
    reached = {target for _, target, _ in plan.steps}
    return Status.TEAM_CONFIRMED in reached and plan.challenge.on_site_starts_on is not None  # type: ignore[union-attr]


def _other_role(rng: Any, adviser: Adviser, chosen: list[Adviser]) -> str:
    if adviser is chosen[-1] and len(chosen) == 5:
        return TeamRole.SHADOW
    if adviser is chosen[1]:
        return TeamRole.COUNCILLOR_PEER
    return TeamRole.MEMBER_PEER


def _lead_accredited(advisers: list[Adviser]) -> set[int]:
    return set(
        Accreditation.objects.filter(
            adviser__in=advisers, kind=Accreditation.Kind.PEER_CHALLENGE_LEAD
        ).values_list("adviser_id", flat=True)
    )


def _upcoming_teams(context: DemoContext, plans: list[Plan], today: datetime.date) -> int:
    """Teams for challenges still to come, from the portal's own fair proposals."""
    made = 0
    upcoming = [
        p
        for p in plans
        if p.status in (Status.SCOPING, Status.TEAM_CONFIRMED)
        and p.challenge is not None
        and p.challenge.has_on_site_dates
    ]
    for plan in sorted(upcoming, key=lambda p: p.starts_on):  # type: ignore[arg-type,return-value]
        made += _propose_team(context, plan)
    made += _ask_demo_associate(plans)
    return made


def _propose_team(context: DemoContext, plan: Plan) -> int:
    challenge = plan.challenge
    proposals = eligibility.proposals(challenge)  # type: ignore[arg-type]
    size = 4 if plan.status == Status.TEAM_CONFIRMED else context.rng.randint(0, 3)
    chosen = proposals[:size]
    lead = next((p for p in chosen if p.can_lead), None)
    confirmed = plan.status == Status.TEAM_CONFIRMED
    places = [
        TeamMember(
            challenge=challenge,
            adviser=p.adviser,
            role=TeamRole.LEAD_PEER if p is lead else TeamRole.MEMBER_PEER,
            added_by=plan.requested_by,
            confirmed_at=timezone.now() if confirmed or context.rng.random() < 0.5 else None,
        )
        for p in chosen
    ]
    TeamMember.objects.bulk_create(places)
    return len(places)


def _ask_demo_associate(plans: list[Plan]) -> int:
    """The demo associate is asked onto an upcoming team, so they have a place to confirm."""
    adviser = Adviser.objects.filter(user__email=DEMO_ASSOCIATE).first()
    if adviser is None:
        return 0
    candidates = [
        plan
        for plan in plans
        if plan.status == Status.SCOPING
        and plan.challenge is not None
        and plan.challenge.has_on_site_dates
        and plan.council.pk not in (adviser.home_council_id, adviser.user.council_id)
        and not plan.challenge.team.filter(adviser=adviser).exists()
    ]
    if not candidates:
        return 0
    # A challenge the associate may rightly join, if the register allows one.
    fitting = [
        plan
        for plan in candidates
        if not eligibility.rule_breaches(plan.challenge, adviser, TeamRole.MEMBER_PEER)  # type: ignore[arg-type]
    ]
    plan = (fitting or candidates)[0]
    TeamMember.objects.create(
        challenge=plan.challenge,
        adviser=adviser,
        role=TeamRole.MEMBER_PEER,
        added_by=plan.requested_by,
    )
    return 1


def _render_some_letters(context: DemoContext, plans: list[Plan]) -> int:
    """PDFs for Camden's letter and the most recent few (the rest can be prepared on demand)."""
    sent = [p.challenge for p in plans if p.challenge and p.challenge.letter_sent_at]
    sent.sort(key=lambda c: (c.council.gss_code != CAMDEN, -c.letter_sent_at.timestamp()))  # type: ignore[union-attr]
    rendered = 0
    for challenge in sent[: context.count(4)]:
        PeerChallenge.objects.filter(pk=challenge.pk).update(
            letter_status=PeerChallenge.LetterStatus.PREPARING, letter_revision=1
        )
        rendered += services.render_feedback_letter(challenge_id=challenge.pk, revision=1)
    return rendered
