"""One object of each kind the portal's URLs name, made on first use, for the security tests.

The objects sit where the personas of ``tests/conftest.py`` can reach them: the engagement is
the London CIA's in Camden, the booking and the mentoring request are the Camden councillor's,
the associate is on the peer challenge's team, the report is London's.
"""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Any

import pytest
from django.core.files.base import ContentFile

from accounts.models import User
from accounts.roles import Role
from advisers.models import Adviser
from councils.models import Council, OfstedUpload
from notifications.models import Notification
from tests.factories import advisers as adviser_factories
from tests.factories import courses as course_factories
from tests.factories import mentoring as mentoring_factories
from tests.factories import peer_challenges as challenge_factories
from tests.factories import reports as report_factories
from tests.factories import resources as resource_factories
from tests.faults.conftest import redis_down  # noqa: F401 - the fault fixture, shared

PERSONAS = [
    "programme_manager",
    "principal_adviser",
    "improvement_adviser",
    "associate",
    "councillor",
]
ROLE_OF = {
    "programme_manager": Role.PROGRAMME_MANAGER,
    "principal_adviser": Role.PRINCIPAL_ADVISER,
    "improvement_adviser": Role.IMPROVEMENT_ADVISER,
    "associate": Role.ASSOCIATE,
    "councillor": Role.COUNCILLOR,
}
# Text a browser would run if a page printed it without escaping.
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
PAYLOADS = (SCRIPT, ATTRIBUTE)


class World:
    """The personas and one object of each kind, each made the first time it is asked for."""

    def __init__(self, people: dict[str, User], camden: Council) -> None:
        self.people = people
        self.camden = camden

    @property
    def pm(self) -> User:
        return self.people["programme_manager"]

    @property
    def pa(self) -> User:
        return self.people["principal_adviser"]

    @property
    def cia(self) -> User:
        return self.people["improvement_adviser"]

    @property
    def associate(self) -> User:
        return self.people["associate"]

    @property
    def councillor(self) -> User:
        return self.people["councillor"]

    @cached_property
    def engagement_upload(self) -> Any:
        from django.core.files.base import ContentFile

        from advisers.models import EngagementUpload

        return EngagementUpload.objects.create(
            file=ContentFile(b"council\n", name="log.csv"), file_name="log.csv", uploaded_by=self.pm
        )

    @cached_property
    def adviser(self) -> Adviser:
        return adviser_factories.AdviserFactory(
            user=self.cia, kind=Adviser.Kind.IMPROVEMENT_ADVISER, region=self.cia.region
        )

    @cached_property
    def associate_adviser(self) -> Adviser:
        return adviser_factories.AdviserFactory(
            user=self.associate,
            kind=Adviser.Kind.ASSOCIATE,
            region=self.associate.region,
            home_council=self.associate.council,
        )

    @cached_property
    def engagement(self) -> Any:
        return adviser_factories.EngagementFactory(council=self.camden, adviser=self.adviser)

    @cached_property
    def availability(self) -> Any:
        return adviser_factories.AvailabilityFactory(adviser=self.adviser)

    @cached_property
    def support_request(self) -> Any:
        return adviser_factories.SupportRequestFactory(council=self.camden, requested_by=self.pa)

    @cached_property
    def ofsted_upload(self) -> OfstedUpload:
        upload = OfstedUpload(
            file_name="outcomes.csv", status=OfstedUpload.Status.READY, uploaded_by=self.pm
        )
        upload.file.save("outcomes.csv", ContentFile(b"gss_code\n"), save=False)
        upload.save()
        return upload

    @cached_property
    def challenge(self) -> Any:
        return challenge_factories.ScopedChallengeFactory(council=self.camden, requested_by=self.pm)

    @cached_property
    def team_member(self) -> Any:
        return challenge_factories.TeamMemberFactory(
            challenge=self.challenge, adviser=self.associate_adviser
        )

    @cached_property
    def course(self) -> Any:
        return course_factories.CourseFactory()

    @cached_property
    def session(self) -> Any:
        return course_factories.SessionFactory(course=self.course)

    @cached_property
    def booking(self) -> Any:
        return course_factories.BookingFactory(session=self.session, person=self.councillor)

    @cached_property
    def mentor(self) -> Any:
        return mentoring_factories.MentorFactory()

    @cached_property
    def mentoring_request(self) -> Any:
        return mentoring_factories.MentoringRequestFactory(
            mentee=self.councillor, council=self.camden
        )

    @cached_property
    def match(self) -> Any:
        return mentoring_factories.MatchFactory(
            request=self.mentoring_request, mentor=self.mentor, proposed_by=self.pm
        )

    @cached_property
    def office_referral(self) -> Any:
        from mentoring.models import GroupOffice, GroupOfficeReferral

        return GroupOfficeReferral.objects.create(
            request=self.mentoring_request,
            office=GroupOffice.objects.get_or_create(
                political_group="labour", defaults={"name": "LGA Labour Group office"}
            )[0],
            ask=GroupOfficeReferral.Ask.NOMINATE,
            asked_by=self.pm,
        )

    @cached_property
    def resource(self) -> Any:
        return resource_factories.ResourceFactory()

    @cached_property
    def report(self) -> Any:
        return report_factories.EvaluationReportFactory(
            requested_by=self.pm,
            region=self.camden.region,
            start=datetime.date(2024, 4, 1),
            end=datetime.date(2025, 3, 31),
        )

    @cached_property
    def mentoring_session(self) -> Any:
        return mentoring_factories.MentoringSessionFactory(match=self.match)

    @cached_property
    def notification(self) -> Any:
        return Notification.objects.create(
            recipient=self.pm, email=self.pm.email, kind="report_finished", subject="Ready",
            body_text="Ready", body_html="<p>Ready</p>",
        )  # fmt: skip

    @cached_property
    def undelivered(self) -> Any:
        return Notification.objects.create(
            recipient=self.councillor, email=self.councillor.email, kind="booking_confirmed",
            subject="Booked", body_text="Booked", body_html="<p>Booked</p>",
            status=Notification.Status.FAILED, last_error="The mail server refused the address.",
        )  # fmt: skip


@pytest.fixture
def world(
    programme_manager: User,
    principal_adviser: User,
    improvement_adviser: User,
    associate: User,
    councillor: User,
    camden: Council,
) -> World:
    people = {
        "programme_manager": programme_manager,
        "principal_adviser": principal_adviser,
        "improvement_adviser": improvement_adviser,
        "associate": associate,
        "councillor": councillor,
    }
    return World(people, camden)


def assert_escaped(body: str, where: str) -> None:
    """Neither payload appears as markup; each must be there as text (escaped)."""
    for payload in PAYLOADS:
        assert payload not in body, f"{where} prints {payload!r} unescaped"
