"""Services: requesting, scoping, the team, the letter and the follow-up, with their guards."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from peer_challenges import services
from peer_challenges.models import PeerChallenge, TeamMember
from tests.peer_challenges.conftest import give_ready_team


def test_a_principal_adviser_requests_a_challenge_for_a_council_in_their_region(
    principal_adviser, camden
):
    challenge = services.request_peer_challenge(
        council=camden, request_notes="  The front door.  ", actor=principal_adviser
    )

    assert challenge.status == "requested"
    assert challenge.request_notes == "The front door."
    step = challenge.status_changes.get()
    assert (step.from_status, step.to_status, step.changed_by) == (
        "",
        "requested",
        principal_adviser,
    )


def test_a_principal_adviser_cannot_request_for_another_region(principal_adviser, leeds):
    with pytest.raises(PermissionDenied):
        services.request_peer_challenge(council=leeds, actor=principal_adviser)


@pytest.mark.parametrize("persona", ["improvement_adviser", "associate", "councillor"])
def test_others_cannot_request(persona, request, camden):
    with pytest.raises(PermissionDenied):
        services.request_peer_challenge(council=camden, actor=request.getfixturevalue(persona))


def test_scoping_records_focus_enquiry_dates_and_funding(challenge, principal_adviser):
    challenge.status = "requested"
    challenge.save()

    services.update_scoping(
        challenge=challenge,
        actor=principal_adviser,
        focus=["care_leavers"],
        key_lines_of_enquiry="Do care leavers have somewhere safe to live?",
        on_site_starts_on=datetime.date(2025, 9, 8),
        on_site_ends_on=datetime.date(2025, 9, 11),
        funding="subsidised",
    )

    challenge.refresh_from_db()
    assert challenge.focus_labels == ["Care leavers"]
    assert (challenge.on_site_starts_on, challenge.on_site_ends_on) == (
        datetime.date(2025, 9, 8),
        datetime.date(2025, 9, 11),
    )
    assert challenge.get_funding_display() == "Subsidised"
    entry = LogEntry.objects.get_for_object(challenge).latest("timestamp")
    assert entry.actor == principal_adviser
    assert "funding" in entry.changes_dict


def test_scoping_is_fixed_once_the_team_is_confirmed(challenge, principal_adviser):
    challenge.status = "team_confirmed"
    challenge.save()

    with pytest.raises(PermissionDenied):
        services.update_scoping(
            challenge=challenge,
            actor=principal_adviser,
            focus=[],
            key_lines_of_enquiry="",
            on_site_starts_on=None,
            on_site_ends_on=None,
            funding="",
        )


def test_the_service_refuses_a_rule_breaker_too(challenge, make_peer, camden, principal_adviser):
    insider = make_peer("Cam Insider", home_council=camden)

    with pytest.raises(ValidationError, match="works for Camden, the council under review"):
        services.add_team_member(
            challenge=challenge, adviser=insider, role="member_peer", actor=principal_adviser
        )


def test_adding_a_team_member_is_kept_in_the_audit_history(challenge, make_peer, principal_adviser):
    member = services.add_team_member(
        challenge=challenge,
        adviser=make_peer("Ada Able"),
        role="lead_peer",
        actor=principal_adviser,
    )

    entry = LogEntry.objects.get_for_object(member).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == principal_adviser


def test_only_the_person_confirms_their_own_place(
    challenge, make_peer, associate, principal_adviser
):
    place = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer(user=associate), role="member_peer"
    )

    with pytest.raises(PermissionDenied):
        services.confirm_team_place(member=place, actor=principal_adviser)

    services.confirm_team_place(member=place, actor=associate)
    first = TeamMember.objects.get(pk=place.pk).confirmed_at
    services.confirm_team_place(member=place, actor=associate)
    assert TeamMember.objects.get(pk=place.pk).confirmed_at == first is not None


def test_writing_the_letter_prepares_its_pdf_after_commit(
    challenge, make_peer, principal_adviser, django_capture_on_commit_callbacks
):
    lead, _ = give_ready_team(challenge, make_peer)
    challenge.status = "on_site"
    challenge.save()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.write_feedback_letter(
            challenge=challenge,
            strengths="Strong partnerships.",
            areas_for_consideration="Supervision.",
            recommendations="Refresh the practice model.",
            actor=lead.adviser.user,
        )

    challenge.refresh_from_db()
    assert challenge.letter_status == "preparing"
    assert challenge.letter_revision == 1
    assert len(callbacks) == 1


def test_only_the_lead_or_a_manager_writes_the_letter(challenge, make_peer):
    _, member = give_ready_team(challenge, make_peer)
    challenge.status = "on_site"
    challenge.save()

    with pytest.raises(PermissionDenied):
        services.write_feedback_letter(
            challenge=challenge,
            strengths="x",
            areas_for_consideration="y",
            recommendations="z",
            actor=member.adviser.user,
        )


def test_the_lead_may_send_the_letter_but_not_take_other_steps(challenge, make_peer):
    lead, _ = give_ready_team(challenge, make_peer)

    with pytest.raises(PermissionDenied):
        services.move_challenge(
            challenge=challenge, to_status="team_confirmed", actor=lead.adviser.user
        )

    PeerChallenge.objects.filter(pk=challenge.pk).update(
        status="on_site",
        strengths="a",
        areas_for_consideration="b",
        recommendations="c",
        letter_status="ready",
        letter_pdf="peer_challenges/letters/letter.pdf",
    )
    services.move_challenge(challenge=challenge, to_status="feedback_sent", actor=lead.adviser.user)
    challenge.refresh_from_db()
    assert challenge.status == "feedback_sent"


def test_records_the_follow_up_after_feedback(challenge, principal_adviser):
    challenge.status = "feedback_sent"
    challenge.save()

    services.record_follow_up(
        challenge=challenge,
        follow_up_on=datetime.date(2025, 12, 1),
        follow_up_notes=" Good progress on thresholds. ",
        actor=principal_adviser,
    )

    challenge.refresh_from_db()
    assert challenge.follow_up_on == datetime.date(2025, 12, 1)
    assert challenge.follow_up_notes == "Good progress on thresholds."


def test_the_letter_pdf_names_the_council_for_every_team_member(challenge, make_peer, camden):
    """A member with no home council used to leave the team table's Council column blank."""
    import io

    from pypdf import PdfReader

    from improvement_portal import pdf

    lead, member = give_ready_team(challenge, make_peer)
    member.adviser.home_council = None
    member.adviser.save(update_fields=["home_council"])
    challenge.strengths = "Strong partnerships."
    challenge.areas_for_consideration = "Supervision."
    challenge.recommendations = "Refresh the practice model."

    context = services.letter_context(challenge)
    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(pdf.render_pdf(services.LETTER_TEMPLATE, context))).pages
    )

    assert [row["council"] for row in context["rows"]] == ["Leeds", "Independent associate"]
    assert "Peer challenge of Camden" in text  # the running header on every page
    text = " ".join(text.split())
    assert "Children's services peer challenge: Camden" in text
    assert "Dear colleagues at Camden" in text
    assert "Independent associate" in text


def _scoped_fully(challenge: PeerChallenge) -> None:
    challenge.focus = ["child_protection"]
    challenge.key_lines_of_enquiry = "How well are thresholds understood?"
    challenge.funding = "free"
    challenge.save()


def test_the_team_is_confirmed_only_after_the_last_place_is(
    challenge, make_peer, principal_adviser
):
    _scoped_fully(challenge)
    lead = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer("Lena Lead"), role="lead_peer"
    )
    first = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer("Fay First"), role="member_peer"
    )
    last = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer("Lou Last"), role="member_peer"
    )

    services.confirm_team_place(member=lead, actor=lead.adviser.user)
    services.record_confirmation(member=first, note="By email.", actor=principal_adviser)
    with pytest.raises(ValidationError, match="Waiting for Lou Last to confirm"):
        services.move_challenge(
            challenge=challenge, to_status="team_confirmed", actor=principal_adviser
        )
    assert PeerChallenge.objects.get(pk=challenge.pk).status == "scoping"

    services.confirm_team_place(member=last, actor=last.adviser.user)
    services.move_challenge(
        challenge=challenge, to_status="team_confirmed", actor=principal_adviser
    )

    assert PeerChallenge.objects.get(pk=challenge.pk).status == "team_confirmed"


def test_confirming_for_a_person_who_declined_is_refused_with_the_day_they_declined(
    challenge, make_peer, principal_adviser
):
    import time_machine

    member = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer("Dan Declined"), role="member_peer"
    )
    with time_machine.travel(datetime.datetime(2025, 4, 3, 12, 0, tzinfo=datetime.UTC)):
        services.keep_declined_place(member=member, reason="On leave that week.")
    TeamMember.objects.filter(pk=member.pk).delete()

    with pytest.raises(ValidationError, match="Dan Declined declined their place on 3 April 2025"):
        services.record_confirmation(member=member, note="By phone.", actor=principal_adviser)

    assert not TeamMember.objects.filter(challenge=challenge).exists()


def test_recording_a_confirmation_for_someone_no_longer_on_the_team_names_the_reason(
    challenge, make_peer, principal_adviser
):
    member = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer("Dee Declined"), role="member_peer"
    )
    TeamMember.objects.filter(pk=member.pk).delete()

    with pytest.raises(ValidationError, match="Dee Declined is no longer on the team: they were"):
        services.record_confirmation(member=member, note="By phone.", actor=principal_adviser)

    assert not TeamMember.objects.filter(challenge=challenge).exists()


def test_only_the_challenges_managers_record_a_confirmation(challenge, make_peer):
    member = TeamMember.objects.create(
        challenge=challenge, adviser=make_peer("Ann Other"), role="member_peer"
    )

    with pytest.raises(PermissionDenied):
        services.record_confirmation(member=member, note="Trust me.", actor=member.adviser.user)

    assert not TeamMember.objects.get(pk=member.pk).is_confirmed
