"""Who may see and do what with peer challenges (DESIGN.md, "Roles").

Programme managers: everything. Principal advisers: manage the challenges of councils in their
region. Team members (associates, CIAs, PAs on a team): see the challenges they are on; the
lead peer writes and sends the feedback letter. Councillors: see a challenge of their own
council once its feedback letter has been sent, and nothing else.

What the reviewed council sees of a sent challenge: its scoping, its team, the letter, the date
of the follow-up conversation (they take part in it) and the steps of the timeline with their
dates. The follow-up notes and the timeline's notes and names are the programme's own record
(how the council is getting on, why a step was taken, who took it) and stay with the people
running the challenge: managers and the team (``can_read_internal_notes``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from accounts.permissions import can_use_area
from councils.models import Council
from peer_challenges.models import PeerChallenge, PeerChallengeQuerySet, TeamMember

Status = PeerChallenge.Status
SCOPING_EDITABLE = (Status.REQUESTED, Status.SCOPING)
FOLLOW_UP_EDITABLE = (Status.FEEDBACK_SENT, Status.CLOSED)


def visible_to(user: Any) -> PeerChallengeQuerySet:
    """The challenges this user may see at all."""
    challenges = PeerChallenge.objects.all()
    if not can_use_area(user, "peer_challenges"):
        return challenges.none()
    if user.is_programme_manager:
        return challenges
    on_team = Exists(TeamMember.objects.filter(challenge=OuterRef("pk"), adviser__user=user))
    if user.is_principal_adviser:
        return challenges.filter(on_team | _in_region(user))
    if user.is_councillor:
        if user.council_id is None:
            return challenges.none()
        return challenges.filter(council_id=user.council_id, letter_sent_at__isnull=False)
    return challenges.filter(on_team)


def _in_region(user: Any) -> Q:
    if user.region_id is None:
        return Q(pk__in=[])
    return Q(council__region_id=user.region_id)


def can_request_any(user: Any) -> bool:
    """Programme managers and principal advisers ask for peer challenges on councils' behalf."""
    return can_use_area(user, "peer_challenges") and (
        user.is_programme_manager or (user.is_principal_adviser and user.region_id is not None)
    )


def can_request_for(user: Any, council: Council) -> bool:
    if not can_request_any(user):
        return False
    return user.is_programme_manager or council.region_id == user.region_id


def councils_for_request(user: Any) -> Any:
    """The councils this user may request a peer challenge for."""
    councils = Council.objects.current().select_related("region")
    if not can_request_any(user):
        return councils.none()
    if user.is_programme_manager:
        return councils
    return councils.filter(region_id=user.region_id)


def can_manage_challenge(user: Any, challenge: PeerChallenge) -> bool:
    if not can_use_area(user, "peer_challenges"):
        return False
    if user.is_programme_manager:
        return True
    return user.is_principal_adviser and challenge.council.region_id == user.region_id


def place_of(user: Any, challenge: PeerChallenge) -> TeamMember | None:
    """The user's place on the challenge's team, if they have one (uses a prefetched team)."""
    for member in challenge.team.all():
        if member.adviser.user_id == user.pk:
            return member
    return None


def is_lead(user: Any, challenge: PeerChallenge) -> bool:
    place = place_of(user, challenge)
    return place is not None and place.is_lead


def can_take_step(user: Any, challenge: PeerChallenge, step: Any) -> bool:
    """Managers take every step; the lead peer also takes the steps the workflow gives them."""
    if can_manage_challenge(user, challenge):
        return True
    return bool(step.lead_may_take) and is_lead(user, challenge)


def can_edit_scoping(user: Any, challenge: PeerChallenge) -> bool:
    return challenge.status in SCOPING_EDITABLE and can_manage_challenge(user, challenge)


def can_edit_team(user: Any, challenge: PeerChallenge) -> bool:
    return challenge.status == Status.SCOPING and can_manage_challenge(user, challenge)


def can_confirm_place(user: Any, member: TeamMember) -> bool:
    return (
        member.adviser.user_id == user.pk
        and member.challenge.status == Status.SCOPING
        and not member.is_confirmed
    )


def can_write_letter(user: Any, challenge: PeerChallenge) -> bool:
    """The lead writes the letter after the on-site week; managers may step in."""
    if challenge.status != Status.ON_SITE:
        return False
    return is_lead(user, challenge) or can_manage_challenge(user, challenge)


def can_read_letter(user: Any, challenge: PeerChallenge) -> bool:
    """The team and managers read drafts; a councillor only ever sees a challenge once sent."""
    if challenge.letter_sent_at is not None:
        return True
    return place_of(user, challenge) is not None or can_manage_challenge(user, challenge)


def can_prepare_letter(user: Any, challenge: PeerChallenge) -> bool:
    """Render the PDF again from the saved text: the lead or a manager, once it is written."""
    if challenge.missing_letter_sections():
        return False
    return is_lead(user, challenge) or can_manage_challenge(user, challenge)


def can_read_internal_notes(user: Any, challenge: PeerChallenge) -> bool:
    """Follow-up notes, and who took each step and why: managers and the team only."""
    return can_manage_challenge(user, challenge) or place_of(user, challenge) is not None


def can_record_follow_up(user: Any, challenge: PeerChallenge) -> bool:
    return challenge.status in FOLLOW_UP_EDITABLE and can_manage_challenge(user, challenge)


def get_challenge_for_user(user: Any, pk: int, *, manage: bool = False) -> PeerChallenge:
    """The challenge if the user may see it (404 otherwise); with ``manage``, 403 unless they
    may manage it."""
    challenge = (
        visible_to(user)
        .select_related("council__region", "requested_by")
        .prefetch_related("team__adviser__user")
        .filter(pk=pk)
        .first()
    )
    if challenge is None:
        raise Http404("No such peer challenge")
    if manage and not can_manage_challenge(user, challenge):
        raise PermissionDenied
    return challenge
