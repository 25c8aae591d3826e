"""Peer challenges around Camden (London), and peers from the availability register."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from advisers.models import Accreditation, Adviser
from councils.models import Council
from peer_challenges.models import PeerChallenge, StatusChange, TeamMember
from tests.factories.accounts import UserFactory
from tests.factories.advisers import AccreditationFactory, AdviserFactory, AvailabilityFactory
from tests.factories.peer_challenges import ScopedChallengeFactory

ON_SITE = (datetime.date(2025, 6, 2), datetime.date(2025, 6, 6))
Kind = Accreditation.Kind


@pytest.fixture
def make_peer(leeds: Council) -> Callable[..., Adviser]:
    """A person on the availability register who keeps every rule for Camden's on-site week,
    unless told otherwise."""
    made = iter(range(1, 1000))

    def _make(
        name: str | None = None,
        *,
        user: User | None = None,
        kind: str = Kind.PEER_CHALLENGE_LEAD,
        accredited: tuple[datetime.date, datetime.date] | None = (
            datetime.date(2024, 1, 1),
            datetime.date(2027, 1, 1),
        ),
        available: tuple[datetime.date, datetime.date] | None = (
            datetime.date(2025, 5, 1),
            datetime.date(2025, 6, 30),
        ),
        home_council: Council | None = leeds,
    ) -> Adviser:
        if user is None:
            number = next(made)
            user = UserFactory(
                email=f"peer{number}@example.org",
                full_name=name or f"Peer {number}",
                role=Role.ASSOCIATE,
            )
        adviser = AdviserFactory(user=user, kind=Adviser.Kind.ASSOCIATE, home_council=home_council)
        if accredited:
            AccreditationFactory(
                adviser=adviser, kind=kind, awarded_on=accredited[0], expires_on=accredited[1]
            )
        if available:
            AvailabilityFactory(adviser=adviser, starts_on=available[0], ends_on=available[1])
        return adviser

    return _make


@pytest.fixture
def challenge(camden: Council, principal_adviser: User) -> PeerChallenge:
    """Camden's peer challenge in scoping, on site 2 to 6 June 2025, with no team yet."""
    challenge = ScopedChallengeFactory(council=camden, requested_by=principal_adviser)
    StatusChange.objects.create(
        challenge=challenge, to_status=PeerChallenge.Status.REQUESTED, changed_by=principal_adviser
    )
    return challenge


def give_ready_team(
    challenge: PeerChallenge, make_peer: Callable[..., Adviser]
) -> list[TeamMember]:
    """A confirmed lead peer and member peer who keep every rule."""
    now = timezone.now()
    lead = TeamMember.objects.create(
        challenge=challenge,
        adviser=make_peer("Lena Lead"),
        role=TeamMember.Role.LEAD_PEER,
        confirmed_at=now,
    )
    member = TeamMember.objects.create(
        challenge=challenge,
        adviser=make_peer("Mo Member", kind=Kind.PEER_CHALLENGE_MEMBER),
        role=TeamMember.Role.MEMBER_PEER,
        confirmed_at=now,
    )
    return [lead, member]


def ready_in(
    challenge: PeerChallenge, status: str, make_peer: Callable[..., Adviser]
) -> PeerChallenge:
    """The challenge in ``status`` with everything any step from there needs."""
    give_ready_team(challenge, make_peer)
    challenge.status = status
    challenge.strengths = "A stable, skilled workforce."
    challenge.areas_for_consideration = "Thresholds at the front door."
    challenge.recommendations = "Audit contacts that lead to no further action."
    challenge.letter_status = PeerChallenge.LetterStatus.READY
    challenge.letter_pdf.name = "peer_challenges/letters/letter.pdf"
    challenge.save()
    return challenge


@pytest.fixture
def sent_challenge(challenge: PeerChallenge, programme_manager: User) -> PeerChallenge:
    """Camden's challenge with its letter sent, follow-up notes and a timeline note recorded."""

    challenge.status = PeerChallenge.Status.FEEDBACK_SENT
    challenge.letter_sent_at = timezone.now()
    challenge.follow_up_on = timezone.localdate()
    challenge.follow_up_notes = "Leadership still fragile; DCS post vacant again."
    challenge.save()
    StatusChange.objects.create(
        challenge=challenge,
        from_status=PeerChallenge.Status.ON_SITE,
        to_status=PeerChallenge.Status.FEEDBACK_SENT,
        changed_by=programme_manager,
        note="Sent late: the chief executive disputed the findings.",
    )
    return challenge
