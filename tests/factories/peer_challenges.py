from __future__ import annotations

import datetime

import factory

from accounts.roles import Role
from peer_challenges.models import PeerChallenge, StatusChange, TeamMember
from tests.factories.accounts import UserFactory
from tests.factories.advisers import AdviserFactory
from tests.factories.councils import CouncilFactory


class PeerChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerChallenge

    council = factory.SubFactory(CouncilFactory)
    requested_by = factory.SubFactory(UserFactory, role=Role.PROGRAMME_MANAGER)
    requested_on = datetime.date(2025, 1, 6)
    status = PeerChallenge.Status.REQUESTED


class ScopedChallengeFactory(PeerChallengeFactory):
    """A challenge in scoping with every scoping detail recorded (on site 2 to 6 June 2025)."""

    status = PeerChallenge.Status.SCOPING
    focus = factory.LazyFunction(lambda: ["front_door", "children_in_need"])
    key_lines_of_enquiry = "How well does the front door protect children?"
    on_site_starts_on = datetime.date(2025, 6, 2)
    on_site_ends_on = datetime.date(2025, 6, 6)
    funding = "free"


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    challenge = factory.SubFactory(PeerChallengeFactory)
    to_status = PeerChallenge.Status.REQUESTED
    changed_by = factory.LazyAttribute(lambda o: o.challenge.requested_by)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    challenge = factory.SubFactory(ScopedChallengeFactory)
    adviser = factory.SubFactory(AdviserFactory)
    role = TeamMember.Role.MEMBER_PEER
