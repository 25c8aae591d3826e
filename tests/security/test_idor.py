"""Object-level access: changing an id in a URL never reaches someone else's object.

Each case is a person who may use the area but not that object, asking for it by id through
a detail, edit, download or export URL. They get 404 (or 403), and a POST leaves the object
exactly as it was. Positive controls show the same POST does change the object for its owner,
so the refusals are not an accident of bad form data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from advisers import services as adviser_services
from advisers.models import Adviser
from courses.models import Booking
from mentoring.models import Match, MentoringRequest
from peer_challenges.models import PeerChallenge
from tests.factories import advisers as adviser_factories
from tests.factories import courses as course_factories
from tests.factories import mentoring as mentoring_factories
from tests.factories import peer_challenges as challenge_factories
from tests.factories import reports as report_factories
from tests.factories import resources as resource_factories
from tests.factories.accounts import UserFactory
from tests.security.conftest import World

ENGAGEMENT_SUMMARY = "Summary-of-another-advisers-engagement"
ENGAGEMENT_NOTES = "Confidential-notes-of-another-adviser"
SESSION_NOTES = "Private-notes-of-another-pair"


class Others:
    """Objects that belong to someone other than the personas, beside the personas' own."""

    def __init__(self, world: World, islington: Any, leeds: Any) -> None:
        self.world = world
        self.islington = islington
        self.leeds = leeds

    @cached_property
    def yorkshire_pa(self) -> User:
        return UserFactory(
            email="pa-yorkshire@example.org", role=Role.PRINCIPAL_ADVISER, region=self.leeds.region
        )

    @cached_property
    def other_cia(self) -> User:
        return UserFactory(
            email="cia-other@example.org",
            role=Role.IMPROVEMENT_ADVISER,
            region=self.world.cia.region,
        )

    @cached_property
    def other_adviser(self) -> Adviser:
        return adviser_factories.AdviserFactory(
            user=self.other_cia, kind=Adviser.Kind.IMPROVEMENT_ADVISER
        )

    @cached_property
    def engagement(self) -> Any:
        """Another CIA's engagement in Islington, a council not assigned to the London CIA."""
        return adviser_factories.EngagementFactory(
            council=self.islington,
            adviser=self.other_adviser,
            summary=ENGAGEMENT_SUMMARY,
            confidential_notes=ENGAGEMENT_NOTES,
        )

    @cached_property
    def availability(self) -> Any:
        return adviser_factories.AvailabilityFactory(adviser=self.other_adviser)

    @cached_property
    def support_request(self) -> Any:
        return adviser_factories.SupportRequestFactory(
            council=self.islington, requested_by=self.other_cia
        )

    @cached_property
    def other_associate(self) -> Adviser:
        user = UserFactory(email="associate-other@example.org", role=Role.ASSOCIATE)
        return adviser_factories.AdviserFactory(user=user, kind=Adviser.Kind.ASSOCIATE)

    @cached_property
    def challenge(self) -> PeerChallenge:
        """A Camden challenge on site, its letter written and rendered, the associate not on it."""
        challenge = challenge_factories.ScopedChallengeFactory(
            council=self.world.camden,
            requested_by=self.world.pm,
            status=PeerChallenge.Status.ON_SITE,
            strengths="Strong front door.",
            areas_for_consideration="Supervision.",
            recommendations="Keep going.",
            letter_status=PeerChallenge.LetterStatus.READY,
        )
        challenge.letter_pdf.save("letter.pdf", ContentFile(b"%PDF-1.7 letter"), save=True)
        challenge_factories.TeamMemberFactory(challenge=challenge, adviser=self.other_associate)
        return challenge

    @cached_property
    def team_member(self) -> Any:
        return self.challenge.team.get()

    @cached_property
    def sent_challenge(self) -> PeerChallenge:
        """Islington's challenge, its letter sent: public to Islington's councillors only."""
        return challenge_factories.ScopedChallengeFactory(
            council=self.islington,
            requested_by=self.world.pm,
            status=PeerChallenge.Status.FEEDBACK_SENT,
            letter_sent_at=timezone.now(),
        )

    @cached_property
    def other_councillor(self) -> User:
        return UserFactory(
            email="councillor-other@example.org",
            role=Role.COUNCILLOR,
            council=self.world.camden,
            region=self.world.camden.region,
        )

    @cached_property
    def booking(self) -> Booking:
        return course_factories.BookingFactory(
            session=self.world.session, person=self.other_councillor
        )

    @cached_property
    def attended_booking(self) -> Booking:
        return course_factories.BookingFactory(
            session=course_factories.PastSessionFactory(course=self.world.course),
            person=self.other_councillor,
            status=Booking.Status.ATTENDED,
        )

    @cached_property
    def mentoring_request(self) -> MentoringRequest:
        return mentoring_factories.MentoringRequestFactory(
            mentee=self.other_councillor, council=self.world.camden
        )

    @cached_property
    def match(self) -> Match:
        """Another pair's active match, with private session notes."""
        match = mentoring_factories.MatchFactory(status=Match.Status.ACTIVE)
        mentoring_factories.MentoringSessionFactory(match=match, private_notes=SESSION_NOTES)
        return match

    @cached_property
    def completed_match(self) -> Match:
        return mentoring_factories.MatchFactory(status=Match.Status.COMPLETED)

    @cached_property
    def proposal_to_councillor(self) -> Match:
        """A proposal for the councillor's own request, which their mentor has not yet accepted."""
        return mentoring_factories.MatchFactory(
            request=self.world.mentoring_request, status=Match.Status.PROPOSED
        )

    @cached_property
    def draft_resource(self) -> Any:
        return resource_factories.draft()

    @cached_property
    def draft_course(self) -> Any:
        return course_factories.CourseFactory(is_published=False)

    @cached_property
    def national_report(self) -> Any:
        return report_factories.done_report(requested_by=self.world.pm, region=None)

    @cached_property
    def yorkshire_report(self) -> Any:
        return report_factories.done_report(requested_by=self.world.pm, region=self.leeds.region)


@pytest.fixture
def others(world: World, islington: Any, leeds: Any) -> Others:
    return Others(world, islington, leeds)


@dataclass(frozen=True)
class Case:
    """``who`` asks for ``target`` through ``url``; with ``post``, also tries to change it."""

    id: str
    who: Callable[[Others], User]
    target: Callable[[Others], models.Model]
    url: Callable[[Others, Any], str]
    post: dict[str, Any] | None = None
    get: bool = True
    # 404 hides that the object exists; 403 comes from an area the person may not use at all.
    refused: tuple[int, ...] = (404,)
    extra: dict[str, Any] = field(default_factory=dict)


def _url(name: str, *fields: str) -> Callable[[Others, Any], str]:
    def build(o: Others, target: Any) -> str:
        args = [getattr(target, name) for name in fields or ("pk",)]
        return reverse(name, args=args)

    return build


ENGAGEMENT_EDIT = {
    "council": "",  # filled in by the test with the target's council
    "date": "2025-03-03",
    "confirm_date": "2025-03-03",
    "days": "2",
    "strand": "intensive",
    "activity": "advice_dcs",
    "funding": "free",
    "summary": "Changed by someone else",
    "confidential_notes": "Changed",
}
CIA = lambda o: o.world.cia  # noqa: E731
PA = lambda o: o.world.pa  # noqa: E731
ASSOCIATE = lambda o: o.world.associate  # noqa: E731
COUNCILLOR = lambda o: o.world.councillor  # noqa: E731
YORKSHIRE_PA = lambda o: o.yorkshire_pa  # noqa: E731

CASES = [
    # Engagements: another CIA's, in a council not assigned; a PA of another region.
    Case("cia-engagement-detail", CIA, lambda o: o.engagement, _url("advisers:engagement-detail")),
    Case(
        "cia-engagement-edit",
        CIA,
        lambda o: o.engagement,
        _url("advisers:engagement-edit"),
        post=ENGAGEMENT_EDIT,
    ),
    Case(
        "other-region-pa-engagement-detail",
        YORKSHIRE_PA,
        lambda o: o.engagement,
        _url("advisers:engagement-detail"),
    ),
    Case(
        "other-region-pa-engagement-edit",
        YORKSHIRE_PA,
        lambda o: o.engagement,
        _url("advisers:engagement-edit"),
        post=ENGAGEMENT_EDIT,
    ),
    # The region's PA reads it, but only its author (or a PM) changes it.
    Case(
        "region-pa-engagement-edit",
        PA,
        lambda o: o.engagement,
        _url("advisers:engagement-edit"),
        post=ENGAGEMENT_EDIT,
        refused=(403,),
    ),
    # Availability: another adviser's periods.
    Case(
        "cia-availability-edit",
        CIA,
        lambda o: o.availability,
        _url("advisers:availability-edit"),
        post={"starts_on": "2025-01-01", "ends_on": "2025-01-31", "days_available": "1"},
    ),
    Case(
        "cia-availability-delete",
        CIA,
        lambda o: o.availability,
        _url("advisers:availability-delete"),
        post={},
        get=False,
    ),
    # Support requests: not the CIA's council; not the PA's region.
    Case(
        "cia-support-request-detail",
        CIA,
        lambda o: o.support_request,
        _url("advisers:support-request-detail"),
    ),
    Case(
        "cia-support-request-status",
        CIA,
        lambda o: o.support_request,
        _url("advisers:support-request-status"),
        post={"status": "closed", "note": "closed by someone else"},
        get=False,
        refused=(403, 404),
    ),
    Case(
        "other-region-pa-support-request-detail",
        YORKSHIRE_PA,
        lambda o: o.support_request,
        _url("advisers:support-request-detail"),
    ),
    Case(
        "other-region-pa-support-request-status",
        YORKSHIRE_PA,
        lambda o: o.support_request,
        _url("advisers:support-request-status"),
        post={"status": "closed", "note": "closed by someone else"},
        get=False,
    ),
    # Advisers: a PA may read every profile but only programme managers change one.
    Case(
        "pa-adviser-edit",
        PA,
        lambda o: o.other_adviser,
        _url("advisers:adviser-edit"),
        post={"kind": "associate", "skills": "changed", "contact_gap_days": "5"},
        refused=(403,),
    ),
    Case(
        "pa-accreditation-create",
        PA,
        lambda o: o.other_adviser,
        _url("advisers:accreditation-create"),
        post={
            "kind": "peer_challenge_member",
            "awarded_on": "2025-01-01",
            "expires_on": "2028-01-01",
        },
        refused=(403,),
        extra={"count": lambda o: o.other_adviser.accreditations.count()},
    ),
]

# Every page of a peer challenge, for an associate not on it and a PA of another region.
CHALLENGE_PAGES = [
    ("detail", None, True),
    ("request-done", None, True),
    ("letter", {"strengths": "x", "areas_for_consideration": "y", "recommendations": "z"}, True),
    ("letter-status", None, True),
    ("letter-download", None, True),
    ("letter-prepare", {}, False),
    ("scoping", {"key_lines_of_enquiry": "changed", "funding": "free"}, True),
    ("team", {"adviser": "1", "role": "member_peer"}, True),
    ("team-confirm", {}, False),
    ("cancel", {"reason": "cancelled by someone else"}, True),
    ("move", {"to": "cancelled"}, False),
    (
        "follow-up",
        {"needed": "no", "waived_reason": "changed", "follow_up_notes": "changed"},
        True,
    ),
]
for who_id, who in (("associate", ASSOCIATE), ("other-region-pa", YORKSHIRE_PA), ("cia", CIA)):
    for page, post, get in CHALLENGE_PAGES:
        CASES.append(
            Case(
                f"{who_id}-peer-challenge-{page}",
                who,
                lambda o: o.challenge,
                _url(f"peer_challenges:{page}"),
                post=post,
                get=get,
                refused=(403, 404),
            )
        )
    CASES.append(
        Case(
            f"{who_id}-peer-challenge-team-remove",
            who,
            lambda o: o.team_member,
            lambda o, member: reverse(
                "peer_challenges:team-remove", args=[member.challenge_id, member.pk]
            ),
            post={},
            get=False,
            refused=(403, 404),
            extra={"count": lambda o: o.challenge.team.count()},
        )
    )
CASES += [
    # A councillor sees their own council's challenge once its letter is sent, never another's.
    Case(
        "councillor-unsent-challenge",
        COUNCILLOR,
        lambda o: o.challenge,
        _url("peer_challenges:detail"),
    ),
    Case(
        "councillor-unsent-letter",
        COUNCILLOR,
        lambda o: o.challenge,
        _url("peer_challenges:letter-download"),
    ),
    Case(
        "councillor-other-council-challenge",
        COUNCILLOR,
        lambda o: o.sent_challenge,
        _url("peer_challenges:detail"),
    ),
    # Bookings: another councillor's.
    Case(
        "councillor-booking-detail", COUNCILLOR, lambda o: o.booking, _url("courses:booking-detail")
    ),
    Case(
        "councillor-booking-confirmation",
        COUNCILLOR,
        lambda o: o.booking,
        _url("courses:booking-confirmation"),
    ),
    Case(
        "councillor-booking-cancel",
        COUNCILLOR,
        lambda o: o.booking,
        _url("courses:booking-cancel"),
        post={},
    ),
    Case(
        "councillor-booking-feedback",
        COUNCILLOR,
        lambda o: o.attended_booking,
        _url("courses:feedback"),
        post={
            "content_rating": "1",
            "facilitators_rating": "1",
            "usefulness_rating": "1",
            "would_recommend": "no",
            "comments": "someone else's view",
        },
        extra={
            "feedback": lambda o: hasattr(Booking.objects.get(pk=o.attended_booking.pk), "feedback")
        },
    ),
    # Unpublished courses are the programme team's.
    Case(
        "councillor-draft-course",
        COUNCILLOR,
        lambda o: o.draft_course,
        _url("courses:course-detail"),
    ),
    # Mentoring: another pair's match and its session notes; another councillor's request.
    Case("councillor-match-detail", COUNCILLOR, lambda o: o.match, _url("mentoring:match-detail")),
    Case(
        "councillor-match-accept",
        COUNCILLOR,
        lambda o: o.match,
        _url("mentoring:accept"),
        post={},
        get=False,
    ),
    Case(
        "councillor-match-decline",
        COUNCILLOR,
        lambda o: o.match,
        _url("mentoring:decline"),
        post={"reason": "declined by someone else"},
    ),
    Case(
        "councillor-match-start",
        COUNCILLOR,
        lambda o: o.match,
        _url("mentoring:start"),
        post={},
        get=False,
    ),
    Case(
        "councillor-match-complete",
        COUNCILLOR,
        lambda o: o.match,
        _url("mentoring:complete"),
        post={"outcome": "Done."},
    ),
    Case(
        "councillor-match-session",
        COUNCILLOR,
        lambda o: o.match,
        _url("mentoring:session-create"),
        post={"held_on": "2025-03-03", "duration_minutes": "60", "private_notes": "mine"},
        extra={"sessions": lambda o: o.match.sessions.count()},
    ),
    Case(
        "councillor-match-feedback",
        COUNCILLOR,
        lambda o: o.completed_match,
        _url("mentoring:feedback"),
        post={"rating": "1", "would_recommend": "no", "comments": "someone else's view"},
        extra={
            "feedback": lambda o: hasattr(Match.objects.get(pk=o.completed_match.pk), "feedback")
        },
    ),
    # A proposal is between the programme and the mentor until the mentor says yes.
    Case(
        "mentee-accepts-own-proposal",
        COUNCILLOR,
        lambda o: o.proposal_to_councillor,
        _url("mentoring:accept"),
        post={},
        get=False,
    ),
    Case(
        "councillor-request-sent",
        COUNCILLOR,
        lambda o: o.mentoring_request,
        _url("mentoring:request-sent"),
    ),
    Case(
        "councillor-request-withdraw",
        COUNCILLOR,
        lambda o: o.mentoring_request,
        _url("mentoring:request-withdraw"),
        post={},
        get=False,
    ),
    # Resources: drafts are the programme team's.
    Case(
        "councillor-draft-resource",
        COUNCILLOR,
        lambda o: o.draft_resource,
        _url("resources:detail", "slug"),
    ),
    Case(
        "councillor-draft-resource-download",
        COUNCILLOR,
        lambda o: o.draft_resource,
        _url("resources:download", "slug"),
    ),
]
# Reports: a PA reads only their own region's, never another region's or a national one.
for report in ("national_report", "yorkshire_report"):
    for name, extra_args in (
        ("detail", ()),
        ("progress", ()),
        ("pdf", ()),
        ("xlsx", ()),
        ("csv", ("councils-engaged",)),
    ):
        CASES.append(
            Case(
                f"pa-{report}-{name}",
                PA,
                lambda o, report=report: getattr(o, report),
                lambda o, target, name=name, extra_args=extra_args: reverse(
                    f"reports:{name}", args=[target.pk, *extra_args]
                ),
            )
        )


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return type(obj).objects.filter(pk=obj.pk).values().first()  # type: ignore[attr-defined]  # the base Model type has no objects manager


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_someone_elses_object_is_out_of_reach(case: Case, others: Others) -> None:
    target = case.target(others)
    who = case.who(others)
    url = case.url(others, target)
    client = _client(who)
    before = _snapshot(target)
    extras_before = {key: read(others) for key, read in case.extra.items()}

    if case.get:
        status = client.get(url).status_code
        assert status in case.refused, f"GET {url} as {who.role}: {status}"
    if case.post is not None:
        data = dict(case.post)
        if "council" in data:
            data["council"] = str(target.council_id)
        status = client.post(url, data).status_code
        assert status in case.refused, f"POST {url} as {who.role}: {status}"

    assert _snapshot(target) == before, f"{case.id}: the object changed"
    assert {key: read(others) for key, read in case.extra.items()} == extras_before


def test_the_same_posts_do_change_objects_for_their_owners(others: Others, world: World) -> None:
    """Positive controls: the form data above is enough to change each object when allowed."""
    engagement = others.engagement
    data = {**ENGAGEMENT_EDIT, "council": str(engagement.council_id)}
    _client(others.other_cia).post(reverse("advisers:engagement-edit", args=[engagement.pk]), data)
    engagement.refresh_from_db()
    assert engagement.summary == "Changed by someone else"

    booking = others.booking
    _client(others.other_councillor).post(reverse("courses:booking-cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED

    request = others.mentoring_request
    _client(others.other_councillor).post(reverse("mentoring:request-withdraw", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.WITHDRAWN

    match = others.match
    _client(match.mentor.user).post(
        reverse("mentoring:complete", args=[match.pk]), {"outcome": "Goals met."}
    )
    match.refresh_from_db()
    assert match.status == Match.Status.COMPLETED

    support_request = others.support_request
    _client(world.pa).post(
        reverse("advisers:support-request-status", args=[support_request.pk]),
        {"status": "closed", "note": "done"},
    )
    support_request.refresh_from_db()
    assert support_request.status == "closed"

    challenge = others.challenge
    _client(world.pm).post(
        reverse("peer_challenges:cancel", args=[challenge.pk]), {"reason": "The council asked"}
    )
    challenge.refresh_from_db()
    assert challenge.status == PeerChallenge.Status.CANCELLED


def test_the_owners_and_managers_still_reach_each_object(others: Others, world: World) -> None:
    """The refusals come from the object rules, not from the pages being broken."""
    reachable = [
        (others.other_cia, reverse("advisers:engagement-detail", args=[others.engagement.pk])),
        (world.pa, reverse("advisers:engagement-detail", args=[others.engagement.pk])),
        (world.pa, reverse("advisers:support-request-detail", args=[others.support_request.pk])),
        (
            others.other_associate.user,
            reverse("peer_challenges:detail", args=[others.challenge.pk]),
        ),
        (others.other_councillor, reverse("courses:booking-detail", args=[others.booking.pk])),
        (others.match.mentor.user, reverse("mentoring:match-detail", args=[others.match.pk])),
        (world.pm, reverse("resources:detail", args=[others.draft_resource.slug])),
        (others.yorkshire_pa, reverse("reports:detail", args=[others.yorkshire_report.pk])),
        (world.pm, reverse("reports:pdf", args=[others.national_report.pk])),
    ]
    for user, url in reachable:
        assert _client(user).get(url).status_code == 200, f"{user.role} {url}"


# Fields inside objects one may read --------------------------------------------------------


def test_a_cia_assigned_to_the_council_reads_the_engagement_but_never_its_notes(
    others: Others, world: World
) -> None:
    engagement = others.engagement
    adviser_services.update_engagement(
        engagement=engagement,
        data={"confidential_notes": ENGAGEMENT_NOTES + "-changed"},
        actor=others.other_cia,
    )
    world.adviser.councils.add(others.islington)
    client = _client(world.cia)

    detail = client.get(reverse("advisers:engagement-detail", args=[engagement.pk]))
    export = client.get(reverse("advisers:engagement-export"))
    csv = b"".join(export.streaming_content).decode()

    assert detail.status_code == 200 and ENGAGEMENT_SUMMARY in detail.content.decode()
    assert ENGAGEMENT_NOTES not in detail.content.decode()  # neither the notes nor their history
    assert ENGAGEMENT_SUMMARY in csv
    assert ENGAGEMENT_NOTES not in csv


@pytest.mark.parametrize("persona", ["cia", "yorkshire_pa"])
def test_the_engagement_export_leaves_out_engagements_one_may_not_read(
    others: Others, world: World, persona: str
) -> None:
    assert others.engagement
    user = world.cia if persona == "cia" else others.yorkshire_pa

    response = _client(user).get(reverse("advisers:engagement-export"))
    csv = b"".join(response.streaming_content).decode()

    assert response.status_code == 200
    assert ENGAGEMENT_SUMMARY not in csv


@pytest.mark.parametrize("persona", ["cia", "yorkshire_pa", "associate", "councillor"])
def test_the_council_page_shows_no_engagement_one_may_not_read(
    others: Others, world: World, persona: str
) -> None:
    assert others.engagement
    user = others.yorkshire_pa if persona == "yorkshire_pa" else getattr(world, persona)

    response = _client(user).get(reverse("councils:detail", args=[others.islington.gss_code]))

    assert response.status_code == 200
    assert ENGAGEMENT_SUMMARY not in response.content.decode()


def test_session_notes_are_for_the_pair_and_programme_managers(
    others: Others, world: World
) -> None:
    match = others.match
    url = reverse("mentoring:match-detail", args=[match.pk])

    for user in (match.mentor.user, match.request.mentee, world.pm):
        assert SESSION_NOTES in _client(user).get(url).content.decode(), user.email
    # Another mentor in the pool, who is on a match of their own.
    other_mentor = mentoring_factories.MatchFactory(status=Match.Status.ACTIVE).mentor.user
    response = _client(other_mentor).get(url)
    assert response.status_code == 404


def test_a_pa_requests_a_report_only_for_their_own_region(others: Others, world: World) -> None:
    from reports.models import EvaluationReport

    response = _client(world.pa).post(
        reverse("reports:list"),
        {
            "start": "2024-04-01",
            "end": "2025-03-31",
            "region": str(others.leeds.region_id),
        },
    )

    assert response.status_code in (200, 400, 403)
    assert not EvaluationReport.objects.filter(region=others.leeds.region).exists()


def test_booking_on_behalf_of_someone_is_for_programme_managers(
    others: Others, world: World
) -> None:
    session = world.session
    client = _client(world.councillor)

    client.get(reverse("courses:book", args=[session.pk]))
    response = client.post(
        reverse("courses:book-person", args=[session.pk]),
        {"email": others.other_councillor.email},
    )

    assert response.status_code == 403
    assert not Booking.objects.filter(session=session, person=others.other_councillor).exists()


def test_sessions_of_an_unpublished_course_cannot_be_booked(others: Others, world: World) -> None:
    session = course_factories.SessionFactory(course=others.draft_course)
    client = _client(world.councillor)

    assert client.get(reverse("courses:session-detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("courses:book", args=[session.pk])).status_code == 404
    assert not Booking.objects.filter(session=session).exists()
