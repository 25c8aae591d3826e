"""Dashboard cards: what needs doing first, for managers, team members and councillors."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from peer_challenges import dashboard, services
from peer_challenges.models import TeamMember
from tests.factories.peer_challenges import PeerChallengeFactory


def _actions(cards: list[dict]) -> list[str]:
    return [f"{i['label']}: {i['note']}" for c in cards if c.get("action") for i in c["items"]]


def test_a_principal_adviser_is_told_what_needs_doing_in_their_region(
    principal_adviser, challenge, camden, leeds, programme_manager
):
    PeerChallengeFactory(council=camden, requested_by=principal_adviser, status="requested")
    PeerChallengeFactory(council=leeds, requested_by=programme_manager, status="requested")
    PeerChallengeFactory(
        council=camden,
        requested_by=principal_adviser,
        status="team_confirmed",
        on_site_starts_on=datetime.date(2025, 6, 2),
        on_site_ends_on=datetime.date(2025, 6, 6),
    )

    with time_machine.travel(datetime.date(2025, 6, 2)):
        cards = dashboard.cards(principal_adviser)

    assert _actions(cards) == [
        "Camden: requested, to be scoped",
        "Camden: the on-site week has come: start it",
    ]
    figure = next(c for c in cards if c["title"] == "Peer challenges")
    assert figure["figure"] == 3
    assert figure["body"].startswith("Open peer challenges in London")


def test_a_team_member_is_asked_to_confirm_and_the_lead_to_write(
    associate, challenge, make_peer, islington, programme_manager
):
    TeamMember.objects.create(challenge=challenge, adviser=make_peer(user=associate), role="shadow")
    on_site = PeerChallengeFactory(
        council=islington, requested_by=programme_manager, status="on_site"
    )
    TeamMember.objects.create(
        challenge=on_site,
        adviser=associate.adviser_profile,
        role="lead_peer",
        confirmed_at=timezone.now(),
    )

    cards = dashboard.cards(associate)

    assert _actions(cards) == [
        "Camden: confirm your place as Shadow",
        "Islington: write the feedback letter",
    ]
    assert next(c for c in cards if c["title"] == "Peer challenges you are on")["figure"] == 2


def test_a_councillor_sees_a_card_only_once_a_letter_is_sent(councillor, challenge):
    assert dashboard.cards(councillor) == []

    challenge.status = "feedback_sent"
    challenge.letter_sent_at = timezone.now()
    challenge.save()

    cards = dashboard.cards(councillor)
    assert [(c["title"], c["figure"]) for c in cards] == [("Peer challenge feedback", 1)]


def test_an_adviser_on_no_team_gets_no_cards(improvement_adviser, challenge):
    assert dashboard.cards(improvement_adviser) == []


def test_a_follow_up_appears_on_its_owners_dashboard_when_due(
    programme_manager, principal_adviser, camden
):
    PeerChallengeFactory(
        council=camden,
        requested_by=principal_adviser,
        status="feedback_sent",
        follow_up_on=datetime.date(2025, 9, 1),
        follow_up_owner=programme_manager,
        follow_up_checks="The new front door is holding.",
    )

    with time_machine.travel(datetime.date(2025, 8, 31)):
        before = dashboard.cards(programme_manager)
    with time_machine.travel(datetime.date(2025, 9, 1)):
        due = dashboard.cards(programme_manager)
        not_the_owner = dashboard.cards(principal_adviser)

    assert not any(c["title"] == "Peer challenge follow-ups due" for c in before)
    [card] = [c for c in due if c["title"] == "Peer challenge follow-ups due"]
    assert [i["note"] for i in card["items"]] == [
        "follow-up due 1 September 2025: The new front door is holding."
    ]
    assert not any(c["title"] == "Peer challenge follow-ups due" for c in not_the_owner)


def test_a_waived_follow_up_leaves_its_owners_dashboard(
    programme_manager, principal_adviser, camden
):
    challenge = PeerChallengeFactory(
        council=camden,
        requested_by=principal_adviser,
        status="feedback_sent",
        follow_up_on=datetime.date(2025, 9, 1),
        follow_up_owner=programme_manager,
        follow_up_checks="The new front door is holding.",
    )

    services.record_follow_up(
        challenge=challenge,
        follow_up_on=datetime.date(2025, 9, 1),
        follow_up_notes="",
        follow_up_owner=programme_manager,
        follow_up_checks="The new front door is holding.",
        waived_reason="The council is re-inspected in August.",
        actor=programme_manager,
    )

    with time_machine.travel(datetime.date(2025, 9, 1)):
        due = dashboard.cards(programme_manager)
    assert not any(c["title"] == "Peer challenge follow-ups due" for c in due)
