"""Database rules that hold whatever code writes the rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from advisers.models import Accreditation, Availability
from tests.factories.advisers import AccreditationFactory, AvailabilityFactory, EngagementFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", ["0", "-0.5", "5.5", "1.3"])
def test_the_database_refuses_days_outside_the_rules(days, other_cia, camden):
    with pytest.raises(IntegrityError), transaction.atomic():
        EngagementFactory(council=camden, adviser=other_cia, days=Decimal(days))


@pytest.mark.parametrize("days", ["0.5", "2.5", "5"])
def test_the_database_accepts_half_days_up_to_five(days, other_cia, camden):
    assert EngagementFactory(council=camden, adviser=other_cia, days=Decimal(days)).pk


def test_an_accreditation_is_valid_only_for_dates_it_covers():
    accreditation = Accreditation(
        awarded_on=datetime.date(2024, 1, 1), expires_on=datetime.date(2025, 1, 1)
    )

    assert accreditation.is_valid_between(datetime.date(2024, 6, 1), datetime.date(2024, 6, 3))
    assert not accreditation.is_valid_between(
        datetime.date(2024, 12, 30), datetime.date(2025, 1, 2)
    )
    assert not accreditation.is_valid_between(
        datetime.date(2023, 12, 31), datetime.date(2024, 1, 2)
    )


def test_availability_covering_finds_ranges_holding_the_whole_period(other_cia):
    whole = AvailabilityFactory(
        adviser=other_cia, starts_on=datetime.date(2025, 5, 1), ends_on=datetime.date(2025, 5, 31)
    )
    AvailabilityFactory(
        adviser=other_cia, starts_on=datetime.date(2025, 5, 20), ends_on=datetime.date(2025, 6, 30)
    )

    found = Availability.objects.covering(datetime.date(2025, 5, 10), datetime.date(2025, 5, 12))

    assert list(found) == [whole]


def test_accreditations_valid_between_and_expiring_within(other_cia):
    soon = AccreditationFactory(adviser=other_cia, expires_on=datetime.date(2025, 6, 30))
    later = AccreditationFactory(adviser=other_cia, expires_on=datetime.date(2026, 6, 30))
    today = datetime.date(2025, 6, 1)

    assert list(Accreditation.objects.expiring_within(90, today)) == [soon]
    assert set(Accreditation.objects.valid_between(today, datetime.date(2025, 6, 30))) == {
        soon,
        later,
    }


def test_an_accreditation_cannot_expire_before_it_is_awarded(other_cia):
    with pytest.raises(IntegrityError), transaction.atomic():
        AccreditationFactory(
            adviser=other_cia,
            awarded_on=datetime.date(2025, 1, 1),
            expires_on=datetime.date(2024, 1, 1),
        )
