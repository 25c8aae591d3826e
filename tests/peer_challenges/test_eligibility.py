"""Team rules and fair proposals from the availability register."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from advisers.models import Accreditation
from peer_challenges import eligibility
from peer_challenges.models import TeamMember
from tests.factories.peer_challenges import ScopedChallengeFactory, TeamMemberFactory

Kind = Accreditation.Kind
LEAD, MEMBER = TeamMember.Role.LEAD_PEER, TeamMember.Role.MEMBER_PEER


def test_a_peer_who_keeps_every_rule_breaks_none(challenge, make_peer):
    assert eligibility.rule_breaches(challenge, make_peer("Ada Able"), LEAD) == []


@time_machine.travel(datetime.date(2025, 5, 1))
def test_an_accreditation_that_expired_before_the_on_site_week_is_named(challenge, make_peer):
    peer = make_peer(
        "Eve Expired", accredited=(datetime.date(2022, 1, 1), datetime.date(2025, 4, 30))
    )

    assert eligibility.rule_breaches(challenge, peer, MEMBER) == [
        "Eve Expired's lead accreditation expired on 30 April 2025, before the on-site dates."
    ]


@time_machine.travel(datetime.date(2025, 5, 1))
def test_an_accreditation_that_runs_out_during_the_week_is_named(challenge, make_peer):
    peer = make_peer(
        "Dee During", accredited=(datetime.date(2022, 1, 1), datetime.date(2025, 6, 4))
    )

    assert eligibility.rule_breaches(challenge, peer, MEMBER) == [
        "Dee During's lead accreditation expires on 4 June 2025, during the on-site dates."
    ]


def test_someone_not_yet_accredited_is_named(challenge, make_peer):
    peer = make_peer("Nat New", accredited=(datetime.date(2025, 6, 3), datetime.date(2028, 1, 1)))

    assert eligibility.rule_breaches(challenge, peer, MEMBER) == [
        "Nat New's lead accreditation starts on 3 June 2025, after the on-site dates begin."
    ]


def test_a_lead_peer_needs_the_lead_accreditation(challenge, make_peer):
    peer = make_peer("Mia Member", kind=Kind.PEER_CHALLENGE_MEMBER)

    assert eligibility.rule_breaches(challenge, peer, MEMBER) == []
    assert eligibility.rule_breaches(challenge, peer, LEAD) == [
        "Mia Member is not accredited to lead a peer challenge, so cannot be the lead peer."
    ]


def test_other_accreditations_do_not_count(challenge, make_peer):
    peer = make_peer("Di Diagnostic", kind=Kind.DIAGNOSTIC)

    assert eligibility.rule_breaches(challenge, peer, MEMBER) == [
        "Di Diagnostic holds no peer challenge accreditation."
    ]


def test_someone_unavailable_on_the_dates_is_named(challenge, make_peer):
    peer = make_peer("Una Away", available=(datetime.date(2025, 5, 1), datetime.date(2025, 6, 4)))

    assert eligibility.rule_breaches(challenge, peer, MEMBER) == [
        "Una Away has not said they are available from 2 June 2025 to 6 June 2025."
    ]


def test_someone_who_works_for_the_council_under_review_is_named(challenge, make_peer, camden):
    peer = make_peer("Cam Insider", home_council=camden)

    assert eligibility.rule_breaches(challenge, peer, MEMBER) == [
        "Cam Insider works for Camden, the council under review."
    ]


def test_someone_on_another_challenge_that_week_is_named(challenge, make_peer, islington):
    peer = make_peer("Bo Booked")
    TeamMemberFactory(
        adviser=peer,
        challenge=ScopedChallengeFactory(
            council=islington,
            on_site_starts_on=datetime.date(2025, 6, 5),
            on_site_ends_on=datetime.date(2025, 6, 9),
        ),
    )

    assert eligibility.rule_breaches(challenge, peer, MEMBER) == [
        "Bo Booked is on the peer challenge of Islington from 5 June 2025 to 9 June 2025, "
        "which overlaps these dates."
    ]


def test_a_cancelled_challenge_books_no_one(challenge, make_peer, islington):
    peer = make_peer("Free Again")
    other = ScopedChallengeFactory(council=islington, status="cancelled")
    TeamMemberFactory(adviser=peer, challenge=other)

    assert eligibility.rule_breaches(challenge, peer, MEMBER) == []


def test_proposals_leave_out_rule_breakers_and_put_the_least_recently_asked_first(
    challenge, make_peer, camden, islington, leeds
):
    make_peer("Nia Never")
    long_ago = make_peer("Lou Longago")
    recent = make_peer("Ray Recent")
    make_peer("Cam Insider", home_council=camden)
    make_peer("Una Away", available=None)
    make_peer("Eve Expired", accredited=(datetime.date(2020, 1, 1), datetime.date(2021, 1, 1)))
    for adviser, starts_on in [
        (long_ago, datetime.date(2023, 3, 6)),
        (recent, datetime.date(2025, 3, 3)),
        (recent, datetime.date(2024, 11, 4)),
    ]:
        TeamMemberFactory(
            adviser=adviser,
            challenge=ScopedChallengeFactory(
                council=islington,
                on_site_starts_on=starts_on,
                on_site_ends_on=starts_on + datetime.timedelta(days=4),
                status="closed",
            ),
        )

    with time_machine.travel(datetime.date(2025, 5, 1)):
        proposals = eligibility.proposals(challenge)

    assert [p.adviser.user.full_name for p in proposals] == [
        "Nia Never",
        "Lou Longago",
        "Ray Recent",
    ]
    assert [p.record.last_on_site for p in proposals] == [
        None,
        datetime.date(2023, 3, 6),
        datetime.date(2025, 3, 3),
    ]
    assert [p.record.in_last_12_months for p in proposals] == [0, 0, 2]


def test_proposals_leave_out_people_already_on_the_team(challenge, make_peer):
    on_team = make_peer("Tia Team")
    TeamMember.objects.create(challenge=challenge, adviser=on_team, role=MEMBER)

    assert eligibility.proposals(challenge) == []


@pytest.mark.parametrize("field", ["on_site_starts_on", "on_site_ends_on"])
def test_without_on_site_dates_no_one_is_proposed(field, challenge, make_peer):
    make_peer("Ada Able")
    setattr(challenge, field, None)

    assert eligibility.proposals(challenge) == []
    assert eligibility.rule_breaches(challenge, make_peer(), MEMBER) == [
        "Record the on-site dates before choosing the team."
    ]


def test_the_picker_lists_the_eligible_in_fairness_order_and_the_rest_with_true_reasons(
    challenge, make_peer, islington, leeds
):
    """Camden, on site 2 to 6 June 2025, choosing the lead peer (worked out by hand)."""
    make_peer("Nia Never")
    long_ago = make_peer("Lou Longago")
    busy_past = make_peer("Bea Busy")
    recent = make_peer("Ray Recent")
    make_peer("Mia Member", kind=Kind.PEER_CHALLENGE_MEMBER)
    make_peer("Lee Lapsed", accredited=(datetime.date(2022, 1, 1), datetime.date(2025, 5, 30)))
    make_peer("Nan None", accredited=None)
    make_peer("Una Away", available=(datetime.date(2025, 7, 1), datetime.date(2025, 7, 31)))
    clashing = make_peer("Cal Clash")
    history = [
        (long_ago, datetime.date(2023, 3, 6)),
        (busy_past, datetime.date(2023, 3, 6)),
        (busy_past, datetime.date(2022, 3, 7)),
        (recent, datetime.date(2025, 3, 3)),
        (clashing, datetime.date(2025, 6, 4)),
    ]
    for adviser, starts_on in history:
        TeamMemberFactory(
            adviser=adviser,
            challenge=ScopedChallengeFactory(
                council=islington,
                on_site_starts_on=starts_on,
                on_site_ends_on=starts_on + datetime.timedelta(days=4),
                status="closed" if starts_on.year < 2025 or starts_on.month < 6 else "scoping",
            ),
        )
    TeamMemberFactory(
        adviser=busy_past,
        challenge=ScopedChallengeFactory(
            council=leeds,
            on_site_starts_on=datetime.date(2024, 9, 2),
            on_site_ends_on=datetime.date(2024, 9, 6),
            status="closed",
        ),
    )

    with time_machine.travel(datetime.date(2025, 5, 1)):
        choice = eligibility.picker(challenge, LEAD)

    # Least recently asked first: never, then March 2023 with nought in the last year (Lou),
    # then Bea (last September 2024), then Ray (March 2025).
    assert [p.adviser.user.full_name for p in choice.eligible] == [
        "Nia Never",
        "Lou Longago",
        "Bea Busy",
        "Ray Recent",
    ]
    assert "Not yet asked onto a peer challenge" in choice.eligible[0].reasons
    assert "Works for Leeds, not Camden" in choice.eligible[0].reasons
    assert {r.adviser.user.full_name: r.reasons for r in choice.ineligible} == {
        "Mia Member": [
            "Mia Member is not accredited to lead a peer challenge, so cannot be the lead peer."
        ],
        "Lee Lapsed": [
            "Lee Lapsed's lead accreditation expires on 30 May 2025, before the on-site dates."
        ],
        "Nan None": ["Nan None holds no peer challenge accreditation."],
        "Una Away": ["Una Away has not said they are available from 2 June 2025 to 6 June 2025."],
        "Cal Clash": [
            "Cal Clash is on the peer challenge of Islington from 4 June 2025 to 8 June 2025, "
            "which overlaps these dates."
        ],
    }


def test_the_picker_for_a_member_place_takes_any_peer_accreditation(challenge, make_peer):
    make_peer("Mia Member", kind=Kind.PEER_CHALLENGE_MEMBER)

    choice = eligibility.picker(challenge, MEMBER)

    assert [p.adviser.user.full_name for p in choice.eligible] == ["Mia Member"]
    assert choice.ineligible == []
