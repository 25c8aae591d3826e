"""Requesting a peer challenge: one question a page, check your answers, confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peer_challenges.models import PeerChallenge


def test_a_principal_adviser_requests_a_challenge_step_by_step(login, principal_adviser, camden):
    client = login(principal_adviser)

    first = client.get(reverse("peer_challenges:request"), {"council": camden.gss_code})
    assert f'<option value="{camden.pk}" selected>Camden</option>' in first.content.decode()
    assert ">Leeds<" not in first.content.decode()  # only councils in the PA's region

    response = client.post(reverse("peer_challenges:request"), {"council": camden.pk})
    assert response.url == reverse("peer_challenges:request-details")
    response = client.post(
        reverse("peer_challenges:request-details"),
        {"request_notes": "The front door, after a focused visit."},
    )
    assert response.url == reverse("peer_challenges:request-check")

    check = client.get(reverse("peer_challenges:request-check")).content.decode()
    assert "Check your answers" in check
    assert "Camden (London)" in check
    assert "The front door, after a focused visit." in check

    response = client.post(reverse("peer_challenges:request-check"))
    challenge = PeerChallenge.objects.get()
    assert response.url == reverse("peer_challenges:request-done", args=[challenge.pk])
    assert (challenge.council, challenge.status, challenge.requested_by) == (
        camden,
        "requested",
        principal_adviser,
    )
    done = client.get(response.url).content.decode()
    assert "Peer challenge requested" in done
    assert "What happens next" in done


def test_each_question_says_what_is_missing_in_plain_words(login, principal_adviser, camden):
    client = login(principal_adviser)

    council = client.post(reverse("peer_challenges:request"), {}).content.decode()
    assert "Choose the council that is asking for a peer challenge" in council

    client.post(reverse("peer_challenges:request"), {"council": camden.pk})
    details = client.post(reverse("peer_challenges:request-details"), {}).content.decode()
    assert "Enter what the council wants the peer challenge to look at" in details
    assert "<title>Error: " in details


def test_a_council_of_another_region_cannot_be_chosen(login, principal_adviser, leeds):
    response = login(principal_adviser).post(
        reverse("peer_challenges:request"), {"council": leeds.pk}
    )

    assert "Choose a council from the list" in response.content.decode()


def test_skipping_ahead_goes_back_to_the_start(login, principal_adviser):
    response = login(principal_adviser).get(reverse("peer_challenges:request-check"))

    assert response.url == reverse("peer_challenges:request")


@pytest.mark.parametrize("persona", ["improvement_adviser", "associate", "councillor"])
def test_others_may_not_request(persona, request, login):
    client = login(request.getfixturevalue(persona))

    assert client.get(reverse("peer_challenges:request")).status_code == 403
