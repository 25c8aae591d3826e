"""Mentoring personas: a mentor from Leeds, and the Camden councillor's request.

Mentoring needs only a few real councils, so ``councils`` is narrowed here to Camden,
Islington and Leeds (with their real codes and regions) instead of loading all 158 each test.
"""

from __future__ import annotations

import datetime

import pytest

from accounts.models import User
from accounts.roles import Role
from councils.models import Council
from mentoring.models import Match, Mentor, MentoringRequest
from tests.factories.accounts import UserFactory
from tests.factories.councils import CouncilFactory, RegionFactory
from tests.factories.mentoring import MatchFactory, MentorFactory, MentoringRequestFactory


@pytest.fixture
def councils(db: None) -> None:
    london = RegionFactory(code="E12000007", name="London", slug="london")
    yorkshire = RegionFactory(
        code="E12000003", name="Yorkshire and The Humber", slug="yorkshire-and-the-humber"
    )
    for gss, name, la_number, region in [
        ("E09000007", "Camden", "202", london),
        ("E09000019", "Islington", "206", london),
        ("E08000035", "Leeds", "383", yorkshire),
    ]:
        CouncilFactory(
            gss_code=gss,
            name=name,
            slug=name.lower(),
            la_number=la_number,
            kind=Council.Kind.LONDON if region == london else Council.Kind.METROPOLITAN,
            region=region,
            active_from=datetime.date(2009, 1, 1),
        )


@pytest.fixture
def mentor_user(leeds: Council) -> User:
    return UserFactory(
        email="mentor@example.org",
        full_name="Cllr Morgan Mentor",
        role=Role.COUNCILLOR,
        council=leeds,
        region=leeds.region,
    )


@pytest.fixture
def mentor(mentor_user: User) -> Mentor:
    return MentorFactory(
        user=mentor_user, experience=["led_improvement", "new_portfolio_holder"], capacity=2
    )


@pytest.fixture
def other_councillor(islington: Council) -> User:
    return UserFactory(
        email="other.councillor@example.org",
        full_name="Cllr Other Person",
        role=Role.COUNCILLOR,
        council=islington,
        region=islington.region,
    )


@pytest.fixture
def mentoring_request(councillor: User) -> MentoringRequest:
    return MentoringRequestFactory(mentee=councillor, performance_concern=True)


@pytest.fixture
def proposed_match(
    mentoring_request: MentoringRequest, mentor: Mentor, programme_manager: User
) -> Match:
    return MatchFactory(request=mentoring_request, mentor=mentor, proposed_by=programme_manager)


@pytest.fixture
def active_match(proposed_match: Match) -> Match:
    Match.objects.filter(pk=proposed_match.pk).update(status=Match.Status.ACTIVE)
    MentoringRequest.objects.filter(pk=proposed_match.request_id).update(
        status=MentoringRequest.Status.MATCHED
    )
    proposed_match.refresh_from_db()
    return proposed_match
