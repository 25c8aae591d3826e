"""Mentoring personas: a mentor from Leeds, and the Camden councillor's request."""

from __future__ import annotations

import pytest

from accounts.models import User
from accounts.roles import Role
from councils.models import Council
from mentoring.models import GroupOffice, Match, Mentor, MentoringRequest
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import MatchFactory, MentorFactory, MentoringRequestFactory


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


@pytest.fixture
def labour_office(db: None) -> GroupOffice:
    """The Labour group office as the data migration seeds it (made again if a transactional
    test has emptied the table)."""
    office, _ = GroupOffice.objects.update_or_create(
        political_group="labour",
        defaults={
            "name": "LGA Labour Group office",
            "contact_name": "Labour Group office",
            "contact_email": "lgalabour@local.gov.uk",
        },
    )
    return office
