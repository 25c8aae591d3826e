"""The peer challenges section of a council's page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from peer_challenges import council_sections


def test_a_principal_adviser_sees_the_councils_challenges_and_can_request_one(
    principal_adviser, challenge, camden
):
    [section] = council_sections.sections(principal_adviser, camden)

    assert section["title"] == "Peer challenges"
    assert section["context"]["challenges"] == [challenge]
    assert section["context"]["request_url"] == "/peer-challenges/request/?council=E09000007"
    html = render_to_string(section["template"], section["context"])
    assert "Peer challenges of Camden" in html
    assert "Request a peer challenge for Camden" in html


def test_nothing_for_a_principal_adviser_of_another_region_without_challenges(
    principal_adviser, leeds
):
    assert council_sections.sections(principal_adviser, leeds) == []


def test_a_councillor_sees_their_councils_challenge_once_the_letter_is_sent(
    councillor, challenge, camden
):
    assert council_sections.sections(councillor, camden) == []

    challenge.letter_sent_at = timezone.now()
    challenge.status = "feedback_sent"
    challenge.save()

    [section] = council_sections.sections(councillor, camden)
    assert section["context"]["challenges"] == [challenge]
    assert section["context"]["request_url"] is None


def test_an_associate_off_the_team_sees_nothing(associate, challenge, camden):
    assert council_sections.sections(associate, camden) == []
