"""A peer challenge's audit history in words: the challenge and the comings and goings of its team."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from improvement_portal.history import LIMIT, entries_in_words, merged, record_history
from peer_challenges.models import PeerChallenge, TeamMember


def challenge_history(challenge: PeerChallenge) -> list[dict[str, Any]]:
    """Newest first: changes to the challenge, and team members added, changed or removed."""
    key = str(challenge.pk)
    team = (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(TeamMember))
        .filter(Q(changes__challenge__0=key) | Q(changes__challenge__1=key))
        .select_related("actor")
    )
    return merged(
        record_history(challenge),
        entries_in_words(
            team[:LIMIT],
            TeamMember,
            hidden={"challenge"},
            about=lambda entry: f"team member {entry.object_repr}",
        ),
    )
