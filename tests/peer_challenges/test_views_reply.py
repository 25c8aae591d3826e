"""A team member answers their invitation from its email's link: confirm, or decline with a
reason; the team is confirmed when everyone has; a decline frees the place."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from notifications import links
from notifications.models import Notification
from peer_challenges import services
from peer_challenges.models import DeclinedPlace, PeerChallenge, TeamMember
from tests.factories.accounts import UserFactory
from tests.peer_challenges.conftest import give_ready_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(challenge, make_peer, principal_adviser) -> list[TeamMember]:
    lead, member = give_ready_team(challenge, make_peer)
    TeamMember.objects.filter(pk=member.pk).update(confirmed_at=None, added_by=principal_adviser)
    member.refresh_from_db()
    return [lead, member]


def link_for(member: TeamMember, recipient=None) -> str:
    return links.reply_path(
        "peer_challenges:reply",
        purpose="team_place",
        object_id=member.pk,
        recipient=recipient or member.adviser.user,
        version=services.dates_version(member.challenge),
    )


@pytest.mark.parametrize("answer", [{}, {"answer": "yes"}, {"answer": "no", "reason": "Away."}])
def test_the_link_asks_for_sign_in_first_and_changes_nothing(client, team, answer):
    _, member = team
    link = link_for(member)

    response = client.post(link, answer) if answer else client.get(link)

    assert response.status_code == 302
    sign_in = urlsplit(response.url)
    assert sign_in.path == reverse("account_login")
    assert parse_qs(sign_in.query)["next"] == [link]  # back to the same question once signed in
    member.refresh_from_db()
    assert not member.is_confirmed
    assert not DeclinedPlace.objects.exists()
    assert not Notification.objects.exists() and mail.outbox == []


def test_the_last_member_to_confirm_confirms_the_team(
    login, team, principal_adviser, django_capture_on_commit_callbacks
):
    _, member = team
    client = login(member.adviser.user)
    assert "Can you join the team on these dates?" in client.get(link_for(member)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link_for(member), {"answer": "yes"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_confirmed
    assert member.challenge.status == PeerChallenge.Status.TEAM_CONFIRMED
    [message] = mail.outbox
    assert message.to == [principal_adviser.email]
    assert message.subject.startswith("Team confirmed")


def test_a_decline_frees_the_place_and_tells_the_programme_managers_and_whoever_chose_them(
    login, team, principal_adviser, programme_manager, django_capture_on_commit_callbacks
):
    _, member = team
    UserFactory(email="gone@example.org", role=Role.PROGRAMME_MANAGER, is_active=False)
    client = login(member.adviser.user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_for(member), {"answer": "no", "reason": "A family wedding that week."})

    assert not TeamMember.objects.filter(pk=member.pk).exists()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [programme_manager.email, principal_adviser.email]
    )
    for message in mail.outbox:
        assert "A family wedding that week." in message.body
        assert "Their place is free again." in message.body


def test_a_programme_manager_who_chose_the_member_is_told_of_the_decline_once(
    login, team, programme_manager, django_capture_on_commit_callbacks
):
    _, member = team
    TeamMember.objects.filter(pk=member.pk).update(added_by=programme_manager)

    with django_capture_on_commit_callbacks(execute=True):
        login(member.adviser.user).post(link_for(member), {"answer": "no", "reason": "Away."})

    [message] = mail.outbox
    assert message.to == [programme_manager.email]


def test_the_wrong_person_twice_expired_and_overtaken_links_change_nothing(login, team, challenge):
    lead, member = team
    other = UserFactory(email="someone@example.org", role="associate")
    wrong = login(other).post(link_for(member), {"answer": "yes"})
    assert wrong.status_code == 403 and "sent to someone else" in wrong.content.decode()

    twice = login(lead.adviser.user).post(link_for(lead), {"answer": "no", "reason": "x"})
    assert twice.status_code == 409 and "already confirmed" in twice.content.decode()
    assert TeamMember.objects.filter(pk=lead.pk).exists()

    with time_machine.travel(timezone.now() - datetime.timedelta(days=15)):
        old = link_for(member)
    expired = login(member.adviser.user).post(old, {"answer": "yes"})
    assert expired.status_code == 410 and "This link has expired" in expired.content.decode()

    overtaken = link_for(member)
    PeerChallenge.objects.filter(pk=challenge.pk).update(
        on_site_starts_on=datetime.date(2025, 6, 9), on_site_ends_on=datetime.date(2025, 6, 13)
    )
    response = login(member.adviser.user).post(overtaken, {"answer": "yes"})
    assert "The on-site dates have changed since this email" in response.content.decode()

    member.refresh_from_db()
    assert not member.is_confirmed


def test_a_declined_place_answered_again_is_told_the_invitation_is_closed(login, team):
    _, member = team
    client = login(member.adviser.user)
    link = link_for(member)
    client.post(link, {"answer": "no", "reason": "Away."})

    response = client.post(link, {"answer": "yes"})

    assert response.status_code == 410
    assert "This invitation is no longer open" in response.content.decode()
    assert not TeamMember.objects.filter(pk=member.pk).exists()
