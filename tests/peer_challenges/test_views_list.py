"""The list of peer challenges: filters, upcoming on-site weeks, constant queries."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Council
from peer_challenges.models import PeerChallenge, TeamMember
from tests.factories.peer_challenges import PeerChallengeFactory, ScopedChallengeFactory

URL = reverse("peer_challenges:list")


def _make(count: int, requested_by, *, councils, team_of=None, make_peer=None) -> None:
    """Challenges on site in successive weeks; with ``team_of``, that person is on each team."""
    adviser = None
    if team_of is not None and not team_of.is_programme_manager:
        adviser = getattr(team_of, "adviser_profile", None) or make_peer(user=team_of)
    start = PeerChallenge.objects.count()
    for index in range(start, start + count):
        challenge = ScopedChallengeFactory(
            council=councils[index % len(councils)],
            requested_by=requested_by,
            status="team_confirmed",
            on_site_starts_on=datetime.date(2025, 6, 2) + datetime.timedelta(weeks=index),
            on_site_ends_on=datetime.date(2025, 6, 5) + datetime.timedelta(weeks=index),
        )
        if adviser is not None:
            TeamMember.objects.create(challenge=challenge, adviser=adviser, role="member_peer")


@pytest.mark.parametrize("persona", ["programme_manager", "principal_adviser", "associate"])
def test_queries_stay_the_same_however_many_challenges(
    persona, request, login, django_assert_num_queries, programme_manager, make_peer
):
    user = request.getfixturevalue(persona)
    client = login(user)
    councils = list(Council.objects.filter(region__code="E12000007")[:5])
    with time_machine.travel(datetime.date(2025, 5, 1)):
        _make(3, programme_manager, councils=councils, team_of=user, make_peer=make_peer)
        client.get(URL)  # the session and content types are cached from here on
        with CaptureQueriesContext(connection) as few:
            client.get(URL)
        _make(30, programme_manager, councils=councils, team_of=user, make_peer=make_peer)
        with django_assert_num_queries(len(few.captured_queries)):
            response = client.get(URL)
    assert response.content.decode().count("Week beginning") == 33
    assert "33 peer challenges" in response.content.decode()


def test_filters_by_status_region_and_year(login, programme_manager, camden, leeds):
    PeerChallengeFactory(
        council=camden,
        requested_by=programme_manager,
        status="closed",
        requested_on=datetime.date(2019, 2, 1),
    )
    ScopedChallengeFactory(council=leeds, requested_by=programme_manager)
    client = login(programme_manager)

    by_status = client.get(URL, {"status": "closed"}).content.decode()
    by_region = client.get(URL, {"region": "yorkshire-and-the-humber"}).content.decode()
    by_year = client.get(URL, {"year": "2025"}).content.decode()

    assert "1 peer challenge<" in by_status and ">Camden<" in by_status
    assert ">Leeds<" in by_region and ">Camden<" not in by_region
    assert ">Leeds<" in by_year and ">Camden<" not in by_year


def test_the_year_is_the_on_site_week_or_else_the_request(login, programme_manager, camden):
    ScopedChallengeFactory(
        council=camden, requested_by=programme_manager, requested_on=datetime.date(2024, 11, 1)
    )

    client = login(programme_manager)

    assert ">Camden<" in client.get(URL, {"year": "2025"}).content.decode()
    assert ">Camden<" not in client.get(URL, {"year": "2024"}).content.decode()


def test_lists_upcoming_on_site_weeks_like_a_calendar(login, programme_manager, camden, leeds):
    ScopedChallengeFactory(council=camden, requested_by=programme_manager, status="team_confirmed")
    ScopedChallengeFactory(
        council=leeds,
        requested_by=programme_manager,
        on_site_starts_on=datetime.date(2025, 6, 17),
        on_site_ends_on=datetime.date(2025, 6, 19),
    )
    ScopedChallengeFactory(
        council=leeds,
        requested_by=programme_manager,
        status="closed",
        on_site_starts_on=datetime.date(2025, 6, 17),
        on_site_ends_on=datetime.date(2025, 6, 19),
    )

    with time_machine.travel(datetime.date(2025, 5, 20)):
        html = login(programme_manager).get(URL).content.decode()

    calendar = html.split("Upcoming on-site weeks")[1].split("All peer challenges")[0]
    assert calendar.index("Week beginning 2 June 2025") < calendar.index("Camden")
    assert calendar.index("Camden") < calendar.index("Week beginning 16 June 2025")
    assert calendar.count("Leeds") == 1


def test_an_associate_sees_only_the_challenges_they_are_on(
    login, associate, make_peer, challenge, programme_manager, leeds
):
    ScopedChallengeFactory(council=leeds, requested_by=programme_manager)
    TeamMember.objects.create(challenge=challenge, adviser=make_peer(user=associate), role="shadow")

    html = login(associate).get(URL).content.decode()

    assert "1 peer challenge<" in html
    assert ">Camden<" in html
    assert "Request a peer challenge" not in html


def test_a_councillor_with_no_sent_letters_sees_an_empty_list(login, councillor, challenge):
    html = login(councillor).get(URL).content.decode()

    assert "No peer challenges match these filters." in html
    assert ">Camden<" not in html


def test_pages_through_long_lists(login, programme_manager, camden):
    for _ in range(30):
        PeerChallengeFactory(council=camden, requested_by=programme_manager)

    html = login(programme_manager).get(URL, {"page": 2}).content.decode()

    assert "30 peer challenges" in html
    assert 'aria-current="page">2<' in html
