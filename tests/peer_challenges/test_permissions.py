"""Who sees which peer challenge, and who may manage it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from peer_challenges import permissions
from peer_challenges.models import TeamMember
from tests.factories.peer_challenges import PeerChallengeFactory


@pytest.fixture
def leeds_challenge(leeds, programme_manager):
    return PeerChallengeFactory(council=leeds, requested_by=programme_manager)


def test_a_programme_manager_sees_every_challenge(programme_manager, challenge, leeds_challenge):
    assert set(permissions.visible_to(programme_manager)) == {challenge, leeds_challenge}
    assert permissions.can_manage_challenge(programme_manager, leeds_challenge)


def test_a_principal_adviser_sees_and_manages_their_region(
    principal_adviser, challenge, leeds_challenge
):
    assert list(permissions.visible_to(principal_adviser)) == [challenge]
    assert permissions.can_manage_challenge(principal_adviser, challenge)
    assert not permissions.can_manage_challenge(principal_adviser, leeds_challenge)


def test_a_principal_adviser_on_a_team_elsewhere_sees_it_without_managing_it(
    principal_adviser, leeds_challenge, make_peer
):
    TeamMember.objects.create(
        challenge=leeds_challenge, adviser=make_peer(user=principal_adviser), role="member_peer"
    )

    assert leeds_challenge in permissions.visible_to(principal_adviser)
    assert not permissions.can_manage_challenge(principal_adviser, leeds_challenge)


@pytest.mark.parametrize("persona", ["improvement_adviser", "associate"])
def test_advisers_and_associates_see_only_the_challenges_they_are_on(
    persona, request, challenge, leeds_challenge, make_peer
):
    user = request.getfixturevalue(persona)
    assert list(permissions.visible_to(user)) == []

    TeamMember.objects.create(challenge=challenge, adviser=make_peer(user=user), role="shadow")

    assert list(permissions.visible_to(user)) == [challenge]
    assert not permissions.can_manage_challenge(user, challenge)


def test_a_councillor_sees_their_councils_challenge_only_once_the_letter_is_sent(
    councillor, challenge, islington, programme_manager
):
    islington_sent = PeerChallengeFactory(
        council=islington, requested_by=programme_manager, letter_sent_at=timezone.now()
    )
    assert list(permissions.visible_to(councillor)) == []

    challenge.status = "feedback_sent"
    challenge.letter_sent_at = timezone.now()
    challenge.save()

    assert list(permissions.visible_to(councillor)) == [challenge]
    assert islington_sent not in permissions.visible_to(councillor)
    assert not permissions.can_manage_challenge(councillor, challenge)


def test_the_queryset_method_applies_the_same_rules(principal_adviser, challenge, leeds_challenge):
    from peer_challenges.models import PeerChallenge

    assert list(PeerChallenge.objects.visible_to(principal_adviser)) == [challenge]


def test_an_inactive_user_sees_nothing(programme_manager, challenge):
    programme_manager.is_active = False

    assert list(permissions.visible_to(programme_manager)) == []


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("programme_manager", True),
        ("principal_adviser", True),
        ("improvement_adviser", False),
        ("associate", False),
        ("councillor", False),
    ],
)
def test_who_may_request_a_challenge_for_camden(persona, allowed, request, camden):
    assert permissions.can_request_for(request.getfixturevalue(persona), camden) is allowed


def test_the_reviewed_council_does_not_read_the_internal_notes(councillor, sent_challenge):
    assert sent_challenge in permissions.visible_to(councillor)
    assert permissions.can_read_letter(councillor, sent_challenge)
    assert not permissions.can_read_internal_notes(councillor, sent_challenge)


def test_managers_and_the_team_read_the_internal_notes(
    programme_manager, principal_adviser, associate, sent_challenge, make_peer
):
    TeamMember.objects.create(
        challenge=sent_challenge, adviser=make_peer(user=associate), role="shadow"
    )

    assert permissions.can_read_internal_notes(programme_manager, sent_challenge)
    assert permissions.can_read_internal_notes(principal_adviser, sent_challenge)
    assert permissions.can_read_internal_notes(associate, sent_challenge)
