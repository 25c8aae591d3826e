from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from accounts.roles import Role
from advisers.models import (
    Accreditation,
    Adviser,
    Availability,
    Engagement,
    SupportRequest,
)
from tests.factories.accounts import UserFactory
from tests.factories.councils import CouncilFactory


class AdviserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adviser
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory, role=Role.IMPROVEMENT_ADVISER)
    kind = Adviser.Kind.IMPROVEMENT_ADVISER
    region = factory.LazyAttribute(lambda o: o.user.region)


class AccreditationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accreditation

    adviser = factory.SubFactory(AdviserFactory)
    kind = Accreditation.Kind.PEER_CHALLENGE_MEMBER
    awarded_on = datetime.date(2024, 1, 1)
    expires_on = datetime.date(2027, 1, 1)


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    adviser = factory.SubFactory(AdviserFactory)
    starts_on = datetime.date(2025, 5, 1)
    ends_on = datetime.date(2025, 6, 30)
    days_available = 5


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    council = factory.SubFactory(CouncilFactory)
    adviser = factory.SubFactory(AdviserFactory)
    date = datetime.date(2025, 3, 3)
    days = Decimal("1.0")
    strand = Engagement.Strand.INTENSIVE
    activity = Engagement.Activity.ADVICE_DCS
    funding = Engagement.Funding.FREE
    summary = "Met the director of children's services."
    created_by = factory.LazyAttribute(lambda o: o.adviser.user)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    council = factory.SubFactory(CouncilFactory)
    requested_by = factory.SubFactory(UserFactory, role=Role.PRINCIPAL_ADVISER)
    kind = SupportRequest.Kind.DIAGNOSTIC
    details = "A diagnostic of the front door."
