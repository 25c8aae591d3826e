"""The workflow table: every step it lists is taken, every other move is refused."""

from __future__ import annotations

import datetime
import itertools

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.roles import Role
from peer_challenges import services, workflow
from peer_challenges.models import PeerChallenge, StatusChange
from tests.factories.accounts import UserFactory
from tests.factories.peer_challenges import PeerChallengeFactory
from tests.peer_challenges.conftest import give_ready_team, ready_in

Status = PeerChallenge.Status
ALLOWED = [(step.source, step.target) for step in workflow.STEPS]
REFUSED = [
    (source, target)
    for source, target in itertools.permutations(Status.values, 2)
    if (source, target) not in ALLOWED
]


def test_the_table_is_the_documented_workflow():
    assert set(ALLOWED) == {
        ("requested", "scoping"),
        ("scoping", "team_confirmed"),
        ("team_confirmed", "scoping"),
        ("team_confirmed", "on_site"),
        ("on_site", "feedback_sent"),
        ("feedback_sent", "closed"),
        ("requested", "cancelled"),
        ("scoping", "cancelled"),
        ("team_confirmed", "cancelled"),
        ("on_site", "cancelled"),
        ("feedback_sent", "cancelled"),
    }
    assert workflow.steps_from(Status.CLOSED) == []
    assert workflow.steps_from(Status.CANCELLED) == []


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_takes_every_step_in_the_table_and_records_who_and_when(
    source, target, challenge, make_peer, programme_manager
):
    challenge = ready_in(challenge, source, make_peer)

    with time_machine.travel(datetime.datetime(2025, 6, 9, 10, 0, tzinfo=datetime.UTC), tick=False):
        moved = services.move_challenge(
            challenge=challenge, to_status=target, actor=programme_manager, note="Agreed."
        )

    challenge.refresh_from_db()
    assert moved.status == challenge.status == target
    change = challenge.status_changes.get(to_status=target)
    assert change.from_status == source
    assert change.changed_by == programme_manager
    assert change.changed_at == datetime.datetime(2025, 6, 9, 10, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_refuses_every_move_not_in_the_table(source, target, db):
    # The table is consulted before anything else, so a bare challenge is enough here.
    manager = UserFactory(role=Role.PROGRAMME_MANAGER)
    challenge = PeerChallengeFactory(status=source, requested_by=manager)

    with pytest.raises(ValidationError, match="cannot move to"):
        services.move_challenge(
            challenge=challenge, to_status=target, actor=manager, note="Agreed."
        )

    challenge.refresh_from_db()
    assert challenge.status == source
    assert not challenge.status_changes.exists()


def test_moving_to_the_current_status_again_changes_nothing(challenge, programme_manager):
    services.move_challenge(challenge=challenge, to_status="scoping", actor=programme_manager)

    assert StatusChange.objects.filter(challenge=challenge, to_status="scoping").count() == 0


def test_the_team_cannot_be_confirmed_without_a_lead_or_before_everyone_confirms(
    challenge, make_peer, programme_manager
):
    lead, member = give_ready_team(challenge, make_peer)
    lead.delete()
    member.confirmed_at = None
    member.save()

    with pytest.raises(ValidationError) as refused:
        services.move_challenge(
            challenge=challenge, to_status="team_confirmed", actor=programme_manager
        )

    assert "Add a lead peer to the team." in refused.value.messages
    assert "Waiting for Mo Member to confirm their place." in refused.value.messages


def test_the_team_cannot_be_confirmed_until_scoping_is_recorded(
    challenge, make_peer, programme_manager
):
    give_ready_team(challenge, make_peer)
    challenge.focus = []
    challenge.funding = ""
    challenge.save()

    with pytest.raises(ValidationError) as refused:
        services.move_challenge(
            challenge=challenge, to_status="team_confirmed", actor=programme_manager
        )

    assert refused.value.messages == [
        "Record the focus and the funding basis before confirming the team."
    ]


def test_the_on_site_week_cannot_start_before_its_first_day(
    challenge, make_peer, programme_manager
):
    challenge = ready_in(challenge, "team_confirmed", make_peer)

    with (
        time_machine.travel(datetime.date(2025, 5, 30)),
        pytest.raises(ValidationError, match="The on-site week starts on 2 June 2025"),
    ):
        services.move_challenge(challenge=challenge, to_status="on_site", actor=programme_manager)


def test_the_letter_cannot_be_sent_until_its_pdf_isready_in(
    challenge, make_peer, programme_manager
):
    challenge = ready_in(challenge, "on_site", make_peer)
    PeerChallenge.objects.filter(pk=challenge.pk).update(letter_status="preparing")

    with pytest.raises(ValidationError, match="Wait until the letter's PDF is ready"):
        services.move_challenge(
            challenge=challenge, to_status="feedback_sent", actor=programme_manager
        )


def test_sending_the_letter_records_when_it_was_sent(challenge, make_peer, programme_manager):
    challenge = ready_in(challenge, "on_site", make_peer)

    services.move_challenge(challenge=challenge, to_status="feedback_sent", actor=programme_manager)

    challenge.refresh_from_db()
    assert challenge.letter_sent_at is not None


def test_cancelling_needs_a_reason_which_the_timeline_keeps(challenge, programme_manager):
    with pytest.raises(ValidationError, match="Enter why the peer challenge is cancelled"):
        services.move_challenge(challenge=challenge, to_status="cancelled", actor=programme_manager)

    services.move_challenge(
        challenge=challenge,
        to_status="cancelled",
        actor=programme_manager,
        note="The council asked to postpone to next year.",
    )

    change = challenge.status_changes.get(to_status="cancelled")
    assert change.note == "The council asked to postpone to next year."
    assert change.describe() == "Peer challenge cancelled"


def test_describes_each_step_in_words():
    assert workflow.describe_change("", "requested") == "Peer challenge requested"
    assert workflow.describe_change("team_confirmed", "scoping") == "Scoping reopened"
    assert workflow.describe_change("requested", "scoping") == "Scoping started"
