"""The feedback letter: the lead writes it, a preparing state polls, downloads are checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from peer_challenges.models import PeerChallenge
from tests.peer_challenges.conftest import give_ready_team


@pytest.fixture
def on_site(challenge, make_peer):
    give_ready_team(challenge, make_peer)
    challenge.status = "on_site"
    challenge.save()
    return challenge


def _with_ready_letter(challenge: PeerChallenge, *, sent: bool = False) -> PeerChallenge:
    challenge.strengths = "Strong partnerships."
    challenge.areas_for_consideration = "Supervision."
    challenge.recommendations = "Refresh the practice model."
    challenge.letter_status = "ready"
    challenge.letter_pdf.save("letter.pdf", ContentFile(b"%PDF-1.7 letter"), save=False)
    if sent:
        challenge.status = "feedback_sent"
        challenge.letter_sent_at = timezone.now()
    challenge.save()
    return challenge


def test_the_lead_writes_the_letter_and_sees_it_being_prepared(
    login, on_site, django_capture_on_commit_callbacks
):
    lead = on_site.team.get(role="lead_peer").adviser.user
    client = login(lead)
    assert "Write the feedback letter" in client.get(on_site.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("peer_challenges:letter", args=[on_site.pk]),
            {
                "strengths": "Strong partnerships.",
                "areas_for_consideration": "Supervision.",
                "recommendations": "Refresh the practice model.",
            },
        )

    assert response.status_code == 302
    html = client.get(on_site.get_absolute_url()).content.decode()
    poll_url = reverse("peer_challenges:letter-status", args=[on_site.pk])
    assert f'data-poll-url="{poll_url}"' in html
    assert "The letter's PDF is being prepared" in html
    assert "data-poll-stop" not in client.get(poll_url).content.decode()


def test_the_poll_stops_with_a_download_link_once_ready(login, on_site, principal_adviser):
    _with_ready_letter(on_site)

    fragment = login(principal_adviser).get(
        reverse("peer_challenges:letter-status", args=[on_site.pk])
    )

    html = fragment.content.decode()
    assert "data-poll-stop" in html
    assert reverse("peer_challenges:letter-download", args=[on_site.pk]) in html
    assert "<html" not in html  # a fragment, not a page


def test_a_failed_pdf_can_be_prepared_again(login, on_site, principal_adviser):
    _with_ready_letter(on_site)
    PeerChallenge.objects.filter(pk=on_site.pk).update(
        letter_status="failed", letter_error="The PDF could not be made. Try preparing it again."
    )
    client = login(principal_adviser)

    assert "Prepare the PDF again" in client.get(on_site.get_absolute_url()).content.decode()
    client.post(reverse("peer_challenges:letter-prepare", args=[on_site.pk]))

    on_site.refresh_from_db()
    assert on_site.letter_status in ("preparing", "ready")


def test_the_letter_form_says_what_is_missing(login, on_site, principal_adviser):
    html = (
        login(principal_adviser)
        .post(reverse("peer_challenges:letter", args=[on_site.pk]), {})
        .content.decode()
    )

    assert "Enter the strengths the team found" in html
    assert "Enter the areas for the council to consider" in html
    assert "Enter the team&#x27;s recommendations" in html


def test_a_member_peer_cannot_write_the_letter(login, on_site):
    member = on_site.team.get(role="member_peer").adviser.user

    assert (
        login(member).get(reverse("peer_challenges:letter", args=[on_site.pk])).status_code == 403
    )


def test_the_team_downloads_a_draft(login, on_site):
    _with_ready_letter(on_site)
    member = on_site.team.get(role="member_peer").adviser.user

    response = login(member).get(reverse("peer_challenges:letter-download", args=[on_site.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "peer-challenge-feedback-camden.pdf" in response["Content-Disposition"]


def test_a_councillor_of_the_council_downloads_it_only_once_sent(login, on_site, councillor):
    _with_ready_letter(on_site)
    url = reverse("peer_challenges:letter-download", args=[on_site.pk])
    client = login(councillor)
    assert client.get(url).status_code == 404

    _with_ready_letter(on_site, sent=True)

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", ["improvement_adviser", "associate"])
def test_people_off_the_team_cannot_download(persona, request, login, on_site):
    _with_ready_letter(on_site, sent=True)
    client = login(request.getfixturevalue(persona))

    assert (
        client.get(reverse("peer_challenges:letter-download", args=[on_site.pk])).status_code == 404
    )


def test_a_councillor_of_another_council_cannot_download(login, on_site, islington):
    from accounts.roles import Role
    from tests.factories.accounts import UserFactory

    _with_ready_letter(on_site, sent=True)
    other = UserFactory(role=Role.COUNCILLOR, council=islington)

    url = reverse("peer_challenges:letter-download", args=[on_site.pk])
    assert login(other).get(url).status_code == 404


def test_sending_the_letter_moves_the_challenge_to_feedback_sent(login, on_site):
    _with_ready_letter(on_site)
    lead = on_site.team.get(role="lead_peer").adviser.user
    client = login(lead)
    assert "Send the feedback letter" in client.get(on_site.get_absolute_url()).content.decode()

    client.post(reverse("peer_challenges:move", args=[on_site.pk]), {"to": "feedback_sent"})

    on_site.refresh_from_db()
    assert on_site.status == "feedback_sent"
    assert on_site.letter_sent_at is not None


def test_a_stuck_letter_stops_polling_and_offers_to_try_again(login, on_site, principal_adviser):
    _with_ready_letter(on_site)
    PeerChallenge.objects.filter(pk=on_site.pk).update(
        letter_status="preparing", letter_requested_at=timezone.now() - timedelta(hours=1)
    )

    html = login(principal_adviser).get(on_site.get_absolute_url()).content.decode()

    assert "data-poll-url" not in html
    assert "taking longer than it should" in html
    assert "Prepare the PDF again" in html


def test_the_manager_sees_who_the_letter_will_go_to_and_then_who_it_went_to(
    login, on_site, principal_adviser, councillor, django_capture_on_commit_callbacks
):
    from councils.models import CouncilContact

    _with_ready_letter(on_site)
    client = login(principal_adviser)
    warning = "No named contacts are recorded for Camden"
    assert warning in client.get(on_site.get_absolute_url()).content.decode()
    director = CouncilContact.objects.create(
        council=on_site.council,
        name="Dana Director",
        job_title="Director of Children's Services",
        email="dcs@camden.example.org",
    )

    before = client.get(on_site.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("peer_challenges:move", args=[on_site.pk]), {"to": "feedback_sent"})
    director.delete()  # the council's contacts change later; the record of the letter does not
    after = client.get(on_site.get_absolute_url()).content.decode()

    line = "Dana Director, Director of Children&#x27;s Services &lt;dcs@camden.example.org&gt;"
    assert "Who the letter will be sent to" in before and warning not in before
    assert line in before and "Also to be sent to 1 councillor of Camden in the portal." in before
    assert "Who the letter was sent to" in after
    assert line in after and "Also sent to 1 councillor of Camden in the portal." in after


def test_the_councillors_of_the_council_do_not_see_the_recipients(login, on_site, councillor):
    _with_ready_letter(on_site, sent=True)

    html = login(councillor).get(on_site.get_absolute_url()).content.decode()

    assert "Feedback letter" in html and "Who the letter was sent to" not in html
