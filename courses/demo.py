"""Demo courses: about 200 sessions and 5,000 bookings with feedback at scale 1.

Most sessions ran over the last five years, some of them in the last complete financial year
(the period the report form offers first); the rest are open for booking now, for sessions in
the months ahead, some already full with a waiting list. Bookers are councillors made here (they cannot log in)
and, for accredited courses, the advisers made by the advisers demo. The demo councillor has a
place on an upcoming session and a past session to give feedback on. Dates count back from
today, so the same seed on the same day gives the same data.
"""

from __future__ import annotations

import datetime

from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.roles import ADVISER_ROLES, Role
from councils.models import Council
from courses.models import Booking, Course, CourseSession, Feedback
from improvement_portal.demo import DemoContext, last_financial_year

DEMO_DOMAIN = "councillors.courses.demo.example.org"
DEMO_COUNCILLOR = "councillor@example.org"
YEARS_BACK = 5
LEADERSHIP_ESSENTIALS = [
    (
        "Leadership Essentials: children's services portfolio holders",
        "An intensive introduction to the role of children's services portfolio holder.",
    ),
    (
        "Leadership Essentials: newly appointed lead members",
        "For councillors in their first year holding the children's services portfolio.",
    ),
    (
        "Leadership Essentials: leading improvement after an inadequate judgement",
        "How political leaders drive improvement when Ofsted finds services inadequate.",
    ),
    (
        "Leadership Essentials: leadership of the education agenda",
        "The lead member's role with schools, academies and special educational needs.",
    ),
]
ACCREDITED = [
    (
        "Children's services peer challenge: team member accreditation",
        "Nationally accredited training for peers joining a children's services peer challenge.",
        "peer_challenge_member",
    ),
    (
        "Children's services peer challenge: lead reviewer accreditation",
        "For experienced peers who lead a peer challenge team on site.",
        "peer_challenge_lead",
    ),
    (
        "Safeguarding diagnostic accreditation",
        "Quality-assured training for associates carrying out safeguarding diagnostics.",
        "diagnostic",
    ),
]
PROGRAMME = [
    "Welcome and introductions",
    "Political leadership in the current policy context",
    "The statutory role of the lead member and key relationships",
    "Leading in a challenging environment: a real authority's improvement journey",
    "Leadership of the education agenda",
    "Corporate parenting: every councillor's responsibility",
    "Scrutiny and challenge of children's services performance",
    "Action planning and close",
]
TIMES = ["9:30am", "10:00am", "11:15am", "1:15pm", "2:30pm", "3:45pm"]
VENUES = [
    ("Local Government House, London", "18 Smith Square\nLondon\nSW1P 3HZ"),
    ("Warwick Conference Centre, Coventry", "University of Warwick\nCoventry\nCV4 7AL"),
    ("Leeds Civic Hall", "Calverley Street\nLeeds\nLS1 1UR"),
    ("Manchester Central", "Windmill Street\nManchester\nM2 3GX"),
    ("Council House, Birmingham", "Victoria Square\nBirmingham\nB1 1BB"),
    ("Bristol City Hall", "College Green\nBristol\nBS1 5TR"),
    ("Newcastle Civic Centre", "Barras Bridge\nNewcastle upon Tyne\nNE1 8QH"),
]
FACILITATORS = [
    "Cllr Helen Ward (peer facilitator) and Marcus Okafor (former DCS)",
    "Cllr Daniel Price (peer facilitator) and Ruth Adeyemi (LGA)",
    "Cllr Joanna Steel (peer facilitator) and Sam Whitaker (children's improvement adviser)",
    "Cllr Imran Siddiqui (peer facilitator) and Kate Morley (former Ofsted inspector)",
]
FIRST_NAMES = [
    "Abigail", "Bernard", "Catherine", "Dominic", "Eleanor", "Francis", "Gemma", "Hassan",
    "Isobel", "James", "Kamala", "Liam", "Margaret", "Nathan", "Olivia", "Patrick", "Rachel",
    "Simon", "Tariq", "Ursula", "Vikram", "Winifred", "Yusuf", "Zoe",
]  # fmt: skip
LAST_NAMES = [
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Foster", "Green", "Hall", "Ibrahim",
    "Jackson", "Khan", "Lewis", "Martin", "Noor", "Owen", "Parker", "Roberts", "Smith",
    "Taylor", "Walker", "Wright", "Young",
]  # fmt: skip
COMMENTS = [
    "The real case study made the lead member's role concrete.",
    "Very useful to meet other portfolio holders facing the same pressures.",
    "More time on scrutiny of performance data, please.",
    "The facilitators were excellent and knew the sector well.",
    "I now understand what to ask my director of children's services.",
    "Some sessions ran over; the afternoon felt rushed.",
    "The session on corporate parenting should be for every councillor.",
]


def seed(context: DemoContext) -> str:
    if Course.objects.exists():
        return "courses already seeded"
    councils = list(Council.objects.current().order_by("gss_code"))
    if not councils:
        return "no councils (load the councils first)"
    courses = _make_courses()
    councillors = _make_councillors(context, councils)
    advisers = list(User.objects.filter(role__in=ADVISER_ROLES).order_by("email"))
    sessions = _make_sessions(context, courses)
    bookings = _make_bookings(context, sessions, councillors, advisers)
    feedback = _make_feedback(context, bookings)
    demo = _book_demo_councillor(sessions, bookings)
    return (
        f"{len(courses)} courses, {len(sessions)} sessions, "
        f"{len(bookings) + demo} bookings, {feedback} feedback responses"
    )


def _make_courses() -> list[Course]:
    courses = [
        Course(title=title, kind=Course.Kind.LEADERSHIP_ESSENTIALS, summary=summary)
        for title, summary in LEADERSHIP_ESSENTIALS
    ] + [
        Course(
            title=title,
            kind=Course.Kind.ACCREDITED,
            summary=summary,
            accreditation_kind=kind,
            accreditation_years=3,
        )
        for title, summary, kind in ACCREDITED
    ]
    for course in courses:
        course.description = (
            "Sessions mix short talks by experienced peers with discussion in small groups, "
            "and end with a personal action plan."
        )
    return Course.objects.bulk_create(courses)


def _make_councillors(context: DemoContext, councils: list[Council]) -> list[User]:
    people = []
    for n in range(context.count(1500, minimum=60)):
        first, last = context.rng.choice(FIRST_NAMES), context.rng.choice(LAST_NAMES)
        council = context.rng.choice(councils)
        person = User(
            email=f"{first.lower()}.{last.lower()}.{n}@{DEMO_DOMAIN}",
            full_name=f"Cllr {first} {last}",
            role=Role.COUNCILLOR,
            council=council,
            region_id=council.region_id,
        )
        person.set_unusable_password()
        people.append(person)
    User.objects.bulk_create(people, batch_size=1000, ignore_conflicts=True)
    return list(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").order_by("pk"))


def _make_sessions(context: DemoContext, courses: list[Course]) -> list[CourseSession]:
    total = context.count(200, minimum=12)
    upcoming = max(4, round(total * 0.15))
    in_period = max(2, round(total * 0.15))
    today = timezone.localdate()
    period_start, period_end = last_financial_year(today)
    leadership = [c for c in courses if c.kind == Course.Kind.LEADERSHIP_ESSENTIALS]
    accredited = [c for c in courses if c.kind == Course.Kind.ACCREDITED]
    sessions = []
    for n in range(total):
        if n < in_period:  # Leadership Essentials that ran in the report form's first period
            day = period_start + datetime.timedelta(
                days=context.rng.randint(0, (period_end - period_start).days - 7)
            )
            sessions.append(_session(context, context.rng.choice(leadership), _weekday(day)))
            sessions[-1].status = CourseSession.Status.PUBLISHED
            continue
        if n < total - upcoming:
            day = today - datetime.timedelta(days=context.rng.randint(7, 365 * YEARS_BACK))
        else:
            day = today + datetime.timedelta(days=context.rng.randint(5, 240))
        course = context.rng.choice(accredited if context.rng.random() < 0.2 else leadership)
        sessions.append(_session(context, course, _weekday(day)))
    sessions.sort(key=lambda session: session.starts_at)
    return CourseSession.objects.bulk_create(sessions)


def _weekday(day: datetime.date) -> datetime.date:
    """Sessions run Monday to Thursday (two-day courses end by Friday)."""
    return day + datetime.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() > 3 else 0)


def _programme(days: int) -> str:
    if days == 1:
        return "\n".join(f"{time} {item}" for time, item in zip(TIMES, PROGRAMME[:6], strict=True))
    first, second = PROGRAMME[:4], PROGRAMME[4:]
    return "\n".join(
        [f"Day 1, {time} {item}" for time, item in zip(TIMES, first, strict=False)]
        + [f"Day 2, {time} {item}" for time, item in zip(TIMES, second, strict=False)]
    )


def _session(context: DemoContext, course: Course, day: datetime.date) -> CourseSession:
    zone = timezone.get_current_timezone()
    starts = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=zone)
    days = 2 if course.kind == Course.Kind.ACCREDITED else 1
    ends = datetime.datetime.combine(day, datetime.time(16, 30), tzinfo=zone)
    ends += datetime.timedelta(days=days - 1)
    online = context.rng.random() < 0.3
    venue, address = ("", "") if online else context.rng.choice(VENUES)
    return CourseSession(
        course=course,
        starts_at=starts,
        ends_at=ends,
        is_online=online,
        venue=venue,
        address=address,
        joining_instructions=(
            "Join on Microsoft Teams: the link is in your calendar invitation." if online else ""
        ),
        capacity=context.rng.choice([20, 24, 28, 30]),
        booking_opens_at=_booking_opens(starts),
        booking_closes_at=starts - datetime.timedelta(days=2),
        status=(
            CourseSession.Status.CANCELLED
            if context.rng.random() < 0.02
            else CourseSession.Status.PUBLISHED
        ),
        programme=_programme(days),
        facilitators=context.rng.choice(FACILITATORS),
    )


def _booking_opens(starts: datetime.datetime) -> datetime.datetime:
    """Booking opens 90 days ahead; a session further off than that is open already, so every
    upcoming session listed with places can be booked on the day the demo is seeded."""
    fortnight_ago = timezone.localdate() - datetime.timedelta(days=14)
    opened = datetime.datetime.combine(fortnight_ago, datetime.time(9), starts.tzinfo)
    return min(starts - datetime.timedelta(days=90), opened)


def _make_bookings(
    context: DemoContext,
    sessions: list[CourseSession],
    councillors: list[User],
    advisers: list[User],
) -> list[Booking]:
    now = timezone.now()
    bookings: list[Booking] = []
    for session in sessions:
        pool = advisers if session.course.kind == Course.Kind.ACCREDITED else councillors
        if not pool:
            continue
        is_past = session.starts_at < now
        fill = context.rng.uniform(0.85, 1.15) if is_past else context.rng.uniform(0.3, 1.25)
        wanted = min(len(pool), round(session.capacity * fill))
        for arrival, person in enumerate(context.rng.sample(pool, wanted)):
            bookings.append(_booking(context, session, person, arrival, is_past))
    Booking.objects.bulk_create(bookings, batch_size=1000)
    # Backdate each booking to when it was made (bulk_create stamps "now").
    Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(
        created_at=Coalesce("waitlisted_at", "confirmed_at", "cancelled_at")
    )
    return bookings


def _booking(
    context: DemoContext, session: CourseSession, person: User, arrival: int, is_past: bool
) -> Booking:
    # Booking opened at least a fortnight ago, and 38 arrivals six hours apart take ten days.
    booked_at = session.booking_opens_at + datetime.timedelta(hours=6 * arrival + 1)
    booking = Booking(session=session, person=person, booked_by=person)
    if session.is_cancelled:
        booking.status = Booking.Status.CANCELLED
        booking.confirmed_at = booked_at
        booking.cancelled_at = session.starts_at - datetime.timedelta(days=14)
    elif arrival >= session.capacity:
        # Those who arrived after the session filled: still waiting, or gave up.
        booking.waitlisted_at = booked_at
        booking.status = Booking.Status.CANCELLED if is_past else Booking.Status.WAITLISTED
        booking.cancelled_at = session.starts_at if is_past else None
    else:
        booking.confirmed_at = booked_at
        booking.status = Booking.Status.CONFIRMED
        # Registers of the last fortnight are still to be completed.
        if is_past and session.ends_at < timezone.now() - datetime.timedelta(days=14):
            attended = context.rng.random() < 0.88
            booking.status = Booking.Status.ATTENDED if attended else Booking.Status.NO_SHOW
            booking.attendance_marked_at = session.ends_at
            booking.reminder_sent_at = session.starts_at - datetime.timedelta(days=7)
    if context.rng.random() < 0.1:
        booking.dietary_requirements = context.rng.choice(["Vegetarian", "Vegan", "Halal"])
    if context.rng.random() < 0.05:
        booking.access_requirements = context.rng.choice(
            ["Step-free access", "Hearing loop", "Papers in large print"]
        )
    return booking


def _make_feedback(context: DemoContext, bookings: list[Booking]) -> int:
    feedback = []
    for booking in bookings:
        if booking.status != Booking.Status.ATTENDED or context.rng.random() > 0.7:
            continue
        feedback.append(
            Feedback(
                booking=booking,
                content_rating=_rating(context),
                facilitators_rating=_rating(context),
                usefulness_rating=_rating(context),
                would_recommend=context.rng.random() < 0.9,
                comments=context.rng.choice(COMMENTS) if context.rng.random() < 0.3 else "",
            )
        )
    Feedback.objects.bulk_create(feedback, batch_size=1000)
    return len(feedback)


def _rating(context: DemoContext) -> int:
    return context.rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 12, 44, 40])[0]


def _book_demo_councillor(sessions: list[CourseSession], bookings: list[Booking]) -> int:
    """A place on an upcoming session, a place on a waiting list, and a past session to give
    feedback on; never beyond a session's capacity."""
    person = User.objects.filter(email=DEMO_COUNCILLOR).first()
    if person is None:
        return 0
    taken: dict[int, int] = {}
    for booking in bookings:
        if booking.holds_place:
            taken[booking.session_id] = taken.get(booking.session_id, 0) + 1
    now = timezone.now()
    open_ = [
        s
        for s in sessions
        if s.course.kind == Course.Kind.LEADERSHIP_ESSENTIALS and not s.is_cancelled
    ]
    has_room = [s for s in open_ if taken.get(s.pk, 0) < s.capacity]
    choices = [
        (next((s for s in has_room if s.starts_at > now), None), Booking.Status.CONFIRMED),
        (
            next((s for s in open_ if s.starts_at > now and s not in has_room), None),
            Booking.Status.WAITLISTED,
        ),
        (next((s for s in reversed(has_room) if s.ends_at < now), None), Booking.Status.ATTENDED),
    ]
    made = [_demo_booking(person, session, status) for session, status in choices if session]
    Booking.objects.bulk_create(made)
    return len(made)


def _demo_booking(person: User, session: CourseSession, status: str) -> Booking:
    booked_at = session.booking_opens_at + datetime.timedelta(days=1)
    waiting = status == Booking.Status.WAITLISTED
    return Booking(
        session=session,
        person=person,
        booked_by=person,
        status=status,
        confirmed_at=None if waiting else booked_at,
        waitlisted_at=timezone.now() if waiting else None,
        dietary_requirements="Vegetarian",
        attendance_marked_at=session.ends_at if status == Booking.Status.ATTENDED else None,
    )
