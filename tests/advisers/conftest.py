"""Adviser profiles for the personas, and a few engagements around London and Leeds."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from accounts.models import User
from accounts.roles import Role
from advisers import services
from advisers.models import Adviser, Engagement
from councils.models import Council
from tests.factories.accounts import UserFactory
from tests.factories.advisers import EngagementFactory


@pytest.fixture
def pa_profile(principal_adviser: User) -> Adviser:
    return services.ensure_adviser_profile(user=principal_adviser)


@pytest.fixture
def cia_profile(improvement_adviser: User, camden: Council) -> Adviser:
    """The CIA is assigned Camden (and so reads Camden's engagements, not Islington's)."""
    adviser = services.ensure_adviser_profile(user=improvement_adviser)
    adviser.councils.add(camden)
    return adviser


@pytest.fixture
def other_cia(london) -> Adviser:
    user = UserFactory(
        email="other.cia@example.org",
        full_name="Olu Other",
        role=Role.IMPROVEMENT_ADVISER,
        region=london,
    )
    return services.ensure_adviser_profile(user=user)


@pytest.fixture
def leeds_pa(leeds: Council) -> Adviser:
    user = UserFactory(
        email="leeds.pa@example.org",
        full_name="Lee Yorkshire",
        role=Role.PRINCIPAL_ADVISER,
        region=leeds.region,
    )
    return services.ensure_adviser_profile(user=user)


@pytest.fixture
def camden_by_other_cia(other_cia: Adviser, camden: Council) -> Engagement:
    """Camden (assigned to the CIA persona), logged by another CIA, with confidential notes."""
    return EngagementFactory(
        council=camden,
        adviser=other_cia,
        date=datetime.date(2025, 2, 10),
        days=Decimal("1.5"),
        summary="Improvement board in Camden.",
        confidential_notes="SECRET-CAMDEN: the DCS is leaving.",
    )


@pytest.fixture
def islington_by_other_cia(other_cia: Adviser, islington: Council) -> Engagement:
    return EngagementFactory(
        council=islington,
        adviser=other_cia,
        date=datetime.date(2025, 2, 11),
        days=Decimal("2.0"),
        summary="Workshop in Islington.",
        confidential_notes="SECRET-ISLINGTON: budget gap.",
    )


@pytest.fixture
def leeds_by_leeds_pa(leeds_pa: Adviser, leeds: Council) -> Engagement:
    return EngagementFactory(
        council=leeds,
        adviser=leeds_pa,
        date=datetime.date(2025, 2, 12),
        days=Decimal("0.5"),
        summary="Lead member briefing in Leeds.",
        confidential_notes="SECRET-LEEDS: political tension.",
        strand=Engagement.Strand.LEAD_MEMBER,
    )


@pytest.fixture
def engagements(camden_by_other_cia, islington_by_other_cia, leeds_by_leeds_pa):
    return {
        "camden": camden_by_other_cia,
        "islington": islington_by_other_cia,
        "leeds": leeds_by_leeds_pa,
    }
