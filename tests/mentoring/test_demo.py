"""Demo data: a realistic mix that keeps the hard rules, the same for the same seed."""

from __future__ import annotations

import random

import pytest
from django.db.models import Count, F
from django.utils import timezone

from accounts.roles import Role
from improvement_portal.demo import DemoContext, last_financial_year
from mentoring import demo
from mentoring.models import Match, Mentor, MentoringRequest
from tests.factories.accounts import UserFactory
from tests.factories.councils import CouncilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(councillor, programme_manager):
    CouncilFactory.create_batch(12)


def run(seed: int = 7, scale: float = 0.2) -> str:
    return demo.seed(DemoContext(scale=scale, rng=random.Random(seed), stdout=None))


def test_seeds_mentors_and_matches_that_keep_the_hard_rules(portal, councillor):
    summary = run()

    assert Mentor.objects.count() == 60
    assert Match.objects.count() == 101  # 100 at this scale, and the demo councillor's
    statuses = dict(Match.objects.values_list("status").annotate(n=Count("pk")))
    assert set(statuses) == set(Match.Status.values)
    assert not Match.objects.filter(mentor__council_id=F("request__council_id")).exists()
    assert not Mentor.objects.with_load().filter(live_matches__gt=F("capacity")).exists()
    assert not Mentor.objects.with_load().filter(is_active=False, live_matches__gt=0).exists()
    assert MentoringRequest.objects.waiting().exists()
    assert "60 mentors" in summary


def test_the_demo_councillor_has_an_active_match(portal, councillor):
    run()

    match = Match.objects.get(request__mentee=councillor)
    assert match.status == Match.Status.ACTIVE
    assert match.sessions.count() == 2


def test_the_same_seed_gives_the_same_data(portal):
    run(seed=3)
    first = list(Match.objects.order_by("pk").values_list("mentor__user__email", "status", "score"))
    Match.objects.all().delete()
    MentoringRequest.objects.all().delete()
    Mentor.objects.all().delete()
    UserFactory._meta.model.objects.filter(email__contains=".example.org").exclude(
        email__endswith="@example.org"
    ).delete()

    run(seed=3)

    assert (
        list(Match.objects.order_by("pk").values_list("mentor__user__email", "status", "score"))
        == first
    )


def test_seeding_twice_adds_nothing(portal):
    run()

    assert run() == "already present"
    assert Mentor.objects.count() == 60


def test_small_scales_still_give_a_working_programme(portal):
    run(scale=0.05)

    assert Mentor.objects.count() == 15
    assert Match.objects.filter(status__in=Match.LIVE_STATUSES).exists()
    assert UserFactory._meta.model.objects.filter(role=Role.COUNCILLOR).count() > 15


def test_matches_were_made_and_completed_in_the_report_forms_first_period(portal):
    run(scale=0.05)
    start, end = last_financial_year(timezone.localdate())

    made = Match.objects.filter(responded_on__gte=start, responded_on__lte=end)
    completed = made.filter(status=Match.Status.COMPLETED, completed_on__lte=end)
    assert completed.count() >= demo.MATCHES_IN_PERIOD
