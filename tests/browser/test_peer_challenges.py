"""A principal adviser takes a peer challenge from request through scoping to a confirmed team."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from advisers.models import Accreditation, Adviser
from peer_challenges import services
from peer_challenges.models import PeerChallenge, StatusChange, TeamMember
from tests.browser.support import assert_accessible, log_in, screenshot, type_date
from tests.factories.accounts import UserFactory
from tests.factories.advisers import AccreditationFactory, AdviserFactory, AvailabilityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _peer(name: str, kind: str, home, starts_on: datetime.date) -> Adviser:
    adviser = AdviserFactory(
        user=UserFactory(full_name=name, role=Role.ASSOCIATE),
        kind=Adviser.Kind.ASSOCIATE,
        home_council=home,
    )
    AccreditationFactory(
        adviser=adviser,
        kind=kind,
        awarded_on=starts_on - datetime.timedelta(days=300),
        expires_on=starts_on + datetime.timedelta(days=300),
    )
    AvailabilityFactory(
        adviser=adviser,
        starts_on=starts_on - datetime.timedelta(days=14),
        ends_on=starts_on + datetime.timedelta(days=14),
    )
    return adviser


def test_a_principal_adviser_scopes_a_challenge_and_confirms_its_team(
    page, live_server, principal_adviser, camden, leeds
):
    today = timezone.localdate()
    starts_on = today + datetime.timedelta(weeks=8, days=-today.weekday())
    challenge = PeerChallenge.objects.create(council=camden, requested_by=principal_adviser)
    StatusChange.objects.create(
        challenge=challenge, to_status="requested", changed_by=principal_adviser
    )
    lead = _peer("Lena Lead", Accreditation.Kind.PEER_CHALLENGE_LEAD, leeds, starts_on)
    member = _peer("Mo Member", Accreditation.Kind.PEER_CHALLENGE_MEMBER, leeds, starts_on)

    log_in(page, live_server.url, principal_adviser.email)
    page.goto(f"{live_server.url}/peer-challenges/{challenge.pk}/")
    page.get_by_role("button", name="Start scoping").click()
    assert page.get_by_text("Scoping started.").is_visible()

    page.get_by_role("link", name="Change the scoping details").click()
    page.get_by_label("Front door and early help").check()
    page.get_by_label("Child protection").check()
    page.get_by_label("Key lines of enquiry").fill("How well are thresholds applied?")
    type_date(page, "First on-site day", starts_on)
    type_date(page, "Last on-site day", starts_on + datetime.timedelta(days=3))
    page.get_by_label("Subsidised").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save scoping details").click()
    assert page.get_by_text("Scoping details saved.").is_visible()

    page.get_by_role("link", name="Choose the team").click()
    assert page.get_by_role("cell", name="Lena Lead").is_visible()  # proposed
    page.get_by_label("Person").select_option(str(member.pk))
    page.get_by_role("radio", name="Lead peer").check()
    page.get_by_role("button", name="Add to the team").click()
    assert page.get_by_text(
        "Mo Member is not accredited to lead a peer challenge"
    ).first.is_visible()
    assert_accessible(page)  # the error summary and the message by the field
    page.get_by_label("Person").select_option(str(lead.pk))
    page.get_by_role("radio", name="Lead peer").check()
    page.get_by_role("button", name="Add to the team").click()
    page.get_by_label("Person").select_option(str(member.pk))
    page.get_by_role("radio", name="Member peer").check()
    page.get_by_role("button", name="Add to the team").click()
    assert page.get_by_text("Waiting for Lena Lead, Mo Member to confirm their place.").is_visible()
    screenshot(page, "peer-challenge-team")
    assert_accessible(page)

    # Both peers confirm their places from their own accounts: the last confirmation
    # confirms the team, with nothing left for the principal adviser to press.
    for place in TeamMember.objects.filter(challenge=challenge):
        services.confirm_team_place(member=place, actor=place.adviser.user)

    page.get_by_role("link", name="Back to the peer challenge").click()
    assert page.get_by_role("button", name="Confirm the team").count() == 0
    timeline = page.locator("h2:has-text('Timeline') + ol")
    assert timeline.get_by_text("Scoping started").is_visible()
    assert timeline.get_by_text("Team confirmed").first.is_visible()
    screenshot(page, "peer-challenge-team-confirmed")
    assert_accessible(page)
    challenge.refresh_from_db()
    assert challenge.status == "team_confirmed"
