"""Demo advisers, accreditations, availability, engagements and support requests.

Scale 1 gives about 60 advisers and 20,000 engagements over the last 10 years, weighted toward
councils Ofsted judged requires improvement or inadequate at the time. Dates count back from
today, so the dashboards have recent contact to work with; the same seed on the same day gives
the same data.
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from advisers.models import (
    Accreditation,
    Adviser,
    Availability,
    Engagement,
    SupportRequest,
    SupportRequestEvent,
)
from councils.models import Council, OfstedInspection, Region
from demo import DemoContext

# The demo logins get their adviser profiles here.
AFTER = ("councils", "accounts")


DEMO_DOMAIN = "advisers.demo.example.org"
YEARS = 10
FIRST_NAMES = [
    "Aisha", "Ben", "Carys", "Dev", "Elaine", "Farid", "Grace", "Harj", "Imogen", "Jonah",
    "Kiran", "Laura", "Marcus", "Nadia", "Owen", "Pria", "Quentin", "Rosa", "Sanjay", "Tess",
    "Uma", "Victor", "Wendy", "Xavier", "Yasmin", "Zac",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Brennan", "Chowdhury", "Doyle", "Ellis", "Fraser", "Gill", "Hughes", "Iqbal",
    "Jones", "Kaur", "Lambert", "Mensah", "Nolan", "O'Connor", "Patel", "Quinn", "Reid",
    "Shah", "Thompson", "Usman", "Vaughan", "Walsh", "Young",
]  # fmt: skip
# How much more often a council is visited, by its Ofsted grade at the time.
GRADE_WEIGHT = {4: 8.0, 3: 4.0, 2: 1.0, 1: 0.4, None: 1.0}
DAYS = [Decimal("0.5"), Decimal("1"), Decimal("1.5"), Decimal("2"), Decimal("3"), Decimal("5")]
DAYS_WEIGHTS = [30, 35, 12, 12, 8, 3]
ACTIVITIES = Engagement.Activity.values
ACTIVITY_WEIGHTS = [8, 20, 25, 15, 12, 12, 8]
SUMMARIES = [
    "Met the director of children's services to review the improvement plan.",
    "Attended the improvement board; progress on the front door discussed.",
    "Briefed the lead member ahead of scrutiny committee.",
    "Workshop with senior leaders on quality assurance of social work practice.",
    "Reviewed case files with the principal social worker.",
    "Diagnostic of the multi-agency safeguarding hub.",
    "Advice on workforce stability and agency social worker spend.",
    "Follow-up conversation on the self-assessment before inspection.",
    "Peer support for the new director in their first 100 days.",
    "Session with the chief executive on corporate parenting.",
]
NOTES = [
    "The DCS is considering leaving; keep an eye on leadership stability.",
    "Political tension between the leader and the lead member.",
    "Budget overspend is larger than reported to members.",
    "Concern about the quality of management oversight in the assessment teams.",
]


def seed(context: DemoContext) -> str:
    if User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return "advisers already seeded"
    today = timezone.localdate()
    regions = list(Region.objects.order_by("code"))
    councils = list(Council.objects.order_by("gss_code"))
    if not regions or not councils:
        return "no councils to advise (load the councils first)"
    grades = _grade_timelines()
    people = _make_people(context, regions, councils)
    advisers = _make_profiles(context, people, regions, councils, grades, today)
    _make_accreditations_and_availability(context, advisers, today)
    count = _make_engagements(context, advisers, councils, grades, today)
    requests = _make_support_requests(context, advisers, councils, today)
    return f"{len(advisers)} advisers, {count} engagements, {requests} support requests"


def _name(rng: Any, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in used:
            used.add(name)
            return name


def _make_people(
    context: DemoContext, regions: list[Region], councils: list[Council]
) -> list[tuple[User, str]]:
    """Bulk users who cannot log in: a PA per region, CIAs, prime associates and associates."""
    rng = context.rng
    current = [c for c in councils if c.active_to is None]
    plan: list[tuple[str, str, Region | None, Council | None]] = []
    plan += [(Role.PRINCIPAL_ADVISER, Adviser.Kind.PRINCIPAL_ADVISER, r, None) for r in regions]
    for i in range(max(len(regions), context.count(22))):
        plan.append(
            (
                Role.IMPROVEMENT_ADVISER,
                Adviser.Kind.IMPROVEMENT_ADVISER,
                regions[i % len(regions)],
                None,
            )
        )
    for i in range(max(6, context.count(29))):
        home = rng.choice(current)
        kind = Adviser.Kind.PRIME_ASSOCIATE if i % 5 == 0 else Adviser.Kind.ASSOCIATE
        plan.append((Role.ASSOCIATE, kind, home.region, home))
    used = set(User.objects.values_list("full_name", flat=True))
    users = []
    for n, (role, _kind, region, council) in enumerate(plan, start=1):
        user = User(
            email=f"{role.replace('_', '.')}.{n}@{DEMO_DOMAIN}",
            full_name=_name(rng, used),
            role=role,
            region=region,
            council=council,
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users)
    saved = {u.email: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    return [(saved[u.email], kind) for u, (_r, kind, _g, _c) in zip(users, plan, strict=True)]


def _make_profiles(
    context: DemoContext,
    people: list[tuple[User, str]],
    regions: list[Region],
    councils: list[Council],
    grades: dict[int, list[tuple[datetime.date, int]]],
    today: datetime.date,
) -> list[Adviser]:
    rng = context.rng
    specialisms = Adviser.Specialism.values
    profiles = [
        Adviser(
            user=user,
            kind=kind,
            region_id=user.region_id,
            home_council_id=user.council_id,
            specialisms=rng.sample(specialisms, rng.randint(1, 3)),
            skills="Former director of children's services." if rng.random() < 0.3 else "",
        )
        for user, kind in people
    ]
    Adviser.objects.bulk_create(profiles)
    advisers = list(
        Adviser.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").select_related("user")
    )
    _assign_councils(context, advisers, councils, grades, today)
    # The demo logins made by demo.accounts get their profiles through onboarding.
    demo = list(
        Adviser.objects.exclude(user__email__endswith=f"@{DEMO_DOMAIN}").select_related("user")
    )
    for adviser in demo:
        if adviser.kind == Adviser.Kind.IMPROVEMENT_ADVISER and adviser.region_id:
            in_region = _needy_first(
                [c for c in councils if c.region_id == adviser.region_id and c.active_to is None],
                grades,
                today,
            )
            adviser.councils.add(*in_region[:4])
    return advisers + demo


def _needy_first(
    councils: list[Council],
    grades: dict[int, list[tuple[datetime.date, int]]],
    today: datetime.date,
) -> list[Council]:
    return sorted(
        councils, key=lambda c: (-GRADE_WEIGHT[_grade_on(grades, c.pk, today)], c.gss_code)
    )


def _assign_councils(
    context: DemoContext,
    advisers: list[Adviser],
    councils: list[Council],
    grades: dict[int, list[tuple[datetime.date, int]]],
    today: datetime.date,
) -> None:
    """Each CIA gets 2 to 5 councils in their region, the most in need first."""
    by_region: dict[int, list[Council]] = defaultdict(list)
    for council in councils:
        if council.active_to is None:
            by_region[council.region_id].append(council)
    links = []
    taken: dict[int, int] = defaultdict(int)
    for adviser in advisers:
        if adviser.kind != Adviser.Kind.IMPROVEMENT_ADVISER or adviser.region_id is None:
            continue
        pool = _needy_first(by_region[adviser.region_id], grades, today)
        start = taken[adviser.region_id]
        size = context.rng.randint(2, 5)
        chosen = (pool[start:] + pool[:start])[:size]
        taken[adviser.region_id] = (start + size) % max(1, len(pool))
        links += [Adviser.councils.through(adviser=adviser, council=c) for c in chosen]
    Adviser.councils.through.objects.bulk_create(links, ignore_conflicts=True)


def _make_accreditations_and_availability(
    context: DemoContext, advisers: list[Adviser], today: datetime.date
) -> None:
    rng = context.rng
    kinds = list(Accreditation.Kind)
    accreditations, availability = [], []
    for adviser in advisers:
        if adviser.kind == Adviser.Kind.PRINCIPAL_ADVISER:
            held = [Accreditation.Kind.DIAGNOSTIC] if rng.random() < 0.5 else []
        elif adviser.kind == Adviser.Kind.IMPROVEMENT_ADVISER:
            held = [
                Accreditation.Kind.IMPROVEMENT_ADVISER,
                *rng.sample(kinds[:3], rng.randint(0, 1)),
            ]
        else:
            held = rng.sample(kinds[:3], rng.randint(1, 2))
        for kind in held:
            awarded = today - datetime.timedelta(days=rng.randint(30, 1400))
            accreditations.append(
                Accreditation(
                    adviser=adviser,
                    kind=kind,
                    awarded_on=awarded,
                    expires_on=awarded + datetime.timedelta(days=3 * 365),
                )
            )
        if (
            adviser.kind in (Adviser.Kind.ASSOCIATE, Adviser.Kind.PRIME_ASSOCIATE)
            or rng.random() < 0.3
        ):
            start = today + datetime.timedelta(days=rng.randint(-20, 40))
            for _ in range(rng.randint(1, 3)):
                length = rng.randint(14, 90)
                availability.append(
                    Availability(
                        adviser=adviser,
                        starts_on=start,
                        ends_on=start + datetime.timedelta(days=length),
                        days_available=rng.randint(2, min(15, length)),
                        notes=rng.choice(["", "", "Not Fridays.", "Prefer the north of England."]),
                    )
                )
                start += datetime.timedelta(days=length + rng.randint(7, 45))
    Accreditation.objects.bulk_create(accreditations)
    Availability.objects.bulk_create(availability)


def _grade_timelines() -> dict[int, list[tuple[datetime.date, int]]]:
    """Each council's overall-effectiveness grades by publication date, oldest first."""
    timelines: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    rows = (
        OfstedInspection.objects.filter(overall_effectiveness__isnull=False)
        .annotate(when=Coalesce("published_on", "inspected_on"))
        .filter(when__isnull=False)
        .order_by("council_id", "when")
        .values_list("council_id", "when", "overall_effectiveness")
    )
    for council_id, when, grade in rows:
        if grade is not None:  # filtered out above; the ORM's types do not know it
            timelines[council_id].append((when, grade))
    return timelines


def _grade_on(
    grades: dict[int, list[tuple[datetime.date, int]]], council_id: int, day: datetime.date
) -> int | None:
    timeline = grades.get(council_id, [])
    index = bisect.bisect_right(timeline, (day, 9)) - 1
    return timeline[index][1] if index >= 0 else None


def _make_engagements(
    context: DemoContext,
    advisers: list[Adviser],
    councils: list[Council],
    grades: dict[int, list[tuple[datetime.date, int]]],
    today: datetime.date,
) -> int:
    rng = context.rng
    total = context.count(20_000, minimum=50)
    start = today - datetime.timedelta(days=YEARS * 365)
    staff = [
        a
        for a in advisers
        if a.kind in (Adviser.Kind.PRINCIPAL_ADVISER, Adviser.Kind.IMPROVEMENT_ADVISER)
    ]
    pas = {
        a.region_id: a
        for a in staff
        if a.kind == Adviser.Kind.PRINCIPAL_ADVISER and a.region_id is not None
    }
    assigned: dict[int, list[Adviser]] = defaultdict(list)
    for link in Adviser.councils.through.objects.filter(adviser__in=staff):
        assigned[link.council_id].append(next(a for a in staff if a.pk == link.adviser_id))
    weights_by_year = _weights_by_year(councils, grades, start, today)
    engagements = []
    for _ in range(total):
        day = start + datetime.timedelta(days=rng.randint(0, (today - start).days))
        candidates, cumulative = weights_by_year[day.year]
        council = rng.choices(candidates, cum_weights=cumulative)[0]
        if not council.existed_on(day):
            continue
        engagements.append(_engagement(rng, council, day, today, assigned, pas, staff, grades))
    Engagement.objects.bulk_create(engagements, batch_size=2000)
    return len(engagements)


def _weights_by_year(
    councils: list[Council],
    grades: dict[int, list[tuple[datetime.date, int]]],
    start: datetime.date,
    today: datetime.date,
) -> dict[int, tuple[list[Council], list[float]]]:
    result = {}
    for year in range(start.year, today.year + 1):
        middle = datetime.date(year, 7, 1)
        alive = [
            c for c in councils if c.existed_on(middle) or c.existed_on(datetime.date(year, 1, 1))
        ]
        cumulative, running = [], 0.0
        for council in alive:
            running += GRADE_WEIGHT[_grade_on(grades, council.pk, middle)]
            cumulative.append(running)
        result[year] = (alive, cumulative)
    return result


def _engagement(
    rng: Any,
    council: Council,
    day: datetime.date,
    today: datetime.date,
    assigned: dict[int, list[Adviser]],
    pas: dict[int, Adviser],
    staff: list[Adviser],
    grades: dict[int, list[tuple[datetime.date, int]]],
) -> Engagement:
    if assigned.get(council.pk) and rng.random() < 0.7:
        adviser = rng.choice(assigned[council.pk])
    else:
        adviser = pas.get(council.region_id) or rng.choice(staff)
    is_pa = adviser.kind == Adviser.Kind.PRINCIPAL_ADVISER
    strand = rng.choices(Engagement.Strand.values, weights=[6, 2, 1, 1] if is_pa else [1, 8, 1, 1])[
        0
    ]
    grade = _grade_on(grades, council.pk, day)
    follow_up = None
    if rng.random() < 0.15:
        follow_up = day + datetime.timedelta(days=rng.randint(14, 75))
    return Engagement(
        council=council,
        adviser=adviser,
        date=day,
        days=rng.choices(DAYS, weights=DAYS_WEIGHTS)[0],
        strand=strand,
        activity=rng.choices(ACTIVITIES, weights=ACTIVITY_WEIGHTS)[0],
        funding=rng.choices(Engagement.Funding.values, weights=[70, 20, 10])[0],
        commissioned_by_dfe=grade == 4 and rng.random() < 0.4,
        summary=rng.choice(SUMMARIES),
        confidential_notes=rng.choice(NOTES) if rng.random() < 0.2 else "",
        follow_up_on=follow_up,
        created_by_id=adviser.user_id,
    )


def _make_support_requests(
    context: DemoContext, advisers: list[Adviser], councils: list[Council], today: datetime.date
) -> int:
    rng = context.rng
    pas = {a.region_id: a for a in advisers if a.kind == Adviser.Kind.PRINCIPAL_ADVISER}
    current = [c for c in councils if c.active_to is None]
    pool = [a for a in advisers if a.kind != Adviser.Kind.PRINCIPAL_ADVISER]
    order = list(SupportRequest.Status.values)
    requests, statuses = [], []
    for _ in range(context.count(40, minimum=5)):
        council = rng.choice(current)
        pa = pas.get(council.region_id)
        status = rng.choices(order, weights=[3, 2, 3, 4])[0]
        requests.append(
            SupportRequest(
                council=council,
                requested_by=pa.user if pa else advisers[0].user,
                routed_to=pa.user if pa else None,
                contact_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, director of children's services",
                kind=rng.choice(SupportRequest.Kind.values),
                details="The council asks for help ahead of its next inspection.",
                status=status,
                assigned_to=rng.choice(pool) if status in ("assigned", "closed") and pool else None,
            )
        )
        statuses.append(status)
    SupportRequest.objects.bulk_create(requests)
    events = []
    for request, status in zip(requests, statuses, strict=True):
        steps = order[: order.index(status) + 1]
        for before, after in zip(["", *steps], steps, strict=False):
            events.append(
                SupportRequestEvent(
                    support_request=request,
                    from_status=before,
                    to_status=after,
                    changed_by=request.routed_to or request.requested_by,
                    note="" if before else "Request recorded.",
                )
            )
    SupportRequestEvent.objects.bulk_create(events)
    return len(requests)
