"""The match lifecycle table, and the constraints that back the hard rules."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from mentoring.models import Match
from tests.factories.mentoring import MatchFactory, MentoringRequestFactory

S = Match.Status
LEGAL = {
    (S.PROPOSED, S.ACCEPTED),
    (S.PROPOSED, S.DECLINED),
    (S.ACCEPTED, S.ACTIVE),
    (S.ACTIVE, S.COMPLETED),
}
ALL_MOVES = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("start", "end"), ALL_MOVES)
def test_a_match_moves_only_along_the_transition_table(start, end):
    match = Match(status=start)

    if (start, end) in LEGAL:
        fields = match.move_to(end, on=datetime.date(2025, 3, 3))
        assert match.status == end
        assert "status" in fields
    else:
        with pytest.raises(ValidationError):
            match.move_to(end)
        assert match.status == start


def test_moves_stamp_the_date_of_each_step():
    match = Match(status=S.PROPOSED)
    match.move_to(S.ACCEPTED, on=datetime.date(2025, 3, 3))
    match.move_to(S.ACTIVE, on=datetime.date(2025, 3, 10))
    match.move_to(S.COMPLETED, on=datetime.date(2025, 9, 1))

    assert (match.responded_on, match.started_on, match.completed_on) == (
        datetime.date(2025, 3, 3),
        datetime.date(2025, 3, 10),
        datetime.date(2025, 9, 1),
    )


def test_refuses_completing_a_proposed_match_in_plain_words():
    with pytest.raises(ValidationError, match="The match is proposed and cannot become completed"):
        Match(status=S.PROPOSED).move_to(S.COMPLETED)


@pytest.mark.django_db
def test_a_request_has_at_most_one_live_match_in_the_database():
    first = MatchFactory(status=S.ACTIVE)

    with pytest.raises(IntegrityError):
        MatchFactory(request=first.request, status=S.PROPOSED)


@pytest.mark.django_db
def test_a_declined_match_leaves_room_for_the_next_proposal():
    first = MatchFactory(status=S.DECLINED)

    second = MatchFactory(request=first.request, status=S.PROPOSED)

    assert second.request == first.request


@pytest.mark.django_db
def test_a_councillor_has_one_outstanding_request_at_a_time():
    first = MentoringRequestFactory()

    with pytest.raises(IntegrityError):
        MentoringRequestFactory(mentee=first.mentee)


def test_a_stalled_match_is_dated_by_its_latest_session_or_else_its_start(
    active_match, mentor_user
):
    Match.objects.filter(pk=active_match.pk).update(started_on=datetime.date(2025, 1, 6))
    for held_on in (datetime.date(2025, 1, 13), datetime.date(2025, 2, 10)):
        active_match.sessions.create(held_on=held_on, duration_minutes=60, logged_by=mentor_user)

    # Six weeks after the latest session, not after the first one.
    assert not Match.objects.stalled(datetime.date(2025, 3, 23)).exists()
    [stalled] = Match.objects.stalled(datetime.date(2025, 3, 24))
    assert stalled.last_contact == datetime.date(2025, 2, 10)

    active_match.sessions.all().delete()
    [stalled] = Match.objects.stalled(datetime.date(2025, 2, 17))
    assert stalled.last_contact == datetime.date(2025, 1, 6)
