"""A person linked to every kind of record the portal keeps, and a councillor to erase."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date

import pytest
from allauth.mfa.models import Authenticator
from auditlog.context import set_actor
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from advisers.models import Adviser, EngagementUpload, SupportRequestEvent
from councils.models import Council, OfstedUpload
from courses.models import Booking, CourseSession
from mentoring.models import Match, MentoringRequest
from tests.factories.accounts import UserFactory
from tests.factories.advisers import (
    AccreditationFactory,
    AdviserFactory,
    AvailabilityFactory,
    EngagementFactory,
    SupportRequestFactory,
)
from tests.factories.courses import (
    BookingFactory,
    FeedbackFactory,
    PastSessionFactory,
    SessionFactory,
)
from tests.factories.mentoring import (
    MatchFactory,
    MentorFactory,
    MentoringFeedbackFactory,
    MentoringRequestFactory,
    MentoringSessionFactory,
)
from tests.factories.peer_challenges import (
    PeerChallengeFactory,
    StatusChangeFactory,
    TeamMemberFactory,
)
from tests.factories.reports import EvaluationReportFactory
from tests.factories.resources import ResourceFactory

CONFIDENTIAL = "The director is leaving in March."
OTHERS_NEEDS = "Hearing loop for Robin"


@pytest.fixture
def busy_person(camden: Council, islington: Council) -> User:
    """One person who appears in every table with a link to people (role: principal adviser).

    No real person holds all these roles at once; the point is that the export finds each.
    """
    person = UserFactory(
        email="sam.busy@example.org",
        full_name="Sam Busy",
        role=Role.PRINCIPAL_ADVISER,
        region=camden.region,
        council=camden,
    )
    other = UserFactory(email="robin.other@example.org", full_name="Robin Other", council=camden)
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    AdminLogEntry.objects.create(
        user=person,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(other.pk),
        object_repr=str(other),
        action_flag=CHANGE,
        change_message="Changed role.",
    )
    OfstedUpload.objects.create(
        file="ofsted_uploads/outcomes.ods",
        file_name="outcomes.ods",
        uploaded_by=person,
        imported_by=person,
    )
    EngagementUpload.objects.create(
        file="engagement_uploads/log.csv", file_name="log.csv", uploaded_by=person
    )
    _adviser_records(person, camden, islington)
    _course_records(person, other)
    _mentoring_records(person, other)
    ResourceFactory(created_by=person, title="Guide by Sam")
    EvaluationReportFactory(requested_by=person)
    _notification_records(person)
    return person


def _notification_records(person: User) -> None:
    from notifications.models import CalendarFeed, Notification, SwitchedOff

    Notification.objects.create(
        recipient=person,
        email=person.email,
        kind="report_finished",
        subject="Your evaluation report is ready",
        body_text="Dear Sam, your evaluation report is ready.",
        body_html="<p>Dear Sam, your evaluation report is ready.</p>",
    )
    SwitchedOff.objects.create(user=person, switch="reminders")
    CalendarFeed.objects.create(user=person, token="a-secret-calendar-address")


def _adviser_records(person: User, camden: Council, islington: Council) -> None:
    adviser = AdviserFactory(
        user=person,
        kind=Adviser.Kind.PRINCIPAL_ADVISER,
        region=camden.region,
        skills="Chaired three improvement boards.",
    )
    adviser.councils.add(camden)
    AccreditationFactory(adviser=adviser)
    AvailabilityFactory(adviser=adviser, notes="Not on Fridays.")
    with set_actor(person):  # an audited change made by the person
        EngagementFactory(
            adviser=adviser, council=camden, created_by=person, confidential_notes=CONFIDENTIAL
        )
    request = SupportRequestFactory(requested_by=person, routed_to=person, council=camden)
    SupportRequestEvent.objects.create(support_request=request, to_status="new", changed_by=person)
    challenge = PeerChallengeFactory(requested_by=person, council=islington)
    StatusChangeFactory(challenge=challenge, changed_by=person)
    TeamMemberFactory(adviser=adviser, added_by=person)
    TeamMemberFactory(confirmed_by=person, confirmation_note="By phone.")
    PeerChallengeFactory(council=camden, follow_up_owner=person, follow_up_checks="The plan.")


def _course_records(person: User, other: User) -> None:
    session = PastSessionFactory()
    booking = BookingFactory(
        session=session,
        person=person,
        status=Booking.Status.ATTENDED,
        access_requirements="Step-free access",
        dietary_requirements="Vegetarian",
    )
    FeedbackFactory(booking=booking, comments="The session on finance was the best part.")
    BookingFactory(
        session=session,
        person=other,
        booked_by=person,
        cancelled_by=person,
        status=Booking.Status.CANCELLED,
        access_requirements=OTHERS_NEEDS,
    )


def _mentoring_records(person: User, other: User) -> None:
    mentor = MentorFactory(user=person, council=person.council, bio="Lead member for six years.")
    request = MentoringRequestFactory(mentee=other, requested_by=person, needs="Help for Robin.")
    match = MatchFactory(request=request, mentor=mentor, proposed_by=person, status="active")
    MentoringSessionFactory(match=match, logged_by=person, private_notes="Robin is doing well.")
    # The person as a mentee too, with a mentor from elsewhere, feedback given.
    own_request = MentoringRequestFactory(mentee=person, requested_by=person, status="completed")
    own_match = MatchFactory(request=own_request, status="completed")
    MentoringFeedbackFactory(match=own_match, comments="Very helpful.")
    from mentoring.models import GroupOffice, GroupOfficeReferral

    office, _ = GroupOffice.objects.get_or_create(
        political_group="labour", defaults={"name": "LGA Labour Group office"}
    )
    GroupOfficeReferral.objects.create(
        request=request,
        office=office,
        ask=GroupOfficeReferral.Ask.NOMINATE,
        asked_by=person,
        answer=GroupOfficeReferral.Answer.NO_NOMINATION,
        answer_recorded_by=person,
    )


@dataclass
class Councillor:
    """A councillor with a full programme history in 2019, and the texts held about them."""

    user: User
    texts: list[str]


@pytest.fixture
def councillor_with_history(camden: Council, islington: Council, programme_manager: User):
    person = UserFactory(
        email="erin.erasable@example.org",
        full_name="Cllr Erin Erasable",
        role=Role.COUNCILLOR,
        council=camden,
        region=camden.region,
    )
    texts = [
        "Wheelchair user: step-free access, please",
        "Coeliac: no gluten",
        "Erin found the finance session too short",
        "Erin wants help with scrutiny of the improvement plan",
        "Erin is worried about her re-election",
        "Erin said she felt out of her depth",
        "Mentor declined: Erin is a neighbour",
    ]
    ran = _session(date(2019, 6, 4))
    # Booked and then changed with audited saves, so the history holds the needs as well.
    with set_actor(person):
        booking = BookingFactory(session=ran, person=person, access_requirements="step-free")
        booking.access_requirements, booking.dietary_requirements = texts[0], texts[1]
        booking.save(update_fields=["access_requirements", "dietary_requirements"])
    with set_actor(programme_manager):
        booking.status = Booking.Status.ATTENDED
        booking.save(update_fields=["status"])
    FeedbackFactory(
        booking=booking,
        content_rating=3,
        facilitators_rating=5,
        usefulness_rating=4,
        would_recommend=False,
        comments=texts[2],
    )
    missed = _session(date(2019, 9, 10), course=ran.course)
    BookingFactory(session=missed, person=person, status=Booking.Status.NO_SHOW)
    # Other people's places and feedback on the same sessions.
    for n in range(3):
        colleague = UserFactory(council=islington, full_name=f"Cllr Colleague {n}")
        other = BookingFactory(session=ran, person=colleague, status=Booking.Status.ATTENDED)
        FeedbackFactory(booking=other, content_rating=5, would_recommend=True, comments="Good")

    request = MentoringRequestFactory(
        mentee=person, requested_by=person, needs=texts[3], requested_on=date(2019, 2, 1)
    )
    declined = MatchFactory(
        request=request,
        status=Match.Status.DECLINED,
        proposed_on=date(2019, 2, 4),
        responded_on=date(2019, 2, 6),
    )
    with set_actor(programme_manager):
        declined.decline_reason = texts[6]
        declined.save(update_fields=["decline_reason"])
    match = MatchFactory(
        request=request,
        status=Match.Status.COMPLETED,
        proposed_on=date(2019, 2, 10),
        responded_on=date(2019, 2, 12),
        started_on=date(2019, 3, 1),
        completed_on=date(2019, 12, 1),
    )
    request.status = MentoringRequest.Status.COMPLETED
    request.save(update_fields=["status"])
    MentoringSessionFactory(match=match, logged_by=match.mentor.user, private_notes=texts[4])
    MentoringFeedbackFactory(match=match, rating=4, would_recommend=True, comments=texts[5])
    # Someone else's mentoring, for the figures around the person's.
    MatchFactory(
        status=Match.Status.ACTIVE, responded_on=date(2019, 5, 1), started_on=date(2019, 5, 2)
    )
    return Councillor(user=person, texts=texts)


def _session(day: date, **fields: object) -> CourseSession:
    def at(on: date, hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(on.year, on.month, on.day, hour))

    return SessionFactory(
        starts_at=at(day, 9),
        ends_at=at(day, 16),
        booking_opens_at=at(day - datetime.timedelta(days=60), 9),
        **fields,
    )
