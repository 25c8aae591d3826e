"""A mentor answers a proposal from the link in its email: only them, once, within 14 days."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Match
from notifications import links
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import MatchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def match() -> Match:
    return MatchFactory(mentor__user__email="mentor@example.org")


def link_for(match: Match, recipient=None) -> str:
    return links.reply_path(
        "mentoring:reply",
        purpose="match",
        object_id=match.pk,
        recipient=recipient or match.mentor.user,
    )


def test_the_link_asks_for_sign_in_first(client, match):
    response = client.get(link_for(match))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_mentor_accepts_from_the_link(login, match):
    client = login(match.mentor.user)
    page = client.get(link_for(match)).content.decode()
    assert f"Can you mentor {match.request.mentee.full_name}?" in page

    response = client.post(link_for(match), {"answer": "yes"})

    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED


def test_the_mentor_declines_with_a_reason(login, match):
    client = login(match.mentor.user)

    missing = client.post(link_for(match), {"answer": "no", "reason": ""})
    assert "Enter why you cannot" in missing.content.decode()
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED

    client.post(link_for(match), {"answer": "no", "reason": "Away until the summer."})
    match.refresh_from_db()
    assert (match.status, match.decline_reason) == (Match.Status.DECLINED, "Away until the summer.")


def test_someone_else_signed_in_is_told_and_nothing_changes(login, match):
    other = UserFactory(email="other@example.org", role="councillor")
    client = login(other)

    for method in (client.get, client.post):
        response = method(link_for(match), {"answer": "yes"})
        assert response.status_code == 403
        assert "This link was sent to someone else" in response.content.decode()
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED


def test_a_second_answer_is_told_it_was_already_given(login, match):
    client = login(match.mentor.user)
    client.post(link_for(match), {"answer": "yes"})

    response = client.post(link_for(match), {"answer": "no", "reason": "Changed my mind."})

    assert response.status_code == 409
    assert "You have already answered" in response.content.decode()
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED


def test_an_expired_link_is_told_and_nothing_changes(login, match):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=15)):
        old_link = link_for(match)
    client = login(match.mentor.user)

    response = client.post(old_link, {"answer": "yes"})

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED


def test_a_withdrawn_proposal_is_told_and_nothing_changes(login, match):
    link = link_for(match)
    Match.objects.filter(pk=match.pk).update(status=Match.Status.DECLINED)

    response = login(match.mentor.user).post(link, {"answer": "yes"})

    assert response.status_code == 409
    assert "no longer waiting for your answer" in response.content.decode()


def test_a_link_for_another_purpose_or_tampered_does_not_work(login, match):
    client = login(match.mentor.user)
    team_token = links.make_token(
        purpose="team_place", object_id=match.pk, recipient=match.mentor.user
    )

    token = link_for(match).rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (team_token, tampered):
        url = reverse("mentoring:reply", args=[bad])
        response = client.get(url)
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
