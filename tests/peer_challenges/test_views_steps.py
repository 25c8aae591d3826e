"""Taking steps from the page: buttons post, refusals are explained, cancelling asks why."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from peer_challenges.models import PeerChallenge


def _move(challenge: PeerChallenge) -> str:
    return reverse("peer_challenges:move", args=[challenge.pk])


def test_moving_is_post_only(login, principal_adviser, challenge):
    assert login(principal_adviser).get(_move(challenge)).status_code == 405


def test_a_refused_step_is_explained_and_nothing_changes(login, principal_adviser, challenge):
    client = login(principal_adviser)

    response = client.post(_move(challenge), {"to": "closed"}, follow=True)

    assert "A peer challenge that is scoping cannot move to closed." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == "scoping"


def test_an_unknown_status_is_not_found(login, principal_adviser, challenge):
    assert login(principal_adviser).post(_move(challenge), {"to": "lost"}).status_code == 404


def test_a_team_member_may_not_take_manager_steps(login, associate, challenge, make_peer):
    from peer_challenges.models import TeamMember

    TeamMember.objects.create(challenge=challenge, adviser=make_peer(user=associate), role="shadow")

    assert login(associate).post(_move(challenge), {"to": "cancelled"}).status_code == 403


def test_cancelling_asks_why_then_cancels(login, principal_adviser, challenge):
    client = login(principal_adviser)
    url = reverse("peer_challenges:cancel", args=[challenge.pk])

    assert "Enter why the peer challenge is cancelled" in client.post(url, {}).content.decode()
    client.post(url, {"reason": "The council has a new DCS starting."})

    challenge.refresh_from_db()
    assert challenge.status == "cancelled"
    html = client.get(challenge.get_absolute_url()).content.decode()
    assert "The council has a new DCS starting." in html
    assert "Cancel the peer challenge" not in html


def test_saves_scoping_details_with_plain_date_errors(login, principal_adviser, challenge):
    client = login(principal_adviser)
    url = reverse("peer_challenges:scoping", args=[challenge.pk])

    bad = client.post(
        url, {"on_site_starts_on": "2025-06-09", "on_site_ends_on": "2025-06-06"}
    ).content.decode()
    assert "The last on-site day must be on or after the first" in bad

    client.post(
        url,
        {
            "focus": ["child_protection", "care_leavers"],
            "key_lines_of_enquiry": "Is child protection planning effective?",
            "on_site_starts_on": "2025-09-08",
            "on_site_ends_on": "2025-09-11",
            "funding": "whole_cost",
        },
    )

    challenge.refresh_from_db()
    assert challenge.focus == ["child_protection", "care_leavers"]
    assert challenge.on_site_ends_on == datetime.date(2025, 9, 11)
    assert challenge.funding == "whole_cost"


def test_records_the_follow_up(login, principal_adviser, challenge):
    challenge.status = "feedback_sent"
    challenge.save()
    client = login(principal_adviser)
    url = reverse("peer_challenges:follow-up", args=[challenge.pk])

    assert "Select yes if a follow-up is agreed" in client.post(url, {}).content.decode()
    missing = client.post(url, {"needed": "yes"}).content.decode()
    assert "Enter the date of the follow-up, for example 12 June 2025" in missing
    assert "Choose who owns the follow-up" in missing
    assert "Enter what the follow-up will check" in missing
    client.post(
        url,
        {
            "needed": "yes",
            "follow_up_on": "2025-12-01",
            "follow_up_owner": principal_adviser.pk,
            "follow_up_checks": "Thresholds are applied consistently.",
            "follow_up_notes": "Progress made.",
        },
    )

    challenge.refresh_from_db()
    assert challenge.follow_up_on == datetime.date(2025, 12, 1)
    assert challenge.follow_up_owner == principal_adviser
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Progress made." in page
    assert "Thresholds are applied consistently." in page


def test_closing_needs_the_follow_up_recorded_or_waived(login, principal_adviser, challenge):
    challenge.status = "feedback_sent"
    challenge.save()
    client = login(principal_adviser)

    refused = client.post(_move(challenge), {"to": "closed"}, follow=True).content.decode()
    assert "Record the follow-up (its date, who owns it and what it will check)" in refused
    challenge.refresh_from_db()
    assert challenge.status == "feedback_sent"

    url = reverse("peer_challenges:follow-up", args=[challenge.pk])
    assert "Enter why the follow-up is waived" in client.post(url, {"needed": "no"}).text
    client.post(url, {"needed": "no", "waived_reason": "Ofsted visit in the same month."})
    client.post(_move(challenge), {"to": "closed"})

    challenge.refresh_from_db()
    assert challenge.status == "closed"
    assert challenge.follow_up_waived_reason == "Ofsted visit in the same month."


@pytest.mark.parametrize("name", ["scoping", "cancel", "follow-up"])
def test_a_principal_adviser_of_another_region_does_not_find_the_forms(
    name, login, challenge, leeds
):
    from accounts.roles import Role
    from tests.factories.accounts import UserFactory

    other = UserFactory(role=Role.PRINCIPAL_ADVISER, region=leeds.region)

    assert (
        login(other).get(reverse(f"peer_challenges:{name}", args=[challenge.pk])).status_code == 404
    )
