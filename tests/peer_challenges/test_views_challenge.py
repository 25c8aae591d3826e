"""The challenge page: details, the steps a user may take, the team, the letter, the timeline."""

from __future__ import annotations

import pytest
from django.urls import reverse

from improvement_portal import audit
from peer_challenges import services, workflow
from peer_challenges.models import Funding, PeerChallenge, TeamMember
from tests.peer_challenges.conftest import give_ready_team, ready_in


def _url(challenge: PeerChallenge) -> str:
    return reverse("peer_challenges:detail", args=[challenge.pk])


def test_shows_details_and_offers_only_the_next_steps(login, principal_adviser, challenge):
    response = login(principal_adviser).get(_url(challenge))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Camden</h1>' in html
    assert "Front door and early help" in html
    assert "2 June 2025 to 6 June 2025" in html
    assert "Before you can confirm the team:" in html
    assert "Add a lead peer to the team." in html
    assert 'value="team_confirmed"' not in html  # blocked, so no button
    assert "Cancel the peer challenge" in html
    assert 'value="closed"' not in html
    assert 'value="on_site"' not in html
    assert "Choose the team" in html


def test_a_requested_challenge_offers_scoping(login, principal_adviser, challenge):
    challenge.status = "requested"
    challenge.save()

    html = login(principal_adviser).get(_url(challenge)).content.decode()

    assert 'value="scoping"' in html
    assert "Start scoping" in html


def test_the_timeline_shows_who_took_each_step(login, principal_adviser, challenge, make_peer):
    give_ready_team(challenge, make_peer)
    services.move_challenge(
        challenge=challenge, to_status="team_confirmed", actor=principal_adviser
    )

    html = login(principal_adviser).get(_url(challenge)).content.decode()

    timeline = html.split("Timeline</h2>")[1].split('id="history"')[0]
    assert timeline.index("Peer challenge requested") < timeline.index("Team confirmed")
    assert timeline.count("by Priya Adviser") == 2


@pytest.mark.parametrize("persona", ["programme_manager", "principal_adviser"])
def test_managers_see_the_challenge(persona, request, login, challenge):
    assert login(request.getfixturevalue(persona)).get(_url(challenge)).status_code == 200


@pytest.mark.parametrize("persona", ["improvement_adviser", "associate", "councillor"])
def test_people_not_on_the_team_get_not_found(persona, request, login, challenge):
    user = request.getfixturevalue(persona)

    assert login(user).get(_url(challenge)).status_code == 404


def test_a_team_member_sees_the_challenge_and_confirms_their_place(
    login, associate, challenge, make_peer
):
    place = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer(user=associate), role="member_peer"
    )
    client = login(associate)

    html = client.get(_url(challenge)).content.decode()
    assert "You have been asked to join as member peer" in html
    assert "Start scoping" not in html and "Cancel the peer challenge" not in html

    response = client.post(reverse("peer_challenges:team-confirm", args=[challenge.pk]))
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.is_confirmed


@pytest.mark.parametrize("name", ["move", "team-confirm", "letter-prepare"])
def test_actions_refuse_get(name, login, principal_adviser, challenge):
    url = reverse(f"peer_challenges:{name}", args=[challenge.pk])

    assert login(principal_adviser).get(url).status_code == 405


def test_the_council_page_shows_its_peer_challenges(login, principal_adviser, challenge, camden):
    html = login(principal_adviser).get(camden.get_absolute_url()).content.decode()

    assert "Peer challenges of Camden" in html
    assert challenge.get_absolute_url() in html


@pytest.mark.parametrize("status", PeerChallenge.Status.values)
def test_offers_exactly_the_steps_the_table_allows(
    status, login, programme_manager, challenge, make_peer
):
    challenge = ready_in(challenge, status, make_peer)

    html = login(programme_manager).get(_url(challenge)).content.decode()

    offered = {target for target in PeerChallenge.Status.values if f'value="{target}"' in html}
    if "Cancel the peer challenge</a>" in html:
        offered.add("cancelled")
    assert offered == {step.target for step in workflow.steps_from(status)}


def test_a_peer_challenge_shows_its_team_changes_to_those_who_manage_it(
    login, challenge, make_peer, principal_adviser, councillor
):
    services.add_team_member(
        challenge=challenge,
        adviser=make_peer("Ada Able"),
        role="lead_peer",
        actor=principal_adviser,
    )
    url = reverse("peer_challenges:detail", args=[challenge.pk])

    page = login(principal_adviser).get(url).text

    assert "Created (team member Ada Able" in page
    assert "Role: Lead peer" in page


def test_the_council_sees_the_follow_up_date_and_steps_but_not_the_notes(
    login, councillor, sent_challenge, programme_manager
):
    html = login(councillor).get(_url(sent_challenge)).content.decode()

    assert "Follow-up conversation" in html
    assert "Feedback letter sent" in html
    assert "Leadership still fragile" not in html
    assert "chief executive disputed" not in html
    assert programme_manager.full_name not in html


def test_the_manager_sees_the_notes_and_who_took_each_step(
    login, sent_challenge, programme_manager
):
    html = login(programme_manager).get(_url(sent_challenge)).content.decode()

    assert "Leadership still fragile" in html
    assert "chief executive disputed" in html
    assert f"by {programme_manager.full_name}" in html


def test_the_programme_manager_reads_the_activity_in_words_and_the_council_does_not(
    login, sent_challenge, programme_manager, councillor
):
    with audit.acting(programme_manager):
        sent_challenge.funding = Funding.SUBSIDISED
        sent_challenge.save(update_fields=["funding", "updated_at"])

    manager = login(programme_manager).get(_url(sent_challenge)).content.decode()
    council = login(councillor).get(_url(sent_challenge))

    history = manager.split('id="history"')[1]
    assert f"Changed by {programme_manager.full_name}" in history
    assert "Funding basis: Free → Subsidised" in history
    assert "funding:" not in history and "subsidised" not in history  # no raw names or values
    assert council.status_code == 200
    assert 'id="history"' not in council.content.decode()
    assert "Free → Subsidised" not in council.content.decode()
