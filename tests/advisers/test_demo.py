"""Demo data: quick, deterministic, and realistic at a small scale."""

from __future__ import annotations

import random
from io import StringIO

import pytest

from advisers.models import Adviser, Engagement, SupportRequest
from councils.models import Region
from demo import DemoContext
from demo import advisers as demo

pytestmark = pytest.mark.django_db


def seed(scale: float, seed: int = 7) -> str:
    return demo.seed(DemoContext(scale=scale, rng=random.Random(seed), stdout=StringIO()))


def fingerprint() -> list[tuple]:
    return list(
        Engagement.objects.order_by(
            "date", "council__gss_code", "adviser__user__email", "summary", "days"
        ).values_list("date", "council__gss_code", "adviser__user__email", "days", "strand")
    )


def test_a_small_demo_has_a_pa_for_every_region_and_advisers_with_councils(councils):
    summary = seed(0.05)

    assert "engagements" in summary
    pa_regions = set(
        Adviser.objects.filter(kind="principal_adviser").values_list("region", flat=True)
    )
    assert pa_regions == set(Region.objects.values_list("pk", flat=True))
    assert Adviser.objects.filter(kind="improvement_adviser", councils__isnull=False).exists()
    assert Adviser.objects.filter(kind="associate", home_council__isnull=False).exists()
    assert Adviser.objects.filter(accreditations__isnull=False).exists()
    assert Adviser.objects.filter(availability__isnull=False).exists()
    assert 900 <= Engagement.objects.count() <= 1000
    assert SupportRequest.objects.exists()
    assert seed(0.05) == "advisers already seeded"


def test_the_same_seed_gives_the_same_engagements(councils, django_db_blocker):
    seed(0.02, seed=11)
    first = fingerprint()
    Engagement.objects.all().delete()
    SupportRequest.objects.all().delete()
    Adviser.objects.all().delete()
    from accounts.models import User

    User.objects.filter(email__endswith=f"@{demo.DEMO_DOMAIN}").delete()
    seed(0.02, seed=11)

    assert fingerprint() == first
