"""The loader behind suggestions: the real pool, in a bounded number of queries."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from councils.models import Council
from mentoring import permissions
from mentoring.matching import load_suggestions
from mentoring.models import Match, Mentor
from tests.factories.councils import CouncilFactory
from tests.factories.mentoring import CouncillorFactory, MatchFactory, MentorFactory

pytestmark = pytest.mark.django_db


def bulk_pool(size: int, councils: list[Council]) -> None:
    """A pool of mentors made in bulk, spread over the given councils."""
    users = CouncillorFactory._meta.model.objects.bulk_create(
        CouncillorFactory._meta.model(
            email=f"pool{n}@example.org",
            full_name=f"Pool Mentor {n:04d}",
            role=Role.COUNCILLOR,
            council=councils[n % len(councils)],
        )
        for n in range(size)
    )
    Mentor.objects.bulk_create(
        Mentor(
            user=user,
            council=user.council,
            region_id=user.council.region_id,
            political_group=["labour", "conservative", "green"][n % 3],
            experience=["led_improvement"] if n % 4 == 0 else [],
            capacity=1 + n % 3,
            is_active=n % 10 != 0,
        )
        for n, user in enumerate(users)
    )


@pytest.fixture
def many_councils(camden, leeds) -> list[Council]:
    return [camden, leeds, *CouncilFactory.create_batch(8)]


@pytest.mark.parametrize("size", [5, 60])
def test_suggestions_take_the_same_two_queries_whatever_the_pool_size(
    size, mentoring_request, many_councils, django_assert_num_queries, councillor
):
    bulk_pool(size, many_councils)
    MatchFactory(mentor=Mentor.objects.first(), status=Match.Status.ACTIVE)
    found = permissions.get_request_for_user(councillor, mentoring_request.pk)

    with django_assert_num_queries(2):
        suggestions = load_suggestions(found)

    assert suggestions
    assert all(s.mentor.council_id != found.council_id for s in suggestions)


def test_the_loader_counts_live_matches_against_capacity(mentoring_request, councillor):
    full = MentorFactory(capacity=1)
    MatchFactory(mentor=full, status=Match.Status.PROPOSED)
    finished = MentorFactory(capacity=1)
    MatchFactory(mentor=finished, status=Match.Status.COMPLETED)

    suggested = {s.mentor.mentor_id for s in load_suggestions(mentoring_request)}

    assert suggested == {finished.pk}


def test_the_loader_leaves_out_mentors_already_tried_and_the_mentee_themselves(
    mentoring_request, councillor, mentor, leeds
):
    declined = MentorFactory()
    MatchFactory(request=mentoring_request, mentor=declined, status=Match.Status.DECLINED)
    MentorFactory(user=councillor, council=leeds)  # the mentee sits in the pool too

    suggested = [s.mentor.mentor_id for s in load_suggestions(mentoring_request)]

    assert suggested == [mentor.pk]


def test_two_thousand_mentors_are_scored_in_a_few_queries(
    mentoring_request, many_councils, councillor, django_assert_max_num_queries
):
    bulk_pool(2000, many_councils)
    found = permissions.get_request_for_user(councillor, mentoring_request.pk)

    # About 30 ms on the 2-core development machine; what would make it slow is a query
    # per mentor, so that is what is counted (a clock would fail on a busy machine).
    with django_assert_max_num_queries(5):
        suggestions = load_suggestions(found)

    assert len(suggestions) > 1000
