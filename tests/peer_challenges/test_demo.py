"""Demo peer challenges: every status, fair teams from the register, the same data each time."""

from __future__ import annotations

import datetime
import io
import random

import pytest
from django.utils import timezone

from accounts.roles import Role
from advisers.models import Accreditation, Adviser
from improvement_portal.demo import DemoContext, last_financial_year
from peer_challenges import demo
from peer_challenges.models import PeerChallenge, StatusChange, TeamMember
from tests.factories.accounts import UserFactory
from tests.factories.advisers import AccreditationFactory, AdviserFactory, AvailabilityFactory


def _seed(scale: float = 0.05, seed: int = 2018) -> str:
    return demo.seed(DemoContext(scale=scale, rng=random.Random(seed), stdout=io.StringIO()))


@pytest.fixture
def register(councils):
    """Twelve peers from councils across England, accredited and available this term."""
    from councils.models import Council

    today = timezone.localdate()
    homes = list(Council.objects.current().order_by("gss_code")[::13])
    for number in range(12):
        adviser = AdviserFactory(
            user=UserFactory(email=f"register{number}@example.org", role=Role.ASSOCIATE),
            kind=Adviser.Kind.ASSOCIATE,
            home_council=homes[number % len(homes)],
        )
        AccreditationFactory(
            adviser=adviser,
            kind=Accreditation.Kind.PEER_CHALLENGE_LEAD
            if number % 3 == 0
            else Accreditation.Kind.PEER_CHALLENGE_MEMBER,
            awarded_on=today - datetime.timedelta(days=400),
            expires_on=today + datetime.timedelta(days=700),
        )
        AvailabilityFactory(
            adviser=adviser,
            starts_on=today - datetime.timedelta(days=10),
            ends_on=today + datetime.timedelta(days=200),
            days_available=20,
        )


def test_without_advisers_makes_challenges_in_every_status_without_teams(programme_manager):
    summary = _seed()

    assert summary.startswith("7 peer challenges, 0 team places")
    assert set(PeerChallenge.objects.values_list("status", flat=True)) == set(
        PeerChallenge.Status.values
    )
    assert not TeamMember.objects.exists()


def test_teams_are_drawn_from_the_register_never_from_the_council_under_review(
    programme_manager, principal_adviser, register
):
    _seed(scale=0.3)

    assert PeerChallenge.objects.count() == 30
    places = TeamMember.objects.select_related("adviser", "challenge")
    assert places.exists()
    assert not [p for p in places if p.adviser.home_council_id == p.challenge.council_id]
    for challenge in PeerChallenge.objects.filter(
        status__in=["on_site", "feedback_sent", "closed"]
    ):
        assert challenge.team.filter(role="lead_peer").count() <= 1
        assert challenge.team.count() >= 4


def test_each_timeline_starts_with_the_request_and_ends_in_the_status(programme_manager):
    _seed(scale=0.2)

    for challenge in PeerChallenge.objects.all():
        steps = list(challenge.status_changes.all())
        assert steps[0].to_status == "requested"
        assert steps[-1].to_status == challenge.status
        assert [s.changed_at for s in steps] == sorted(s.changed_at for s in steps)


def test_camden_has_a_sent_letter_with_its_pdf(programme_manager, principal_adviser):
    _seed()

    camden = PeerChallenge.objects.get(council__gss_code="E09000007")
    assert camden.status == "feedback_sent"
    assert camden.letter_is_ready
    assert camden.letter_pdf.read().startswith(b"%PDF")


def test_the_same_seed_gives_the_same_challenges(programme_manager, register):
    def snapshot() -> list[tuple]:
        return list(
            PeerChallenge.objects.order_by("pk").values_list(
                "council__gss_code", "status", "requested_on", "on_site_starts_on", "focus"
            )
        )

    _seed(scale=0.2)
    first = snapshot()
    first_team = sorted(TeamMember.objects.values_list("adviser__user__email", "role"))
    TeamMember.objects.all().delete()
    StatusChange.objects.all().delete()
    PeerChallenge.objects.all().delete()

    _seed(scale=0.2)

    assert snapshot() == first
    assert sorted(TeamMember.objects.values_list("adviser__user__email", "role")) == first_team


def test_seeding_twice_adds_nothing(programme_manager):
    _seed()

    assert _seed() == "peer challenges already seeded"
    assert PeerChallenge.objects.count() == 7


def test_challenges_were_completed_in_the_report_forms_first_period(programme_manager):
    _seed()
    start, end = last_financial_year(timezone.localdate())

    completed = PeerChallenge.objects.filter(
        status=PeerChallenge.Status.CLOSED,
        letter_sent_at__date__gte=start,
        letter_sent_at__date__lte=end,
    )
    assert completed.count() >= 1
