"""The peer challenges area's part of a subject-access export (see ``accounts.personal_data``)."""

from __future__ import annotations

from typing import Any

from accounts import personal_data
from accounts.models import User
from peer_challenges.models import DeclinedPlace, PeerChallenge, StatusChange, TeamMember

CHALLENGE_FIELDS = (
    "council",
    "requested_by",
    "requested_on",
    "request_notes",
    "status",
    "focus",
    "on_site_starts_on",
    "on_site_ends_on",
    "created_at",
)


def export(user: User) -> dict[str, Any]:
    places = TeamMember.objects.filter(adviser__user=user) | TeamMember.objects.filter(
        added_by=user
    )
    return {
        "team_places": personal_data.section(
            places.select_related("challenge__council", "adviser__user", "added_by")
        ),
        "peer_challenges_requested": personal_data.section(
            PeerChallenge.objects.filter(requested_by=user).select_related(
                "council", "requested_by"
            ),
            fields=CHALLENGE_FIELDS,
        ),
        "team_confirmations_recorded_for_others": personal_data.section(
            TeamMember.objects.filter(confirmed_by=user)
            .exclude(pk__in=places.values("pk"))
            .select_related("challenge__council", "confirmed_by"),
            fields=("challenge", "role", "confirmed_at", "confirmed_by", "confirmation_note"),
        ),
        "team_places_declined": personal_data.section(
            DeclinedPlace.objects.filter(adviser__user=user).select_related(
                "challenge__council", "adviser__user"
            )
        ),
        "follow_ups_owned": personal_data.section(
            PeerChallenge.objects.filter(follow_up_owner=user).select_related(
                "council", "follow_up_owner"
            ),
            fields=("council", "follow_up_on", "follow_up_owner", "follow_up_checks"),
        ),
        "status_changes": personal_data.section(
            StatusChange.objects.filter(changed_by=user).select_related(
                "challenge__council", "changed_by"
            )
        ),
    }


def erase(user: User, *, actor: User | None) -> dict[str, int]:
    """Challenges, teams and their steps are programme records about councils: kept as they are."""
    return {}
