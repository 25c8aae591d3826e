"""Choosing the team: proposals in fair order, and the form names the rule a person breaks."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from peer_challenges.models import TeamMember


def _url(challenge) -> str:
    return reverse("peer_challenges:team", args=[challenge.pk])


def test_lists_proposals_with_when_they_last_served(login, principal_adviser, challenge, make_peer):
    make_peer("Nia Never")

    response = login(principal_adviser).get(_url(challenge))

    html = response.content.decode()
    assert response.status_code == 200
    assert "People who can be the lead peer, least recently asked first" in html
    assert "Nia Never" in html
    assert "Never" in html
    assert "Nia Never (not yet on a challenge, 0 in the last 12 months, can lead)" in html


def test_adds_a_person_who_keeps_every_rule(login, principal_adviser, challenge, make_peer):
    peer = make_peer("Ada Able")

    response = login(principal_adviser).post(
        _url(challenge), {"adviser": peer.pk, "role": "lead_peer"}
    )

    assert response.status_code == 302
    member = TeamMember.objects.get(challenge=challenge)
    assert (member.adviser, member.role, member.added_by) == (peer, "lead_peer", principal_adviser)
    assert member.confirmed_at is None


@pytest.mark.parametrize(
    ("peer_options", "message"),
    [
        (
            {"accredited": (datetime.date(2021, 1, 1), datetime.date(2024, 12, 31))},
            "Rae Refused&#x27;s lead accreditation expired on 31 December 2024, "
            "before the on-site dates.",
        ),
        (
            {"available": (datetime.date(2025, 7, 1), datetime.date(2025, 7, 31))},
            "Rae Refused has not said they are available from 2 June 2025 to 6 June 2025.",
        ),
        ("same_council", "Rae Refused works for Camden, the council under review."),
    ],
    ids=["expired accreditation", "unavailable", "same council"],
)
def test_refuses_a_person_who_breaks_a_rule_and_says_which(
    peer_options, message, login, principal_adviser, challenge, make_peer, camden
):
    options = {"home_council": camden} if peer_options == "same_council" else peer_options
    peer = make_peer("Rae Refused", **options)

    response = login(principal_adviser).post(
        _url(challenge), {"adviser": peer.pk, "role": "member_peer"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    # In the error summary, by the field, and in the list of those who cannot take the place.
    assert html.count(message) == 3
    assert not TeamMember.objects.filter(challenge=challenge).exists()


def test_a_second_lead_is_refused(login, principal_adviser, challenge, make_peer):
    TeamMember.objects.create(challenge=challenge, adviser=make_peer("Lena Lead"), role="lead_peer")
    other = make_peer("Otto Other")

    response = login(principal_adviser).post(
        _url(challenge), {"adviser": other.pk, "role": "lead_peer"}
    )

    assert "This team already has a lead peer. Remove them first" in response.content.decode()
    assert challenge.team.count() == 1


def test_asks_for_a_person_and_a_role_in_plain_words(login, principal_adviser, challenge):
    html = login(principal_adviser).post(_url(challenge), {}).content.decode()

    assert "Choose a person to add to the team" in html
    assert "Choose the person&#x27;s role on the team" in html
    assert "This field is required" not in html


def test_removes_a_person(login, principal_adviser, challenge, make_peer):
    member = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer("Ada Able"), role="member_peer"
    )
    url = reverse("peer_challenges:team-remove", args=[challenge.pk, member.pk])
    client = login(principal_adviser)

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not TeamMember.objects.filter(pk=member.pk).exists()


def test_the_team_is_fixed_once_confirmed(login, principal_adviser, challenge):
    challenge.status = "team_confirmed"
    challenge.save()

    assert login(principal_adviser).get(_url(challenge)).status_code == 403


@pytest.mark.parametrize("persona", ["programme_manager", "principal_adviser"])
def test_managers_choose_the_team(persona, request, login, challenge):
    assert login(request.getfixturevalue(persona)).get(_url(challenge)).status_code == 200


def test_a_team_member_cannot_choose_the_team(login, associate, challenge, make_peer):
    TeamMember.objects.create(
        challenge=challenge, adviser=make_peer(user=associate), role="member_peer"
    )

    assert login(associate).get(_url(challenge)).status_code == 403


@pytest.mark.parametrize("persona", ["improvement_adviser", "councillor"])
def test_roles_that_never_manage_challenges_are_refused_the_team_page(
    persona, request, login, challenge
):
    assert login(request.getfixturevalue(persona)).get(_url(challenge)).status_code == 403


def test_a_principal_adviser_of_another_region_does_not_find_it(login, challenge, leeds):
    from accounts.roles import Role
    from tests.factories.accounts import UserFactory

    yorkshire_pa = UserFactory(role=Role.PRINCIPAL_ADVISER, region=leeds.region)

    assert login(yorkshire_pa).get(_url(challenge)).status_code == 404


def test_the_picker_lists_who_cannot_take_the_place_apart_with_the_true_reason(
    login, principal_adviser, challenge, make_peer
):
    make_peer("Ada Able")
    make_peer(
        "Lee Lapsed",
        accredited=(datetime.date(2023, 1, 1), datetime.date(2025, 5, 30)),
    )

    html = login(principal_adviser).get(_url(challenge) + "?place=lead_peer").content.decode()

    picker = html.split('id="picker"')[1]
    eligible, ineligible = picker.split("cannot be the lead peer, and why")
    assert "Ada Able" in eligible and "Lee Lapsed" not in eligible
    assert "Lead peer accreditation valid until 1 January 2027" not in ineligible
    assert "Lee Lapsed&#x27;s lead accreditation expired on 30 May 2025" in ineligible


def test_adding_someone_already_on_the_team_names_the_reason(
    login, principal_adviser, challenge, make_peer
):
    peer = make_peer("Tia Team")
    TeamMember.objects.create(challenge=challenge, adviser=peer, role="member_peer")

    html = (
        login(principal_adviser)
        .post(_url(challenge), {"adviser": peer.pk, "role": "councillor_peer"})
        .content.decode()
    )

    assert "Tia Team is already on this team" in html
    assert challenge.team.get().role == "member_peer"


def test_a_manager_records_a_confirmation_given_by_phone_and_it_is_audited(
    login, principal_adviser, challenge, make_peer
):
    from auditlog.models import LogEntry

    member = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer("Pip Phone"), role="member_peer"
    )
    url = reverse("peer_challenges:team-record-confirmation", args=[challenge.pk, member.pk])
    client = login(principal_adviser)

    assert "Say how the confirmation was received" in client.post(url, {}).content.decode()
    assert not TeamMember.objects.get(pk=member.pk).is_confirmed
    client.post(url, {"note": "By phone to the programme team on 3 March."})

    member.refresh_from_db()
    assert (member.confirmed_by, member.confirmation_note) == (
        principal_adviser,
        "By phone to the programme team on 3 March.",
    )
    entry = LogEntry.objects.get_for_object(member).latest("timestamp")
    assert entry.actor == principal_adviser
    assert "confirmation_note" in entry.changes_dict
    page = client.get(_url(challenge)).content.decode()
    assert f"Recorded by {principal_adviser.full_name}: By phone" in page


def test_the_team_shows_each_member_invited_or_confirmed_with_dates(
    login, principal_adviser, challenge, make_peer
):
    import time_machine
    from django.utils import timezone

    with time_machine.travel(datetime.datetime(2025, 4, 1, 9, 0, tzinfo=datetime.UTC)):
        TeamMember.objects.create(
            challenge=challenge, adviser=make_peer("Ivy Invited"), role="member_peer"
        )
        TeamMember.objects.create(
            challenge=challenge,
            adviser=make_peer("Cy Confirmed"),
            role="lead_peer",
            confirmed_at=timezone.now() + datetime.timedelta(days=2),
        )

    page = login(principal_adviser).get(_url(challenge)).content.decode()

    ivy = page.split("Ivy Invited</td>")[1].split("</tr>")[0]
    cy = page.split("Cy Confirmed</td>")[1].split("</tr>")[0]
    assert "Invited" in ivy and "1 April 2025" in ivy
    assert "Confirmed" in cy and "3 April 2025" in cy


def test_a_date_change_flags_exactly_the_member_who_no_longer_fits(
    login, principal_adviser, challenge, make_peer
):
    from peer_challenges import eligibility, services

    stays = TeamMember.objects.create(
        challenge=challenge,
        adviser=make_peer(
            "Sam Stays", available=(datetime.date(2025, 5, 1), datetime.date(2025, 7, 31))
        ),
        role="lead_peer",
    )
    leaves = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer("Gus Gone"), role="member_peer"
    )
    assert eligibility.members_who_no_longer_fit(challenge) == {}

    services.update_scoping(
        challenge=challenge,
        focus=challenge.focus,
        key_lines_of_enquiry=challenge.key_lines_of_enquiry,
        on_site_starts_on=datetime.date(2025, 7, 7),
        on_site_ends_on=datetime.date(2025, 7, 11),
        funding=challenge.funding,
        actor=principal_adviser,
    )
    challenge.refresh_from_db()

    flagged = eligibility.members_who_no_longer_fit(challenge)
    assert list(flagged) == [leaves.pk]
    assert flagged[leaves.pk] == [
        "Gus Gone has not said they are available from 7 July 2025 to 11 July 2025."
    ]
    page = login(principal_adviser).get(challenge.get_absolute_url()).content.decode()
    assert page.count("No longer fits") == 1
    assert "No longer fits" in page.split("Gus Gone</td>")[1].split("</tr>")[0]
    assert stays.pk not in flagged


def test_a_declined_place_is_shown_with_its_dates_and_reason(
    login, principal_adviser, challenge, make_peer
):
    from peer_challenges import services

    member = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer("Dan Declined"), role="member_peer"
    )
    services.keep_declined_place(member=member, reason="On leave that week.")
    member.delete()

    page = login(principal_adviser).get(_url(challenge)).content.decode()

    declined = page.split("Places declined")[1]
    assert "Dan Declined" in declined
    assert "Declined" in declined and "On leave that week." in declined
