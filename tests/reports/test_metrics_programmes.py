"""Leadership Essentials, mentoring and peer challenge figures on hand-built records.

Period 1 April 2018 to 31 March 2020, on the councils of conftest.py's history (North:
Anyshire, Bothshire; South: Dunmore, Eastwick).

Leadership Essentials (a course for portfolio holders):
- 12 Jun 2018, 10 places: Anyshire attended (ratings 4, 5, 3; would recommend), Dunmore
  attended (2, 3, 4; would not), Bothshire did not attend, Eastwick cancelled, Cumbridge waiting.
- 5 Nov 2019, 12 places: Anyshire confirmed (attendance not marked), Eastwick attended.
- Left out: a cancelled session in Feb 2019, a session in May 2020 (after the period), and an
  accredited course's session (not Leadership Essentials).
England: 2 sessions, 22 places offered, 5 booked, 3 attended (60.0%), 2 responses, mean rating
(12 + 9) / 6 = 3.5, 1 of 2 would recommend (50.0%).
North: 3 places booked (Anyshire 2, Bothshire 1), 1 attended (33.3%), mean 4.0, 100.0%.

Mentoring (mentee's council, kind, dates):
- Anyshire, defined period: accepted May 2018, started, completed Jan 2019 → made, completed.
- Dunmore, new portfolio holder: accepted Sep 2019, active → made, active at the end.
- Anyshire, sounding board: accepted Dec 2017, completed Jun 2020 → active at the end only.
- Bothshire: declined in Jan 2019 → nothing.
- Eastwick, defined period: accepted Mar 2020, not started → made.
England: 3 made, 2 active at the end, 1 completed.

Peer challenges: Anyshire closed, letter sent 10 Mar 2019; Dunmore feedback sent with no sending
time recorded, last on-site day 14 Sep 2018; Eastwick still on site; Bothshire's letter sent
May 2020; Cumbridge cancelled → 2 completed (North 1, South 1).
"""

from __future__ import annotations

import datetime
from datetime import date

import pytest
from django.utils import timezone

from accounts.roles import Role
from courses.models import Booking, Course, CourseSession, Feedback
from mentoring.models import Match, MentoringRequest
from peer_challenges.models import PeerChallenge
from reports import builders
from reports.queries import Scope
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import CouncillorFactory, MatchFactory, MentoringRequestFactory
from tests.factories.peer_challenges import PeerChallengeFactory

pytestmark = pytest.mark.django_db

START, END = date(2018, 4, 1), date(2020, 3, 31)


def at(day: date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


def session(course: Course, day: date, capacity: int, status=CourseSession.Status.PUBLISHED):
    return CourseSession.objects.create(
        course=course,
        starts_at=at(day),
        ends_at=at(day) + datetime.timedelta(hours=7),
        venue="18 Smith Square, London",
        capacity=capacity,
        booking_opens_at=at(day) - datetime.timedelta(days=60),
        booking_closes_at=at(day) - datetime.timedelta(days=2),
        status=status,
    )


def councillor(council, n=[0]):  # noqa: B006 - a counter for unique addresses
    n[0] += 1
    return UserFactory(email=f"cllr{n[0]}@example.org", role=Role.COUNCILLOR, council=council)


def book(session, council, status, feedback=None):
    booking = Booking.objects.create(
        session=session,
        person=councillor(council),
        status=status,
        waitlisted_at=timezone.now() if status == Booking.Status.WAITLISTED else None,
    )
    if feedback:
        *ratings, recommend = feedback
        Feedback.objects.create(
            booking=booking,
            content_rating=ratings[0],
            facilitators_rating=ratings[1],
            usefulness_rating=ratings[2],
            would_recommend=recommend,
        )
    return booking


@pytest.fixture
def courses(history):
    c = history
    essentials = Course.objects.create(
        title="Leadership Essentials: children's services",
        kind=Course.Kind.LEADERSHIP_ESSENTIALS,
        summary="For portfolio holders.",
    )
    accredited = Course.objects.create(
        title="Peer challenge accreditation",
        kind=Course.Kind.ACCREDITED,
        summary="For peers.",
        accreditation_kind="peer_challenge_member",
    )
    june = session(essentials, date(2018, 6, 12), 10)
    book(june, c["Anyshire"], Booking.Status.ATTENDED, (4, 5, 3, True))
    book(june, c["Dunmore"], Booking.Status.ATTENDED, (2, 3, 4, False))
    book(june, c["Bothshire"], Booking.Status.NO_SHOW)
    book(june, c["Eastwick"], Booking.Status.CANCELLED)
    book(june, c["Cumbridge"], Booking.Status.WAITLISTED)
    november = session(essentials, date(2019, 11, 5), 12)
    book(november, c["Anyshire"], Booking.Status.CONFIRMED)
    book(november, c["Eastwick"], Booking.Status.ATTENDED)
    cancelled = session(essentials, date(2019, 2, 1), 10, CourseSession.Status.CANCELLED)
    book(cancelled, c["Anyshire"], Booking.Status.CANCELLED)
    later = session(essentials, date(2020, 5, 1), 10)
    book(later, c["Anyshire"], Booking.Status.ATTENDED, (5, 5, 5, True))
    other = session(accredited, date(2019, 5, 1), 10)
    book(other, c["Dunmore"], Booking.Status.ATTENDED, (1, 1, 1, False))


def match(council, kind, status, responded, started=None, completed=None):
    request = MentoringRequestFactory(
        mentee=CouncillorFactory(council=council), kind=kind, status="matched"
    )
    return MatchFactory(
        request=request,
        status=status,
        responded_on=responded,
        started_on=started,
        completed_on=completed,
    )


@pytest.fixture
def mentoring(history):
    c, kind, status = history, MentoringRequest.Kind, Match.Status
    match(
        c["Anyshire"],
        kind.DEFINED_PERIOD,
        status.COMPLETED,
        date(2018, 5, 1),
        date(2018, 5, 10),
        date(2019, 1, 31),
    )
    match(
        c["Dunmore"], kind.NEW_PORTFOLIO_HOLDER, status.ACTIVE, date(2019, 9, 1), date(2019, 9, 15)
    )
    match(
        c["Anyshire"],
        kind.SOUNDING_BOARD,
        status.COMPLETED,
        date(2017, 12, 1),
        date(2018, 1, 1),
        date(2020, 6, 30),
    )
    match(c["Bothshire"], kind.DEFINED_PERIOD, status.DECLINED, date(2019, 1, 1))
    match(c["Eastwick"], kind.DEFINED_PERIOD, status.ACCEPTED, date(2020, 3, 1))


@pytest.fixture
def challenges(history):
    c, status = history, PeerChallenge.Status
    PeerChallengeFactory(
        council=c["Anyshire"],
        status=status.CLOSED,
        focus=["front_door", "care_leavers"],
        on_site_starts_on=date(2019, 2, 4),
        on_site_ends_on=date(2019, 2, 8),
        letter_sent_at=at(date(2019, 3, 10)),
    )
    PeerChallengeFactory(
        council=c["Dunmore"],
        status=status.FEEDBACK_SENT,
        on_site_starts_on=date(2018, 9, 10),
        on_site_ends_on=date(2018, 9, 14),
    )
    PeerChallengeFactory(
        council=c["Eastwick"],
        status=status.ON_SITE,
        on_site_starts_on=date(2020, 3, 2),
        on_site_ends_on=date(2020, 3, 6),
    )
    PeerChallengeFactory(
        council=c["Bothshire"],
        status=status.CLOSED,
        on_site_starts_on=date(2020, 3, 9),
        on_site_ends_on=date(2020, 3, 13),
        letter_sent_at=at(date(2020, 5, 1)),
    )
    PeerChallengeFactory(council=c["Cumbridge"], status=status.CANCELLED)


def evaluate(region=None) -> dict:
    return builders.build_evaluation(Scope(start=START, end=END, as_of=END, region=region))


def test_leadership_essentials_figures(courses):
    evaluation = evaluate()

    assert evaluation["courses"] == {
        "sessions_run": 2,
        "places_offered": 22,
        "places_booked": 5,
        "attended": 3,
        "attendance_percent": 60.0,
        "feedback_responses": 2,
        "mean_rating": 3.5,
        "percent_would_recommend": 50.0,
    }
    sessions = evaluation["tables"]["leadership-essentials-sessions"]
    assert [(s["date"], s["capacity"], s["places_booked"], s["attended"]) for s in sessions] == [
        ("2018-06-12", 10, 3, 2),
        ("2019-11-05", 12, 2, 1),
    ]
    by_council = {r["council"]: r for r in evaluation["tables"]["leadership-essentials"]}
    assert by_council["Anyshire"]["places_booked"] == 2
    assert by_council["Anyshire"]["attendance_percent"] == 50.0
    assert by_council["Bothshire"]["attended"] == 0


def test_leadership_essentials_for_a_region_counts_its_councillors_only(courses, history):
    north = evaluate(region=history["Anyshire"].region)

    assert north["courses"] == {
        "sessions_run": 2,
        "places_offered": None,  # sessions are open to every region
        "places_booked": 3,
        "attended": 1,
        "attendance_percent": 33.3,
        "feedback_responses": 1,
        "mean_rating": 4.0,
        "percent_would_recommend": 100.0,
    }


def test_mentoring_figures(mentoring, history):
    evaluation = evaluate()

    figures = evaluation["mentoring"]
    assert (figures["matches_made"], figures["active_at_end"], figures["completed"]) == (3, 2, 1)
    assert {
        k["key"]: (k["made"], k["active_at_end"], k["completed"]) for k in figures["by_kind"]
    } == {
        "defined_period": (2, 0, 1),
        "new_portfolio_holder": (1, 1, 0),
        "sounding_board": (0, 1, 0),
    }
    rows = {
        r["council"]: (r["made"], r["active_at_end"], r["completed"])
        for r in evaluation["tables"]["mentoring"]
    }
    assert rows == {"Anyshire": (1, 1, 1), "Dunmore": (1, 1, 0), "Eastwick": (1, 0, 0)}

    south = evaluate(region=history["Dunmore"].region)["mentoring"]
    assert (south["matches_made"], south["active_at_end"], south["completed"]) == (2, 1, 0)


def test_peer_challenges_completed_by_region(challenges, history):
    evaluation = evaluate()

    assert evaluation["peer_challenges"] == {
        "completed": 2,
        "by_region": [{"region": "North", "completed": 1}, {"region": "South", "completed": 1}],
    }
    rows = evaluation["tables"]["peer-challenges"]
    assert [(r["council"], r["completed_on"]) for r in rows] == [
        ("Dunmore", "2018-09-14"),
        ("Anyshire", "2019-03-10"),
    ]
    assert rows[1]["focus"] == "Front door and early help; Care leavers"
    assert evaluate(region=history["Anyshire"].region)["peer_challenges"]["completed"] == 1
