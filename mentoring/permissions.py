"""Who may see and do what in mentoring.

The ``mentoring`` area is for programme managers and councillors. Within it: a mentee sees their
own requests and, once a mentor has said yes, their match; a mentor sees the matches they are
asked into; programme managers see everything. Session notes are for the pair and programme
managers only, which is exactly who can see a match.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mentoring.models import Match, Mentor, MentoringRequest


def is_programme_manager(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_programme_manager)


def mentor_profile_for(user: Any) -> Mentor | None:
    """The user's mentor profile, if they are in the mentor pool."""
    if not user.is_authenticated or not user.is_councillor:
        return None
    return Mentor.objects.filter(user=user).select_related("council", "region").first()


def is_mentor_of(user: Any, match: Match) -> bool:
    return match.mentor.user_id == user.pk


def is_mentee_of(user: Any, match: Match) -> bool:
    return match.request.mentee_id == user.pk


def can_read_session_notes(user: Any, match: Match) -> bool:
    return is_programme_manager(user) or is_mentor_of(user, match) or is_mentee_of(user, match)


def can_request_mentoring(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_councillor or user.is_programme_manager))


def can_propose_match(user: Any) -> bool:
    return is_programme_manager(user)


def can_accept_match(user: Any, match: Match) -> bool:
    return is_mentor_of(user, match) and match.can_move_to(Match.Status.ACCEPTED)


def can_decline_match(user: Any, match: Match) -> bool:
    """The mentor may say no; a programme manager may withdraw the proposal."""
    allowed = is_mentor_of(user, match) or is_programme_manager(user)
    return allowed and match.can_move_to(Match.Status.DECLINED)


def can_start_match(user: Any, match: Match) -> bool:
    allowed = is_mentor_of(user, match) or is_programme_manager(user)
    return allowed and match.can_move_to(Match.Status.ACTIVE)


def can_complete_match(user: Any, match: Match) -> bool:
    allowed = is_mentor_of(user, match) or is_programme_manager(user)
    return allowed and match.can_move_to(Match.Status.COMPLETED)


def can_log_session(user: Any, match: Match) -> bool:
    in_progress = match.status in (Match.Status.ACCEPTED, Match.Status.ACTIVE)
    return in_progress and can_read_session_notes(user, match)


def can_give_feedback(user: Any, match: Match) -> bool:
    completed = match.status == Match.Status.COMPLETED
    return completed and is_mentee_of(user, match) and not hasattr(match, "feedback")


def can_read_feedback(user: Any, match: Match) -> bool:
    return is_programme_manager(user) or is_mentee_of(user, match)


def can_edit_mentor(user: Any, mentor: Mentor) -> bool:
    return is_programme_manager(user) or mentor.user_id == user.pk


def get_match_for_user(user: Any, pk: int) -> Match:
    """The match if the user may see it (404 otherwise), with everyone on it loaded."""
    match = (
        Match.objects.visible_to(user)
        .select_related(
            "mentor__user",
            "mentor__council",
            "request__mentee",
            "request__council",
            "proposed_by",
            "feedback",
        )
        .filter(pk=pk)
        .first()
    )
    if match is None:
        raise Http404("No such match.")
    return match


def get_request_for_user(user: Any, pk: int) -> MentoringRequest:
    """The mentoring request if the user may see it (404 otherwise)."""
    found = (
        MentoringRequest.objects.visible_to(user)
        .select_related("mentee__mentor_profile", "council__region", "requested_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such mentoring request.")
    return found


def get_mentor_for_user(user: Any, pk: int, *, edit: bool = False) -> Mentor:
    """A mentor profile the user may see (404 otherwise); 403 if asked to edit without leave."""
    mentor = (
        Mentor.objects.visible_to(user).select_related("user", "council", "region").filter(pk=pk)
    ).first()
    if mentor is None:
        raise Http404("No such mentor.")
    if edit and not can_edit_mentor(user, mentor):
        raise PermissionDenied
    return mentor
