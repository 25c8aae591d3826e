"""The mentoring area's part of a subject-access export and of erasure (see
``accounts.personal_data``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts import personal_data
from accounts.models import User
from mentoring.models import (
    GroupOfficeReferral,
    Match,
    Mentor,
    MentoringFeedback,
    MentoringRequest,
    MentoringSession,
)

# What a programme manager's export shows of requests and matches they handled for others.
REQUEST_ACTION_FIELDS = ("council", "kind", "status", "requested_on", "requested_by", "created_at")
MATCH_ACTION_FIELDS = (
    "status",
    "proposed_by",
    "proposed_on",
    "responded_on",
    "started_on",
    "completed_on",
)


def _own_matches(user: User) -> Q:
    return Q(request__mentee=user) | Q(mentor__user=user)


def export(user: User) -> dict[str, Any]:
    matches = Match.objects.select_related("request__mentee", "mentor__user", "proposed_by")
    own_matches = matches.filter(_own_matches(user))
    sessions = MentoringSession.objects.select_related("match__request__mentee", "logged_by")
    return {
        "mentor_profile": personal_data.section(
            Mentor.objects.filter(user=user).select_related("user", "council", "region")
        ),
        "mentoring_requests": personal_data.section(
            MentoringRequest.objects.filter(mentee=user).select_related(
                "mentee", "council", "requested_by"
            )
        ),
        "mentoring_requests_made_for_others": personal_data.section(
            MentoringRequest.objects.filter(requested_by=user)
            .exclude(mentee=user)
            .select_related("council", "requested_by"),
            fields=REQUEST_ACTION_FIELDS,
        ),
        "matches": personal_data.section(own_matches),
        "matches_proposed_for_others": personal_data.section(
            matches.filter(proposed_by=user).exclude(_own_matches(user)),
            fields=MATCH_ACTION_FIELDS,
        ),
        "mentoring_sessions": personal_data.section(
            sessions.filter(match__in=own_matches.values("pk"))
        ),
        "mentoring_sessions_logged_for_others": personal_data.section(
            sessions.filter(logged_by=user).exclude(match__in=own_matches.values("pk")),
            fields=("match", "held_on", "duration_minutes", "logged_by"),
        ),
        "group_office_asks_made": personal_data.section(
            GroupOfficeReferral.objects.filter(
                Q(asked_by=user) | Q(answer_recorded_by=user)
            ).select_related("office", "request", "mentor__user", "asked_by", "answer_recorded_by"),
            fields=("office", "ask", "asked_by", "asked_on", "answer", "answered_on"),
        ),
        "group_office_nominations": personal_data.section(
            GroupOfficeReferral.objects.filter(mentor__user=user).select_related(
                "office", "mentor__user", "asked_by"
            ),
            fields=("office", "ask", "mentor", "asked_on", "answer", "answered_on"),
        ),
        "mentoring_feedback": personal_data.section(
            MentoringFeedback.objects.filter(match__in=own_matches.values("pk")).select_related(
                "match__request__mentee", "match__mentor__user"
            )
        ),
    }


def erase(user: User, *, actor: User | None) -> dict[str, int]:
    """Needs, notes, reasons and comments blanked; requests, matches and their dates kept.

    A mentor's profile is also paused: an erased person can no longer be proposed as a mentor
    (the pool's free places change; the programme's matches made, active and completed do not).
    """
    matches = Match.objects.filter(_own_matches(user)).values("pk")
    return {
        "mentoring request needs blanked": personal_data.blank_text(
            MentoringRequest.objects.filter(mentee=user), ["needs"]
        ),
        "match reasons for declining blanked": personal_data.blank_text(
            Match.objects.filter(pk__in=matches), ["decline_reason"]
        ),
        "match goals and outcomes blanked": personal_data.blank_text(
            Match.objects.filter(pk__in=matches), ["goals", "mentor_outcome", "mentee_outcome"]
        ),
        "mentoring session notes blanked": personal_data.blank_text(
            MentoringSession.objects.filter(match__in=matches), ["private_notes"]
        ),
        "mentoring feedback comments blanked": personal_data.blank_text(
            MentoringFeedback.objects.filter(match__in=matches), ["comments"]
        ),
        "mentor profile blanked": personal_data.blank_text(
            Mentor.objects.filter(user=user), ["bio"]
        ),
        "mentor profile paused": Mentor.objects.filter(user=user, is_active=True).update(
            is_active=False
        ),
    }
