"""Demo data for mentoring: a pool of councillor peers and years of requests and matches.

At scale 1: 300 mentors and 500 matches (about 55% completed, 20% active, 5% accepted, 8%
proposed and 12% declined), with sessions and feedback. Capacity and the own-council rule hold
for every live match, as they would in the portal. The demo councillor gets an active match.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from councils.models import Council
from improvement_portal.demo import DemoContext, last_financial_year
from mentoring import matching
from mentoring.models import (
    Experience,
    Match,
    Mentor,
    MentoringFeedback,
    MentoringRequest,
    MentoringSession,
    PoliticalGroup,
)

MENTOR_DOMAIN = "mentors.example.org"
MENTEE_DOMAIN = "councillors.example.org"
DEMO_COUNCILLOR = "councillor@example.org"

GROUP_WEIGHTS = {
    PoliticalGroup.CONSERVATIVE: 34,
    PoliticalGroup.LABOUR: 36,
    PoliticalGroup.LIBERAL_DEMOCRAT: 15,
    PoliticalGroup.GREEN: 5,
    PoliticalGroup.INDEPENDENT: 8,
    PoliticalGroup.OTHER: 2,
}
KIND_WEIGHTS = {
    MentoringRequest.Kind.DEFINED_PERIOD: 45,
    MentoringRequest.Kind.NEW_PORTFOLIO_HOLDER: 35,
    MentoringRequest.Kind.SOUNDING_BOARD: 20,
}
# Final status of each request's last match; a share of requests had a decline first.
MATCHES_IN_PERIOD = 3
OUTCOME_WEIGHTS = {
    Match.Status.COMPLETED: 62,
    Match.Status.ACTIVE: 23,
    Match.Status.ACCEPTED: 6,
    Match.Status.PROPOSED: 9,
}
DECLINED_SHARE = 0.12
OPEN_SHARE = 0.05
FIRST_NAMES = [
    "Amira", "Ben", "Carol", "Dev", "Eleanor", "Farid", "Grace", "Harjit", "Imogen", "James",
    "Kemi", "Liam", "Maria", "Nadia", "Owen", "Priti", "Rachel", "Sam", "Tom", "Uzma",
    "Vikram", "Wendy", "Yusuf", "Zoe",
]  # fmt: skip
LAST_NAMES = [
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Morgan", "Norris", "Osei", "Patel", "Quinn", "Roberts", "Singh",
    "Taylor", "Walker", "Young",
]  # fmt: skip
NEEDS = [
    "I have just taken on the children's services portfolio and want to understand what good "
    "looks like, and how to challenge the service constructively.",
    "Our last Ofsted judgement was requires improvement. I would value someone who has led a "
    "council through improvement to talk through our plan.",
    "Preparing for scrutiny of our improvement plan and working with a new director of "
    "children's services.",
    "Corporate parenting: getting the whole council to take its responsibilities to children in "
    "care seriously.",
    "A sounding board as we respond to rising demand and overspends on placements.",
    "Support with special educational needs and the high-needs budget.",
]
SESSION_NOTES = [
    "Talked through the improvement board agenda and the questions to ask of the data.",
    "Discussed the relationship with the director and how to hold the service to account.",
    "Went through the Ofsted report and what the council's response should prioritise.",
    "Shared how our corporate parenting panel works and what changed outcomes for care leavers.",
    "Practised questions for the next scrutiny session on the improvement plan.",
    "",
]


@dataclass
class PoolMentor:
    mentor: Mentor
    name: str
    experience: frozenset[str]
    live: int = 0
    tried: set[int] = field(default_factory=set)

    def facts(self, live: int | None = None) -> matching.MentorFacts:
        return matching.MentorFacts(
            mentor_id=self.mentor.pk,
            name=self.name,
            council_id=self.mentor.council_id,
            region_id=self.mentor.region_id,
            political_group=self.mentor.political_group,
            experience=self.experience,
            capacity=self.mentor.capacity,
            live_matches=self.live if live is None else live,
            is_active=self.mentor.is_active,
        )


def _weighted(rng: Any, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _name(rng: Any) -> str:
    return f"Cllr {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _councillors(rng: Any, councils: list[Council], count: int, domain: str) -> list[User]:
    people = []
    for number in range(count):
        council = rng.choice(councils)
        person = User(
            email=f"cllr{number:04d}@{domain}",
            full_name=_name(rng),
            role=Role.COUNCILLOR,
            council=council,
            region_id=council.region_id,
        )
        person.set_unusable_password()
        people.append(person)
    return User.objects.bulk_create(people)


def _mentors(rng: Any, users: list[User]) -> list[PoolMentor]:
    mentors = [
        Mentor(
            user=user,
            council_id=user.council_id,
            region_id=user.region_id,
            political_group=_weighted(rng, GROUP_WEIGHTS),
            experience=sorted(rng.sample(Experience.values, rng.randint(1, 4))),
            capacity=rng.choice([1, 2, 2, 3, 3, 4]),
            is_active=rng.random() < 0.9,
        )
        for user in users
    ]
    Mentor.objects.bulk_create(mentors)
    return [
        PoolMentor(mentor=m, name=u.full_name, experience=frozenset(m.experience))
        for m, u in zip(mentors, users, strict=True)
    ]


def _pick(rng: Any, pool: list[PoolMentor], request: MentoringRequest, live: bool) -> PoolMentor:
    """A mentor as a programme manager would choose: usually the same group, never the mentee's
    council, and for a live match one who is active with a place free."""
    same_group = [p for p in pool if p.mentor.political_group == request.political_group]
    for attempt in range(200):
        source = same_group if same_group and attempt < 100 and rng.random() < 0.7 else pool
        choice = rng.choice(source)
        if choice.mentor.council_id == request.council_id or request.pk in choice.tried:
            continue
        if live and (not choice.mentor.is_active or choice.live >= choice.mentor.capacity):
            continue
        return choice
    raise RuntimeError("The demo mentor pool is too small for the matches asked for.")


def _request_dates(rng: Any, outcome: str, today: datetime.date) -> dict[str, datetime.date]:
    days = datetime.timedelta
    if outcome == Match.Status.COMPLETED:
        requested = today - days(rng.randint(430, 2100))
        return _completed(rng, requested, lasting=(90, 365), ends_by=today - days(1))
    if outcome == Match.Status.ACTIVE:
        requested = today - days(rng.randint(60, 330))
        proposed = requested + days(rng.randint(3, 15))
        responded = proposed + days(rng.randint(1, 7))
        started = responded + days(rng.randint(5, 20))
        return {
            "requested": requested,
            "proposed": proposed,
            "responded": responded,
            "started": started,
        }
    if outcome == Match.Status.ACCEPTED:
        requested = today - days(rng.randint(15, 45))
        proposed = requested + days(rng.randint(3, 7))
        return {"requested": requested, "proposed": proposed, "responded": proposed + days(2)}
    requested = today - days(rng.randint(5, 30))
    return {"requested": requested, "proposed": requested + days(rng.randint(1, 4))}


def _completed(
    rng: Any, requested: datetime.date, *, lasting: tuple[int, int], ends_by: datetime.date
) -> dict[str, datetime.date]:
    """The dates of a match requested on ``requested`` that ran its course by ``ends_by``."""
    days = datetime.timedelta
    proposed = requested + days(rng.randint(3, 20))
    responded = proposed + days(rng.randint(1, 10))
    started = responded + days(rng.randint(5, 20))
    completed = min(started + days(rng.randint(*lasting)), ends_by)
    return {
        "requested": requested,
        "proposed": proposed,
        "responded": responded,
        "started": started,
        "completed": completed,
    }


def _dates_in_period(
    rng: Any, period: tuple[datetime.date, datetime.date]
) -> dict[str, datetime.date]:
    """A match made and completed inside ``period`` (the report form's first period)."""
    requested = period[0] + datetime.timedelta(days=rng.randint(0, 120))
    return _completed(rng, requested, lasting=(60, 180), ends_by=period[1])


REQUEST_STATUS = {
    Match.Status.COMPLETED: MentoringRequest.Status.COMPLETED,
    Match.Status.ACTIVE: MentoringRequest.Status.MATCHED,
    Match.Status.ACCEPTED: MentoringRequest.Status.MATCHED,
    Match.Status.PROPOSED: MentoringRequest.Status.OPEN,
    None: MentoringRequest.Status.OPEN,
}


def _requests(
    rng: Any,
    mentees: list[User],
    outcomes: list[str | None],
    manager: User | None,
    today: datetime.date,
) -> list[tuple[MentoringRequest, str | None, dict[str, datetime.date]]]:
    planned = []
    in_period = 0
    for mentee, outcome in zip(mentees, outcomes, strict=True):
        if outcome is None:
            dates = {"requested": today - datetime.timedelta(days=rng.randint(0, 20))}
        elif outcome == Match.Status.COMPLETED and in_period < MATCHES_IN_PERIOD:
            dates = _dates_in_period(rng, last_financial_year(today))
            in_period += 1
        else:
            dates = _request_dates(rng, outcome, today)
        on_behalf = manager is not None and rng.random() < 0.2
        request = MentoringRequest(
            mentee=mentee,
            council_id=mentee.council_id,
            kind=_weighted(rng, KIND_WEIGHTS),
            political_group=_weighted(rng, GROUP_WEIGHTS),
            performance_concern=rng.random() < 0.3,
            needs=rng.choice(NEEDS),
            status=REQUEST_STATUS[outcome],
            requested_on=dates["requested"],
            requested_by=manager if on_behalf else mentee,
        )
        planned.append((request, outcome, dates))
    MentoringRequest.objects.bulk_create([request for request, _, _ in planned])
    return planned


def _facts(request: MentoringRequest, region_ids: dict[int, int]) -> matching.RequestFacts:
    return matching.RequestFacts(
        council_id=request.council_id,
        region_id=region_ids[request.council_id],
        political_group=request.political_group,
        kind=request.kind,
        performance_concern=request.performance_concern,
    )


def _match(
    request: MentoringRequest,
    chosen: PoolMentor,
    status: str,
    proposer: User,
    facts: matching.RequestFacts,
    dates: dict[str, datetime.date],
) -> Match:
    live = chosen.live if status in Match.LIVE_STATUSES else 0
    suggestion = matching.score_mentor(facts, chosen.facts(live=live))
    chosen.tried.add(request.pk)
    if status in Match.LIVE_STATUSES:
        chosen.live += 1
    return Match(
        request=request,
        mentor=chosen.mentor,
        status=status,
        score=suggestion.score,
        reasons=list(suggestion.reasons),
        proposed_by=proposer,
        proposed_on=dates["proposed"],
        responded_on=dates.get("responded"),
        started_on=dates.get("started"),
        completed_on=dates.get("completed"),
        decline_reason="Not able to take on a mentee at the moment."
        if status == Match.Status.DECLINED
        else "",
    )


def _sessions(rng: Any, matches: list[Match], today: datetime.date) -> list[MentoringSession]:
    sessions = []
    for match in matches:
        if match.started_on is None:
            continue
        end = match.completed_on or today
        span = max(1, (end - match.started_on).days)
        count = rng.randint(3, 8) if match.status == Match.Status.COMPLETED else rng.randint(1, 4)
        for _ in range(count):
            sessions.append(
                MentoringSession(
                    match=match,
                    held_on=match.started_on + datetime.timedelta(days=rng.randint(0, span)),
                    duration_minutes=rng.choice([45, 60, 60, 90]),
                    private_notes=rng.choice(SESSION_NOTES),
                    logged_by=match.mentor.user,
                )
            )
    return sessions


def _feedback(rng: Any, matches: list[Match]) -> list[MentoringFeedback]:
    given = []
    for match in matches:
        if match.status != Match.Status.COMPLETED or rng.random() > 0.75:
            continue
        rating = rng.choice([5, 5, 4, 4, 4, 3, 2])
        given.append(
            MentoringFeedback(
                match=match,
                rating=rating,
                would_recommend=rating >= 3 or rng.random() < 0.2,
                comments=rng.choice(
                    ["", "", "Really valuable to talk to someone who had been there."]
                ),
            )
        )
    return given


def _declined_dates(rng: Any, request: MentoringRequest, final_proposed: datetime.date) -> dict:
    gap = max(0, (final_proposed - request.requested_on).days)
    responded = request.requested_on + datetime.timedelta(days=min(rng.randint(1, 2), gap))
    return {"proposed": request.requested_on, "responded": responded}


def _plan_matches(
    rng: Any,
    planned: list[tuple[MentoringRequest, str | None, dict[str, datetime.date]]],
    pool: list[PoolMentor],
    declined: int,
    manager: User,
    region_ids: dict[int, int],
) -> list[Match]:
    with_outcome = [index for index, (_, outcome, _) in enumerate(planned) if outcome]
    declined_first = set(rng.sample(with_outcome, min(declined, len(with_outcome))))
    matches = []
    for index, (request, outcome, dates) in enumerate(planned):
        if outcome is None:
            continue
        facts = _facts(request, region_ids)
        if index in declined_first:
            chosen = _pick(rng, pool, request, live=False)
            when = _declined_dates(rng, request, dates["proposed"])
            matches.append(_match(request, chosen, Match.Status.DECLINED, manager, facts, when))
        live = outcome in Match.LIVE_STATUSES
        chosen = _pick(rng, pool, request, live=live)
        matches.append(_match(request, chosen, outcome, manager, facts, dates))
    return Match.objects.bulk_create(matches)


def _demo_councillor(
    rng: Any,
    pool: list[PoolMentor],
    manager: User,
    region_ids: dict[int, int],
    today: datetime.date,
) -> int:
    """Give the demo councillor an active match with the top suggestion, and two sessions."""
    user = User.objects.filter(email=DEMO_COUNCILLOR, council__isnull=False).first()
    if user is None or MentoringRequest.objects.filter(mentee=user).exists():
        return 0
    days = datetime.timedelta
    request = MentoringRequest.objects.create(
        mentee=user,
        council_id=user.council_id,
        kind=MentoringRequest.Kind.NEW_PORTFOLIO_HOLDER,
        political_group=PoliticalGroup.LABOUR,
        performance_concern=True,
        needs=NEEDS[1],
        status=MentoringRequest.Status.MATCHED,
        requested_on=today - days(70),
        requested_by=user,
    )
    facts = _facts(request, region_ids)
    best = matching.suggest_mentors(facts, [p.facts() for p in pool])[0]
    chosen = next(p for p in pool if p.mentor.pk == best.mentor.mentor_id)
    dates = {
        "proposed": today - days(65),
        "responded": today - days(62),
        "started": today - days(50),
    }
    match = _match(request, chosen, Match.Status.ACTIVE, manager, facts, dates)
    match.save()
    MentoringSession.objects.bulk_create(
        MentoringSession(
            match=match,
            held_on=today - days(ago),
            duration_minutes=60,
            private_notes=SESSION_NOTES[ago % 3],
            logged_by=chosen.mentor.user,
        )
        for ago in (50, 21)
    )
    return 1


@transaction.atomic
def seed(context: DemoContext) -> str:
    if Mentor.objects.filter(user__email__endswith=f"@{MENTOR_DOMAIN}").exists():
        return "already present"
    manager = User.objects.filter(role=Role.PROGRAMME_MANAGER).order_by("pk").first()
    councils = list(Council.objects.current().order_by("gss_code"))
    if manager is None or len(councils) < 2:
        return "skipped: needs councils and a programme manager"
    rng, today = context.rng, timezone.localdate()
    region_ids = {council.pk: council.region_id for council in councils}
    match_count = context.count(500)
    declined = round(match_count * DECLINED_SHARE)
    outcomes: list[str | None] = [
        _weighted(rng, OUTCOME_WEIGHTS) for _ in range(match_count - declined)
    ]
    # Enough completed matches for the report form's first period to show some.
    outcomes[:MATCHES_IN_PERIOD] = [Match.Status.COMPLETED] * MATCHES_IN_PERIOD
    outcomes += [None] * context.count(round(500 * OPEN_SHARE))
    pool = _mentors(rng, _councillors(rng, councils, context.count(300), MENTOR_DOMAIN))
    mentees = _councillors(rng, councils, len(outcomes), MENTEE_DOMAIN)
    planned = _requests(rng, mentees, outcomes, manager, today)
    matches = _plan_matches(rng, planned, pool, declined, manager, region_ids)
    sessions = MentoringSession.objects.bulk_create(_sessions(rng, matches, today))
    feedback = MentoringFeedback.objects.bulk_create(_feedback(rng, matches))
    extra = _demo_councillor(rng, pool, manager, region_ids, today)
    return (
        f"{len(pool)} mentors, {len(planned)} requests, {len(matches) + extra} matches, "
        f"{len(sessions)} sessions, {len(feedback)} feedback"
    )
